import "server-only";
import type { Tx } from "@/db/client";
import { findPatientAlert } from "@/db/queries/patient-alert";
import { type PatientAlertView, patientAlertView, RESOLVED_SHOWN_DAYS } from "@/lib/alerts/patient-view";
import type { PatientPrincipal } from "@/server/auth/session";
import { now as clockNow } from "@/server/clock";
import { hospitalLineOf } from "./settings";

/** The patient's own alert in plain words (an active one, or one resolved in the last week), or null. */
export async function patientAlertState(tx: Tx, user: PatientPrincipal): Promise<PatientAlertView | null> {
  const now = clockNow();
  const alert = await findPatientAlert(tx, {
    patientId: user.patientId,
    resolvedSince: new Date(now.getTime() - RESOLVED_SHOWN_DAYS * 86_400_000),
  });
  return alert ? patientAlertView(alert, hospitalLineOf(user.organisationSettings), now) : null;
}
