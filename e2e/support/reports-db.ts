/**
 * Facts about symptom reports read from the e2e PostgreSQL database as its owner, for what the
 * browser cannot see: how many reports a patient has, and the organisation's 24-hour line.
 */
import { sql } from "drizzle-orm";
import { ownerQuery as query } from "./database";

/** How many symptom reports are stored for the patient. */
export async function storedReportCount(patientId: string): Promise<number> {
  const [row] = await query<{ count: string }>(
    sql`select count(*)::text as count from symptom_reports where patient_id = ${patientId}`,
  );
  return Number(row.count);
}

/** The 24-hour line in the settings of the organisation the account belongs to. */
export async function hospitalLineOf(email: string): Promise<string> {
  const [row] = await query<{ line: string | null }>(
    sql`select o.settings->>'hospitalLine' as line
        from organisations o join users u on u.organisation_id = o.id
        where u.email = ${email}`,
  );
  if (!row?.line) throw new Error(`No 24-hour line in the organisation settings of ${email}`);
  return row.line;
}

/** Whether the patient has an active (open or acknowledged) alert, which a new report would join. */
export async function hasActiveAlert(patientId: string): Promise<boolean> {
  const [row] = await query<{ count: string }>(
    sql`select count(*)::text as count from alerts where patient_id = ${patientId} and status <> 'resolved'`,
  );
  return Number(row.count) > 0;
}
