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

/**
 * Outcome codes in the order of OUTCOME_CODES, without repeats, or an error sentence. At least one
 * is required; "no intervention needed" and "emergency services" contradict each other.
 */
export function normaliseOutcomeCodes(codes: readonly string[]): { codes: OutcomeCode[] } | { error: string } {
  const unknown = codes.find((c) => !isOutcomeCode(c));
  if (unknown !== undefined) return { error: "Choose outcomes from the list." };
  const chosen = OUTCOME_CODES.filter((c) => codes.includes(c));
  if (chosen.length === 0) return { error: "Choose at least one outcome." };
  if (chosen.includes("no_intervention_needed") && chosen.length > 1) {
    return { error: "“No intervention needed” cannot be combined with another outcome." };
  }
  return { codes: chosen };
}
