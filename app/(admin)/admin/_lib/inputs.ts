/**
 * What each admin form may send, and nothing else. Every field is a string (forms send strings);
 * names, team names and phone numbers are checked against what such values look like, so markup,
 * SQL or control characters are refused with a sentence rather than stored. Extra fields are refused.
 */
import { z } from "zod";
import { EMERGENCY_ACCESS_MAX_HOURS } from "@/lib/consent/emergency-limits";
import { LOCALES } from "@/lib/i18n/locales";
import { LADDER_BOUNDS, type NotificationSettings } from "@/lib/notifications/ladder";
import { DEFAULT_TRIAGE_SETTINGS, resolveTriageSettings, type TriageSettingsOverrides } from "@/lib/triage/rules";
import { isUuid, UUID_PATTERN } from "@/lib/uuid";

/** A form: exactly these fields. An unexpected field is named generically, never echoed. */
export function form<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? "This form does not take those extra fields." : undefined),
  });
}

const text = (missing: string) => z.string({ error: missing });

export const idField = (what: string) =>
  text(`Choose ${what}.`)
    .regex(UUID_PATTERN, `Choose ${what} from the list.`)
    .transform((v) => v.toLowerCase());

/** A person's name: letters (any script), spaces, and the . ' ’ - of real names. */
export const personName = text("Enter the person's full name.")
  .trim()
  .min(1, "Enter the person's full name.")
  .max(100, "Use 100 characters or fewer for the name.")
  .regex(/^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u, "Use letters, spaces, hyphens and apostrophes only in the name.")
  .refine((v) => !/(--|''|\s{2})/.test(v), "Use letters, spaces, hyphens and apostrophes only in the name.");

export const email = text("Enter a work email address.")
  .trim()
  .toLowerCase()
  .min(1, "Enter a work email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@hospital.example."));

/** A care team's name: letters, digits, spaces and & , . ' ’ ( ) / -. */
export const teamName = text("Enter the care team's name.")
  .trim()
  .min(2, "Use at least 2 characters for the care team's name.")
  .max(80, "Use 80 characters or fewer for the care team's name.")
  .regex(
    /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} &,.'’()/-]*$/u,
    "Use letters, numbers, spaces and & , . ' ( ) / - only in the name.",
  )
  .refine((v) => !/(--|\s{2})/.test(v), "Use letters, numbers, spaces and & , . ' ( ) / - only in the name.");

export const roleField = z.enum(["oncologist", "nurse", "admin"], {
  error: "Choose a role: oncologist, nurse or admin.",
});

/** An optional care team: empty means none. */
const optionalTeam = z
  .string({ error: "Choose a care team from the list." })
  .max(64, "Choose a care team from the list.")
  .refine((v) => v === "" || isUuid(v), "Choose a care team from the list.")
  .transform((v) => (v === "" ? null : v.toLowerCase()));

export const createStaffInput = form({
  name: personName,
  email,
  role: roleField,
  careTeamId: optionalTeam,
});

export const userInput = form({ userId: idField("a staff member") });

export const renameStaffInput = form({ userId: idField("a staff member"), name: personName });

export const grantRoleInput = form({
  userId: idField("a staff member"),
  role: roleField,
  careTeamId: optionalTeam,
});

export const membershipInput = form({ membershipId: idField("a role") });

export const staffChangeInput = form({ requestId: idField("a change waiting for approval") });

export const moveCareTeamInput = form({ membershipId: idField("a role"), careTeamId: idField("a care team") });

export const createCareTeamInput = form({ name: teamName });
export const renameCareTeamInput = form({ teamId: idField("a care team"), name: teamName });
export const careTeamInput = form({ teamId: idField("a care team") });

// ---------------------------------------------------------------------------------------------
// Organisation settings

export const SESSION_BOUNDS = { idleMin: 5, idleMax: 240, absoluteMin: 1, absoluteMax: 72 } as const;

/** A whole number written in digits (no signs, exponents or spaces), within bounds. */
const wholeNumber = (label: string, min: number, max: number) =>
  text(`Enter ${label}.`)
    .trim()
    .regex(/^\d{1,6}$/, `Enter ${label} as a whole number.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${upperFirst(label)} must be between ${min} and ${max}.`)
        .max(max, `${upperFirst(label)} must be between ${min} and ${max}.`),
    );

const decimal = (label: string, min: number, max: number) =>
  text(`Enter ${label}.`)
    .trim()
    .regex(/^\d{2}(\.\d)?$/, `Enter ${label} like 36.0.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${upperFirst(label)} must be between ${min.toFixed(1)} and ${max.toFixed(1)} °C.`)
        .max(max, `${upperFirst(label)} must be between ${min.toFixed(1)} and ${max.toFixed(1)} °C.`),
    );

const yesNo = (question: string) =>
  z.enum(["yes", "no"], { error: `Answer: ${question}` }).transform((v) => v === "yes");

function upperFirst(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const gradeField = (label: string) =>
  text(`Choose ${label}.`)
    .regex(/^[123]$/, `${upperFirst(label)} must be grade 1, 2 or 3.`)
    .transform(Number);

export const settingsInput = form({
  mfaRequiredForStaff: yesNo("must staff use a second factor?"),
  idleTimeoutMinutes: wholeNumber("the idle time-out in minutes", SESSION_BOUNDS.idleMin, SESSION_BOUNDS.idleMax),
  absoluteTimeoutHours: wholeNumber(
    "the longest session in hours",
    SESSION_BOUNDS.absoluteMin,
    SESSION_BOUNDS.absoluteMax,
  ),
  // Optional so that a form from before the setting existed still saves; never above four hours.
  emergencyAccessMaxHours: wholeNumber(
    "the longest emergency access in hours",
    1,
    EMERGENCY_ACCESS_MAX_HOURS,
  ).optional(),
  hospitalLine: text("Enter the hospital's 24-hour line.")
    .trim()
    .min(6, "Enter the hospital's 24-hour line, like 0131 537 1000.")
    .max(30, "Use 30 characters or fewer for the phone number.")
    .regex(
      /^\+?[0-9][0-9 ()-]*[0-9]$/,
      "Use digits, spaces, brackets, hyphens and a leading + only in the phone number.",
    ),
  redGrade: gradeField("the red grade"),
  amberGrade: gradeField("the amber grade"),
  riseForAmber: gradeField("the rise for amber"),
  feverC: z.enum(["37.5", "38.0"], { error: "The fever threshold must be 37.5 or 38.0 °C." }).transform(Number),
  lowTemperatureC: decimal("the low temperature threshold", 35, 36.5),
  twoAmbersMakeRed: yesNo("do two amber symptoms make a report red?"),
  redResponseMinutes: wholeNumber("the red response target in minutes", 5, 240),
  amberResponseMinutes: wholeNumber("the amber response target in minutes", 15, 2880),
  canWaitDowngradesSingleAmber: yesNo("may “it can wait” lower a single amber symptom to green?"),
  // The escalation ladder. Optional so that a form from before these settings existed still saves.
  secondStepMinutes: z
    .union([
      z.literal("").transform(() => null),
      wholeNumber("the minutes before the second step", LADDER_BOUNDS.secondStepMin, LADDER_BOUNDS.secondStepMax),
    ])
    .optional(),
  workdayStartHour: wholeNumber("the hour the working day starts", 0, 23).optional(),
  workdayEndHour: wholeNumber("the hour the working day ends", 1, 24).optional(),
}).superRefine((v, ctx) => {
  if (v.workdayStartHour !== undefined && v.workdayEndHour !== undefined && v.workdayEndHour <= v.workdayStartHour) {
    ctx.addIssue({
      code: "custom",
      path: ["workdayEndHour"],
      message: "The working day must end after it starts.",
    });
  }
  if (v.idleTimeoutMinutes > v.absoluteTimeoutHours * 60) {
    ctx.addIssue({
      code: "custom",
      path: ["idleTimeoutMinutes"],
      message: "The idle time-out cannot be longer than the longest session.",
    });
  }
  try {
    resolveTriageSettings(triageOverrides(v));
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path.map(String), message: issue.message });
    if (issues.length === 0)
      ctx.addIssue({ code: "custom", path: ["redGrade"], message: "These triage settings do not fit together." });
  }
});

type TriageFields = Pick<
  z.output<typeof settingsInput>,
  | "redGrade"
  | "amberGrade"
  | "riseForAmber"
  | "feverC"
  | "lowTemperatureC"
  | "twoAmbersMakeRed"
  | "redResponseMinutes"
  | "amberResponseMinutes"
  | "canWaitDowngradesSingleAmber"
>;

/** The triage values that differ from the product defaults: what the organisation overrides. */
export function triageOverrides(v: TriageFields): TriageSettingsOverrides {
  const all: TriageSettingsOverrides = {
    redGrade: v.redGrade,
    amberGrade: v.amberGrade,
    riseForAmber: v.riseForAmber,
    feverC: v.feverC as 37.5 | 38,
    lowTemperatureC: v.lowTemperatureC,
    twoAmbersMakeRed: v.twoAmbersMakeRed,
    redResponseMinutes: v.redResponseMinutes,
    amberResponseMinutes: v.amberResponseMinutes,
    canWaitDowngradesSingleAmber: v.canWaitDowngradesSingleAmber,
  };
  return Object.fromEntries(
    Object.entries(all).filter(
      ([key, value]) => DEFAULT_TRIAGE_SETTINGS[key as keyof typeof DEFAULT_TRIAGE_SETTINGS] !== value,
    ),
  ) as TriageSettingsOverrides;
}

/** The escalation ladder's settings the form sent (none from a form without them). */
export function notificationOverrides(
  v: Pick<z.output<typeof settingsInput>, "secondStepMinutes" | "workdayStartHour" | "workdayEndHour">,
): Partial<NotificationSettings> {
  const sent: Partial<NotificationSettings> = {
    secondStepMinutes: v.secondStepMinutes,
    workdayStartHour: v.workdayStartHour,
    workdayEndHour: v.workdayEndHour,
  };
  return Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== undefined));
}

/**
 * The escalation contacts: the ticked staff, none to ten of them, each once. Absent (no box ticked)
 * is none. Whether each is a clinician of the organisation is the data layer's check.
 */
export const escalationContactsInput = form({
  contactIds: z
    .preprocess(
      (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
      z
        .array(z.string({ error: "Choose escalation contacts from the list." }))
        // On the list as a whole, so the sentence is the group's, not one box's.
        .refine((list) => list.every((id) => isUuid(id)), "Choose escalation contacts from the list.")
        .max(
          LADDER_BOUNDS.maxEscalationContacts,
          `Choose at most ${LADDER_BOUNDS.maxEscalationContacts} escalation contacts.`,
        )
        .refine((list) => new Set(list).size === list.length, "Choose each escalation contact once."),
    )
    .transform((list) => list.map((id) => id.toLowerCase()))
    .optional()
    .transform((list) => list ?? []),
});

/** The organisation's default language: one of the languages the app speaks. */
export const defaultLocaleInput = form({
  locale: z.enum(LOCALES, { error: "Choose one of the languages offered." }),
});
