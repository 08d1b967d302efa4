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

/** The regimen and agents of the patient's current plan (the one that starts last), or null. */
export async function currentPlanOf(patientId: string): Promise<{ regimen: string; drugs: string[] } | null> {
  const [row] = await query<{ regimen: string; drugs: string[] }>(
    sql`select regimen, to_json(drugs) as drugs from treatment_plans where patient_id = ${patientId}
        order by start_date desc, id desc limit 1`,
  );
  return row ?? null;
}

/** The patient's latest report: when it was made, and its answers as "symptom.attribute=value" lines, sorted. */
export async function latestReportAnswers(patientId: string): Promise<{ reportedAt: Date; answers: string[] }> {
  const rows = await query<{ reported_ms: number; line: string | null }>(
    sql`select (extract(epoch from r.reported_at) * 1000)::float8 as reported_ms, a.symptom || '.' || a.attribute || '=' || coalesce(a.value::text, 'null') as line
        from (select id, reported_at from symptom_reports where patient_id = ${patientId}
              order by reported_at desc, id desc limit 1) r
        left join symptom_answers a on a.report_id = r.id`,
  );
  if (rows.length === 0) throw new Error(`Patient ${patientId} has no report`);
  return {
    reportedAt: new Date(Number(rows[0].reported_ms)),
    answers: rows.flatMap((r) => (r.line === null ? [] : [r.line])).sort(),
  };
}
