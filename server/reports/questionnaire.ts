import "server-only";
import type { Tx } from "@/db/client";
import { findLastReportAnswers } from "@/db/queries/report-reads";
import { findCurrentPlan } from "@/db/queries/treatment-plans";
import { formatDate } from "@/lib/clinic-time";
import { type QuestionnaireSymptoms, usualSymptomsFor } from "@/lib/reports/usual-symptoms";

export type QuestionnaireSymptomsParams = {
  patientId: string;
  /** Whether the caller may read the patient's treatment; without it the default set is asked first. */
  readsTreatment: boolean;
  /** The language the last report's date is written in (a BCP 47 tag); British English by default. */
  localeTag?: string;
};

/**
 * What the questionnaire asks a patient first (the usual symptoms of their current plan's agents)
 * and their last report's answers, which it fills in only when asked to ("Same as my last report").
 */
export async function questionnaireSymptoms(
  tx: Tx,
  { patientId, readsTreatment, localeTag }: QuestionnaireSymptomsParams,
): Promise<QuestionnaireSymptoms> {
  const plan = readsTreatment ? await findCurrentPlan(tx, { patientId }) : null;
  const last = await findLastReportAnswers(tx, { patientId });
  return {
    usual: usualSymptomsFor(plan),
    lastReport: last ? { reportedOn: formatDate(last.reportedAt, localeTag), answers: last.answers } : null,
  };
}
