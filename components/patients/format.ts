/** Words and formats the patient pages share. Pure, for server and client components. */
import { CLINIC_TIME_ZONE } from "@/lib/clinic-time";
import { ANSWER_SCALES, type Attribute } from "@/lib/grading/items";
import { isRedFlag, RED_FLAG_LABELS } from "@/lib/triage/red-flags";

const formats = new Map<string, { dateOnly: Intl.DateTimeFormat; shortDay: Intl.DateTimeFormat }>();

/** The day formats of one language (a BCP 47 tag), made once. */
function dayFormats(tag: string) {
  let made = formats.get(tag);
  if (!made) {
    made = {
      dateOnly: new Intl.DateTimeFormat(tag, {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: CLINIC_TIME_ZONE,
      }),
      shortDay: new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: CLINIC_TIME_ZONE }),
    };
    formats.set(tag, made);
  }
  return made;
}

export { formatDateTime } from "@/lib/clinic-time";
/** "12 Mar 2026" in UK time; in another language with its tag ("12 mar 2026"). */
export const formatDate = (at: Date | number | string, tag = "en-GB") => dayFormats(tag).dateOnly.format(new Date(at));
/** "12 Mar", for chart axes. */
export const formatShortDay = (at: Date | number | string, tag = "en-GB") =>
  dayFormats(tag).shortDay.format(new Date(at));

export const SOURCE_LABELS: Record<string, string> = {
  patient: "by the patient",
  device: "from the patient's device",
  clinician_phone: "taken by phone",
};

export const ATTRIBUTE_LABELS: Record<Attribute, string> = {
  frequency: "How often",
  severity: "Severity at worst",
  interference: "Interference with daily activities",
  amount: "How much",
  presence: "Present",
};

/** An answer in the patient's words, e.g. "Occasionally (2)"; "Skipped" for no answer. */
export function answerLabel(attribute: string, value: number | null): string {
  if (value === null) return "Skipped";
  const scale = (ANSWER_SCALES as Record<string, readonly string[]>)[attribute];
  return scale?.[value] ? `${scale[value]} (${value})` : String(value);
}

const OUTCOME_LABELS: Record<string, string> = {
  self_care_advice: "Self-care advice given",
  acute_oncology_referral: "Referred to acute oncology",
  emergency_services: "Emergency services called",
  patient_not_contacted: "Patient not contacted",
  unable_to_contact: "Unable to contact the patient",
  no_intervention_needed: "No intervention needed",
};

export function outcomeLabel(code: string): string {
  return OUTCOME_LABELS[code] ?? code.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

export const ALERT_STATUS_LABELS = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" } as const;
export const ALERT_EVENT_LABELS = {
  acknowledged: "Acknowledged",
  assigned: "Assigned",
  note: "Note added",
  resolved: "Resolved",
  reopened: "Reopened",
  report_added: "New report added",
  escalated: "New report made it worse",
  // Said with the channels that reached the person: lib/alerts/notified.ts.
  notified: "Notified",
  escalation_notified: "Not acknowledged, so notified",
} as const;

/** Events that name the person a notification reached, not someone who acted. */
export const NOTIFIED_KINDS: ReadonlySet<string> = new Set(["notified", "escalation_notified"]);

/** A red flag in words (the same words the patient ticked). */
export function redFlagLabel(code: string): string {
  return isRedFlag(code) ? RED_FLAG_LABELS[code] : code.replaceAll("_", " ");
}

/** Classes for a composite grade: colour is never the only signal (the number is always shown). */
export const GRADE_CLASSES = [
  "bg-emerald-50 text-emerald-900",
  "bg-yellow-100 text-yellow-900",
  "bg-orange-200 text-orange-950",
  "bg-red-700 text-white",
] as const;

export const gradeClass = (grade: number | null) =>
  grade === null ? "bg-white text-slate-500" : (GRADE_CLASSES[grade] ?? "bg-white text-slate-900");
