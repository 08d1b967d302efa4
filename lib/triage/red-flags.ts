/**
 * Emergency red flags a patient can tick on the report form (UKONS 24-hour triage red examples).
 * Any one of them makes the report red and tells the patient to call emergency services now,
 * because waiting for a call back from the care team is not safe.
 */

/** Stable code for an emergency red flag. */
export type RedFlag = "chest_pain" | "breathless_at_rest" | "uncontrolled_bleeding" | "severe_confusion";

/** Red flag codes in the order the form shows them. */
export const RED_FLAG_CODES = [
  "chest_pain",
  "breathless_at_rest",
  "uncontrolled_bleeding",
  "severe_confusion",
] as const satisfies readonly RedFlag[];

/** Patient-facing wording for each red flag; clinicians see the same words in alert reasons. */
export const RED_FLAG_LABELS: Readonly<Record<RedFlag, string>> = {
  chest_pain: "Chest pain",
  breathless_at_rest: "Short of breath while resting",
  uncontrolled_bleeding: "Bleeding that will not stop",
  severe_confusion: "Severe confusion",
};

/** True when `value` is one of the red flag codes. */
export function isRedFlag(value: unknown): value is RedFlag {
  return typeof value === "string" && (RED_FLAG_CODES as readonly string[]).includes(value);
}
