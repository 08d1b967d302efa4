/**
 * How an alert ended: the outcome codes a clinician records when resolving it (after eSMART and
 * ASyMS). Stable codes are stored; the labels are what clinicians read.
 */
export const OUTCOME_CODES = [
  "self_care_advice",
  "acute_oncology_referral",
  "emergency_services",
  "treatment_modified",
  "patient_not_contacted",
  "unable_to_contact",
  "no_intervention_needed",
] as const;

export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export const OUTCOME_LABELS: Readonly<Record<OutcomeCode, string>> = {
  self_care_advice: "Self-care advice given",
  acute_oncology_referral: "Acute oncology referral",
  emergency_services: "Emergency services",
  treatment_modified: "Treatment modified",
  patient_not_contacted: "Patient not contacted",
  unable_to_contact: "Unable to contact",
  no_intervention_needed: "No intervention needed",
};

export function isOutcomeCode(value: unknown): value is OutcomeCode {
  return typeof value === "string" && (OUTCOME_CODES as readonly string[]).includes(value);
}

/** The label of a stored code; a code this version does not know is shown as stored, never hidden. */
export function outcomeLabel(code: string): string {
  return isOutcomeCode(code) ? OUTCOME_LABELS[code] : code;
}

/** "No intervention needed" says nothing else was done: with any other outcome it contradicts it. */
export const CONTRADICTORY_OUTCOMES = "“No intervention needed” cannot be combined with another outcome.";

/** Whether the chosen outcomes contradict each other. */
export const outcomesContradict = (codes: readonly string[]) =>
  codes.includes("no_intervention_needed") && new Set(codes).size > 1;

/**
 * Outcome codes in the order of OUTCOME_CODES, without repeats, or an error sentence. At least one
 * is required, and they must not contradict each other (outcomesContradict).
 */
export function normaliseOutcomeCodes(codes: readonly string[]): { codes: OutcomeCode[] } | { error: string } {
  const unknown = codes.find((c) => !isOutcomeCode(c));
  if (unknown !== undefined) return { error: "Choose outcomes from the list." };
  const chosen = OUTCOME_CODES.filter((c) => codes.includes(c));
  if (chosen.length === 0) return { error: "Choose at least one outcome." };
  if (outcomesContradict(chosen)) return { error: CONTRADICTORY_OUTCOMES };
  return { codes: chosen };
}
