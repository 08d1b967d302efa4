/**
 * Triage of one symptom report into a red, amber or green alert (spec section 3).
 *
 * Anchors: UKONS 24-hour triage tool (one amber = active monitoring; red or two ambers = urgent
 * assessment; acute emergencies call emergency services), UKONS/NICE temperature thresholds, and
 * the STAR trial's "grade 3 or a rise of 2 grades" alert rule. Every threshold here is a product
 * default that each organisation's clinicians may override, hence TriageSettings.
 *
 * "Can this wait until your next appointment?" (canWait): recorded with the report and shown to
 * clinicians, but by default it never lowers a red or amber level. PRO-TECT found patients'
 * own urgency rating cut alerts, yet a missed deterioration during chemotherapy can be fatal, so
 * only an organisation can opt in (canWaitDowngradesSingleAmber), and even then only a report
 * whose sole concern is one amber symptom drops to green. Red is never downgraded.
 */
import { z } from "zod";
import type { CompositeGrade } from "../grading/composite-table";
import { type SymptomCode, symptomItem } from "../grading/items";
import { isRedFlag, RED_FLAG_CODES, RED_FLAG_LABELS, type RedFlag } from "./red-flags";

export { isRedFlag, RED_FLAG_CODES, RED_FLAG_LABELS, type RedFlag } from "./red-flags";

/** Alert level of a report or of one symptom. */
export type TriageLevel = "red" | "amber" | "green";

/** Thresholds and response targets an organisation's clinicians sign off. */
export interface TriageSettings {
  /** Composite grade at or above which a symptom is red. */
  redGrade: number;
  /** Composite grade at or above which a symptom is amber. */
  amberGrade: number;
  /** Rise in grade since the patient's previous report of the symptom that makes it at least amber. */
  riseForAmber: number;
  /** Temperature (°C) at or above which the report is red: 37.5 (UKONS) or 38.0 (NICE CG151). */
  feverC: number;
  /** Temperature (°C) at or below which the report is red: low temperature can also mean sepsis. */
  lowTemperatureC: number;
  /** Two or more amber symptoms in one report make it red (UKONS aggregation). */
  twoAmbersMakeRed: boolean;
  /** Minutes within which a red alert must be acknowledged. */
  redResponseMinutes: number;
  /** Minutes within which an amber alert must be acknowledged. */
  amberResponseMinutes: number;
  /** Let "it can wait" lower a report whose only concern is one amber symptom to green. */
  canWaitDowngradesSingleAmber: boolean;
}

/** Product defaults from the spec; organisations override them, never edit them here. */
export const DEFAULT_TRIAGE_SETTINGS: Readonly<TriageSettings> = Object.freeze({
  redGrade: 3,
  amberGrade: 2,
  riseForAmber: 2,
  feverC: 37.5,
  lowTemperatureC: 36.0,
  twoAmbersMakeRed: true,
  redResponseMinutes: 30,
  amberResponseMinutes: 480,
  canWaitDowngradesSingleAmber: false,
});

const grade = (what: string) =>
  z.number().int(`${what} must be a whole grade`).min(1, `${what} must be 1-3`).max(3, `${what} must be 1-3`);

const settingsShape = {
  redGrade: grade("Red grade"),
  amberGrade: grade("Amber grade"),
  riseForAmber: grade("Rise for amber"),
  feverC: z.union([z.literal(37.5), z.literal(38)], { error: "Fever threshold must be 37.5 or 38.0 °C" }),
  lowTemperatureC: z
    .number()
    .min(35, "Low temperature threshold must be between 35.0 and 36.5 °C")
    .max(36.5, "Low temperature threshold must be between 35.0 and 36.5 °C"),
  twoAmbersMakeRed: z.boolean(),
  // Bounds keep a typo (e.g. 3000 for 30) from silently removing the safety net.
  redResponseMinutes: z.number().int().min(5, "At least 5 minutes").max(240, "At most 4 hours"),
  amberResponseMinutes: z.number().int().min(15, "At least 15 minutes").max(2880, "At most 48 hours"),
  canWaitDowngradesSingleAmber: z.boolean(),
};

/** Organisation overrides: any subset of the settings, within sensible bounds, nothing else. */
export const triageSettingsSchema = z.strictObject(settingsShape).partial();

/** A validated set of organisation overrides. */
export type TriageSettingsOverrides = z.infer<typeof triageSettingsSchema>;

const resolvedSettingsSchema = z.strictObject(settingsShape).superRefine((settings, ctx) => {
  if (settings.amberGrade >= settings.redGrade) {
    ctx.addIssue({ code: "custom", path: ["amberGrade"], message: "Amber grade must be below red grade" });
  }
  if (settings.redResponseMinutes > settings.amberResponseMinutes) {
    ctx.addIssue({
      code: "custom",
      path: ["redResponseMinutes"],
      message: "Red response target cannot be longer than amber",
    });
  }
});

/**
 * Merges an organisation's overrides (e.g. stored JSON) onto the product defaults.
 * @throws ZodError when an override is unknown, out of bounds, or makes the whole inconsistent.
 */
export function resolveTriageSettings(overrides: unknown = {}): TriageSettings {
  const parsed = triageSettingsSchema.parse(overrides ?? {});
  const defined = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  return resolvedSettingsSchema.parse({ ...DEFAULT_TRIAGE_SETTINGS, ...defined });
}

/** One symptom's composite grade in a report; null when the answers were incomplete. */
export interface SymptomGrade {
  symptom: SymptomCode;
  grade: CompositeGrade | null;
}

/** Everything triage needs about one report and the patient's previous one. */
export interface TriageInput {
  grades: readonly SymptomGrade[];
  /** Grade of each symptom in the patient's previous report that graded it. */
  previousGrades: Partial<Record<SymptomCode, number>>;
  temperatureC: number | null;
  redFlags: readonly RedFlag[];
  /** "Can this wait until your next appointment?": null when not answered. */
  canWait: boolean | null;
}

/** How one graded symptom was triaged; advice and clinician views use it. */
export interface SymptomLevel {
  symptom: SymptomCode;
  grade: CompositeGrade;
  level: TriageLevel;
}

/** The triage decision for one report. */
export interface TriageResult {
  level: TriageLevel;
  /** Plain-words reasons: red flags, temperature, red symptoms, amber symptoms, rises, aggregation. */
  reasons: string[];
  /** A red flag was ticked: the patient must call emergency services. */
  emergency: boolean;
  /** Acknowledgement target in minutes; null for green (no alert). */
  responseMinutes: number | null;
  /** Level of each symptom that has a grade, in report order. */
  symptomLevels: SymptomLevel[];
}

function checkGrade(value: unknown, what: string): void {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 3) {
    throw new RangeError(`${what} must be a grade 0-3, got ${String(value)}`);
  }
}

// Rounded once so the reason a clinician reads shows the very number the decision used.
function toTenths(celsius: number): number {
  return Math.round(celsius * 10) / 10;
}

/**
 * Triage one report: red, amber or green, with the reasons in plain words.
 *
 * A null grade (missing answer) is not a reason. A rise counts only against a previous grade of the
 * same symptom; a symptom amber by grade and by rise counts as one amber symptom.
 *
 * @throws RangeError for grades outside 0-3, a symptom listed twice, an unknown red flag, or a
 *   non-finite temperature (input is validated before triage; these are programming errors).
 */
export function triageReport(input: TriageInput, settings: TriageSettings = DEFAULT_TRIAGE_SETTINGS): TriageResult {
  for (const flag of input.redFlags) {
    // Dropping a flag we cannot name would hide an emergency, so refuse the report instead.
    if (!isRedFlag(flag)) throw new RangeError(`Unknown red flag: ${String(flag)}`);
  }
  const flagReasons = RED_FLAG_CODES.filter((flag) => input.redFlags.includes(flag)).map(
    (flag) => `${RED_FLAG_LABELS[flag]} (emergency red flag)`,
  );

  const temperatureReasons: string[] = [];
  if (input.temperatureC !== null) {
    if (!Number.isFinite(input.temperatureC)) throw new RangeError("Temperature must be a finite number");
    const celsius = toTenths(input.temperatureC);
    if (celsius >= settings.feverC || celsius <= settings.lowTemperatureC) {
      temperatureReasons.push(`Temperature ${celsius.toFixed(1)} C`);
    }
  }

  const redReasons: string[] = [];
  const amberReasons: string[] = [];
  const riseReasons: string[] = [];
  const symptomLevels: SymptomLevel[] = [];
  const seen = new Set<SymptomCode>();
  for (const { symptom, grade } of input.grades) {
    if (seen.has(symptom)) throw new RangeError(`Symptom listed twice: ${symptom}`);
    seen.add(symptom);
    if (grade === null) continue;
    checkGrade(grade, symptom);
    const name = symptomItem(symptom).shortLabel;
    let level: TriageLevel = "green";
    if (grade >= settings.redGrade) {
      level = "red";
      redReasons.push(`${name} grade ${grade}`);
    } else if (grade >= settings.amberGrade) {
      level = "amber";
      amberReasons.push(`${name} grade ${grade}`);
    }
    const previous = input.previousGrades[symptom];
    if (previous !== undefined) {
      checkGrade(previous, `Previous ${symptom}`);
      if (grade - previous >= settings.riseForAmber) {
        riseReasons.push(`${name} rose from grade ${previous} to ${grade}`);
        if (level === "green") level = "amber";
      }
    }
    symptomLevels.push({ symptom, grade, level });
  }

  const amberCount = symptomLevels.filter((s) => s.level === "amber").length;
  const aggregationReasons = settings.twoAmbersMakeRed && amberCount >= 2 ? ["Two or more amber symptoms"] : [];

  let level: TriageLevel = "green";
  if (flagReasons.length || temperatureReasons.length || redReasons.length || aggregationReasons.length) {
    level = "red";
  } else if (amberCount > 0) {
    level = "amber";
  }

  const reasons = [
    ...flagReasons,
    ...temperatureReasons,
    ...redReasons,
    ...amberReasons,
    ...riseReasons,
    ...aggregationReasons,
  ];

  if (level === "amber" && amberCount === 1 && input.canWait === true && settings.canWaitDowngradesSingleAmber) {
    level = "green";
    reasons.push("Patient says it can wait until the next appointment (single amber lowered to green)");
  }

  const responseMinutes =
    level === "red" ? settings.redResponseMinutes : level === "amber" ? settings.amberResponseMinutes : null;
  return { level, reasons, emergency: flagReasons.length > 0, responseMinutes, symptomLevels };
}
