/**
 * What the patient sees straight after sending a report (eSMART/ASyMS: advice at once, not after
 * a clinician has looked), in the patient's language (messages/<language>.json, "advice"). Plain
 * words, no medical terms; advice is deliberately generic and cautious because no clinician has
 * seen the report yet.
 */
import en from "@/messages/en.json";
import type { SymptomCode } from "../grading/items";
import { symptomNameIn } from "../grading/wording";
import { CATALOGUES } from "../i18n/catalogues";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { translatorFor } from "../i18n/translate";
import type { TriageLevel, TriageResult } from "./rules";

/** The message shown to the patient: a headline and short paragraphs. */
export interface PatientAdvice {
  level: TriageLevel;
  headline: string;
  body: string[];
}

/** Where the patient should phone: the hospital's 24-hour chemotherapy line. */
export interface AdviceOptions {
  hospitalLine: string;
  /** The patient's language; English when omitted. */
  locale?: Locale;
}

/**
 * Self-care sentence per graded symptom, for grade 1-2 symptoms in a green report, in English
 * (messages/en.json; each language's catalogue has its own). Presence items (rash, bruising) are
 * never graded, so they have none. Changes need clinical sign-off.
 */
export const SELF_CARE_ADVICE: Readonly<Partial<Record<SymptomCode, string>>> = en.advice.selfCare;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** A response target in words a patient would use: "30 minutes", "8 hours", "1 hour 30 minutes". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, "minute");
  if (rest === 0) return plural(hours, "hour");
  return `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

type Translate = ReturnType<typeof translatorFor>;

/** A response target in the patient's language, with its plural rules. */
function durationIn(t: Translate, minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t("advice.durationMinutes", { count: rest });
  if (rest === 0) return t("advice.durationHours", { count: hours });
  return t("advice.durationBoth", {
    hours: t("advice.durationHours", { count: hours }),
    minutes: t("advice.durationMinutes", { count: rest }),
  });
}

/**
 * The advice a patient sees at once for their report's triage result, in their language.
 *
 * - red with an emergency flag: call 999 now;
 * - red: call the hospital's 24-hour line now;
 * - amber: the care team will call within the target time, and what to do if it gets worse;
 * - green: a self-care sentence for each grade 1-2 symptom, and when to call.
 */
export function patientAdvice(
  result: TriageResult,
  { hospitalLine, locale = DEFAULT_LOCALE }: AdviceOptions,
): PatientAdvice {
  const t = translatorFor(locale);
  const line = hospitalLine === FALLBACK_HOSPITAL_LINE ? t("advice.fallbackLine") : hospitalLine;

  if (result.level === "red" && result.emergency) {
    return {
      level: "red",
      headline: t("advice.emergencyHeadline"),
      body: [t("advice.emergencyCall"), t("advice.emergencyDoNotDrive"), t("advice.emergencyLetUsKnow", { line })],
    };
  }

  if (result.level === "red") {
    return {
      level: "red",
      headline: t("advice.redHeadline"),
      body: [t("advice.redCall", { line }), t("advice.redSeenToday"), t("advice.redCannotGetThrough")],
    };
  }

  if (result.level === "amber") {
    return {
      level: "amber",
      headline: t("advice.amberHeadline"),
      body: [
        result.responseMinutes === null
          ? t("advice.amberContactToday")
          : t("advice.amberContactWithin", { duration: durationIn(t, result.responseMinutes) }),
        t("advice.amberIfWorse", { line }),
      ],
    };
  }

  const selfCare = CATALOGUES[locale].advice.selfCare as Partial<Record<SymptomCode, string>>;
  const lines = result.symptomLevels
    .filter((symptom) => symptom.grade === 1 || symptom.grade === 2)
    .flatMap(({ symptom }) => {
      const advice = selfCare[symptom];
      return advice ? [t("advice.selfCareLine", { symptom: symptomNameIn(symptom, locale), advice })] : [];
    });
  return {
    level: "green",
    headline: t("advice.greenHeadline"),
    body: [...lines, t("advice.greenIfWorse", { line })],
  };
}

/** What a patient is told when their organisation has not recorded its 24-hour line. */
export const FALLBACK_HOSPITAL_LINE = en.advice.fallbackLine;
