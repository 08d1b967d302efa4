/**
 * Arranges audit events in the e2e PostgreSQL database as its owner, for the access log's specs:
 * a clinician's repeated views of a patient, as the triage queue records them.
 */
import { sql } from "drizzle-orm";
import { connectPostgres } from "../../db/client";
import { E2E_OWNER_URL } from "./database";

/** `times` `triage_queue_viewed` events by `actorId` (a clinician of `organisationId`) about `patientId`, now. */
export async function recordQueueViews(p: {
  organisationId: string;
  actorId: string;
  actorRole: "nurse" | "oncologist";
  patientId: string;
  times: number;
}): Promise<void> {
  const connection = connectPostgres(E2E_OWNER_URL, { max: 1 });
  try {
    await connection.db.transaction(async (tx) => {
      for (let i = 0; i < p.times; i++)
        await tx.execute(sql`insert into audit_events (organisation_id, actor_user_id, actor_role, action, patient_id,
            resource_type, resource_id, outcome, details)
          values (${p.organisationId}, ${p.actorId}, ${p.actorRole}, 'triage_queue_viewed', ${p.patientId},
            'patient', ${p.patientId}, 'allowed', '{"alerts": 1}'::jsonb)`);
    });
  } finally {
    await connection.close();
  }
}
