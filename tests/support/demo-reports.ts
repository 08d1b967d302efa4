/** A demo patient's own symptom report, as the notification tests submit it, and the world they submit it in. */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { SubmitReportParams } from "../../db/queries/report-submit";
import * as t from "../../db/schema";
import { makeSymptomReportInput, type SymptomReportPayload } from "../../lib/reports/validation";
import { DEFAULT_TRIAGE_SETTINGS } from "../../lib/triage/rules";
import {
  DEMO_ORG_ID,
  DEMO_TEAMS,
  demoPatientId,
  demoPatientName,
  demoPatientUserId,
  demoStaffId,
  seedDemoData,
} from "../../server/demo/seed";
import { seedDemoRota } from "../../server/demo/seed-rota";

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

/**
 * The demo centre as the escalation-ladder tests need it at `at`: its data and rota (Fiona Grant
 * first on call for Breast Oncology, Dr Campbell second, the two consultants escalation contacts),
 * and Dr Rashid also leading Breast Oncology without being on call.
 */
export async function seedLadderWorld(owner: Database, at: Date): Promise<void> {
  await seedDemoData(owner, at);
  await seedDemoRota(owner, at);
  await owner.insert(t.staffMemberships).values({
    userId: demoStaffId("oncologist2"),
    organisationId: DEMO_ORG_ID,
    careTeamId: DEMO_TEAMS.breast.id,
    role: "oncologist",
    isTeamLead: true,
  });
}

/**
 * What identifies demo patient `index`, and what RED_REPORT says of their health: none of it may
 * appear in a notification, whatever its channel.
 */
export async function patientDetailsOf(owner: Database, index: number): Promise<string[]> {
  const [patient] = await owner
    .select({ hospitalNumber: t.patients.hospitalNumber })
    .from(t.patients)
    .where(eq(t.patients.id, demoPatientId(index)));
  const { givenName, familyName } = demoPatientName(index);
  return [givenName, familyName, patient.hospitalNumber, demoPatientId(index), "chills", "38.4", "fever"];
}
