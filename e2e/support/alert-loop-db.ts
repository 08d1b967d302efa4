/**
 * The e2e database as its owner, for the whole-loop spec (e2e/alert-loop.spec.ts): a Breast
 * Oncology patient of its own with a portal account, and what the browser cannot see of the alert
 * their report raises (its id, and its notifications in the outbox).
 */
import { sql } from "drizzle-orm";
import { ownerQuery as query } from "./database";
import { DEMO_PASSWORD, type DemoAccount, demoPatientId, PATIENT_ACCOUNT, patientName } from "./demo";

/** Breast Oncology patients with no account in the demo data, whose record Fiona Grant may read. */
const CANDIDATES = [28, 30, 32, 34, 36, 38];
const LOOP_EMAIL = "loop.patient@patient.example";

/**
 * Gives a portal account (the demo password, copied from patient 0's account) to the first of the
 * candidates with no active alert, so that their red report raises a new alert and its ladder.
 * Idempotent: the account, once made, is kept.
 */
export async function arrangeLoopPatient(): Promise<DemoAccount & { id: string }> {
  const [linked] = await query<{ id: string }>(
    sql`select p.id from patients p join users u on u.id = p.user_id where u.email = ${LOOP_EMAIL}`,
  );
  let patientId = linked?.id;
  if (!patientId) {
    const free = await query<{ id: string }>(
      sql`select p.id from patients p
          where p.id = any(${`{${CANDIDATES.map(demoPatientId).join(",")}}`}::uuid[]) and p.user_id is null
            and not exists (select from alerts a where a.patient_id = p.id and a.status <> 'resolved')`,
    );
    const index = CANDIDATES.find((i) => free.some((f) => f.id === demoPatientId(i)));
    if (index === undefined) throw new Error("No Breast Oncology patient without an account or an active alert");
    patientId = demoPatientId(index);
    await query(sql`with account as (
        insert into users (organisation_id, kind, email, display_name, password_hash)
        select organisation_id, 'patient', ${LOOP_EMAIL}, ${patientName(index)}, password_hash
        from users where email = ${PATIENT_ACCOUNT.email}
        returning id)
      update patients set user_id = (select id from account) where id = ${patientId}`);
  }
  const [row] = await query<{ name: string }>(sql`select display_name as name from users where email = ${LOOP_EMAIL}`);
  return { id: patientId, email: LOOP_EMAIL, password: DEMO_PASSWORD, name: row.name };
}

/** The patient's active alert's id, or null. */
export async function activeAlertOf(patientId: string): Promise<string | null> {
  const [row] = await query<{ id: string }>(
    sql`select id from alerts where patient_id = ${patientId} and status <> 'resolved'`,
  );
  return row?.id ?? null;
}

/** The alert's notifications in the outbox, "step status", in the ladder's order. */
export async function outboxOf(alertId: string): Promise<string[]> {
  const rows = await query<{ step: string; status: string }>(
    sql`select step, status from notifications where alert_id = ${alertId}
        order by array_position(array['amber', 'on_call', 'second', 'escalation'], step), recipient_user_id`,
  );
  return rows.map((r) => `${r.step} ${r.status}`);
}
