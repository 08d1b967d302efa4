/** A demo patient's own symptom report, as the notification tests submit it. */
import type { SubmitReportParams } from "../../db/queries/report-submit";
import { makeSymptomReportInput, type SymptomReportPayload } from "../../lib/reports/validation";
import { DEFAULT_TRIAGE_SETTINGS } from "../../lib/triage/rules";
import { DEMO_ORG_ID, demoPatientId, demoPatientUserId } from "../../server/demo/seed";

/** A report that triage makes red (a fever with shaking chills). */
export const RED_REPORT: SymptomReportPayload = {
  answers: { shaking_chills: { frequency: 2, severity: 2 } },
  temperatureC: 38.4,
};
/** A report that triage makes amber (nausea, no fever). */
export const AMBER_REPORT: SymptomReportPayload = {
  answers: { nausea: { frequency: 3, severity: 2 } },
  temperatureC: 36.8,
};

/** Demo patient `index` reports `payload` themselves at `at`, with the product's default settings. */
export function demoPatientReport(
  index: number,
  payload: SymptomReportPayload,
  at: Date,
  more: Partial<SubmitReportParams> = {},
): SubmitReportParams {
  return {
    patientId: demoPatientId(index),
    organisationId: DEMO_ORG_ID,
    submittedBy: demoPatientUserId(index),
    source: "patient",
    idempotencyKey: null,
    input: makeSymptomReportInput(() => at).parse(payload),
    triageSettings: DEFAULT_TRIAGE_SETTINGS,
    now: at,
    ...more,
  };
}
