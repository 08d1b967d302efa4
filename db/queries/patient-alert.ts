import "server-only";
/**
 * What a patient may know of their own alert: its state and times, who saw it by role, and when
 * their care team was told. Never its notes, outcomes or the staff's names (RLS lets the patient
 * read their alert's rows; this reads only these columns of them).
 */
import { sql } from "drizzle-orm";
import type { PatientAlertFacts } from "@/lib/alerts/patient-view";
import type { Tx } from "../client";
import { at, queryRows } from "../sql";

export type FindPatientAlertParams = {
  patientId: string;
  /** A resolved alert is shown while it was resolved after this moment. */
  resolvedSince: Date;
};

/** The patient's active alert, else the latest one resolved since `resolvedSince`, or null. */
export async function findPatientAlert(tx: Tx, p: FindPatientAlertParams): Promise<PatientAlertFacts | null> {
  const [row] = await queryRows<{
    severity: "red" | "amber";
    status: "open" | "acknowledged" | "resolved";
    raised_at: string | Date;
    last_reported_at: string | Date;
    report_count: number;
    acknowledged_at: string | Date | null;
    acknowledged_role: string | null;
    resolved_at: string | Date | null;
    notified_at: string | Date | null;
  }>(
    tx,
    sql`select a.severity, a.status, a.raised_at, a.last_reported_at, a.report_count, a.acknowledged_at, a.resolved_at,
          (select m.role::text from staff_memberships m
           where m.user_id = a.acknowledged_by and m.role in ('nurse', 'oncologist')
           order by (m.care_team_id = a.care_team_id) desc nulls last, m.role limit 1) as acknowledged_role,
          (select min(e.created_at) from alert_events e
           where e.alert_id = a.id and e.patient_id = a.patient_id and e.kind in ('notified', 'escalation_notified')
             and e.created_at >= a.last_reported_at) as notified_at
        from alerts a
        where a.patient_id = ${p.patientId}::uuid
          and (a.status <> 'resolved' or a.resolved_at >= ${at(p.resolvedSince)})
        order by (a.status <> 'resolved') desc, a.raised_at desc
        limit 1`,
  );
  if (!row) return null;
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return {
    severity: row.severity,
    status: row.status,
    raisedAt: new Date(row.raised_at),
    lastReportedAt: new Date(row.last_reported_at),
    reportCount: Number(row.report_count),
    acknowledgedAt: date(row.acknowledged_at),
    acknowledgedBy:
      row.acknowledged_role === "nurse" || row.acknowledged_role === "oncologist" ? row.acknowledged_role : null,
    resolvedAt: date(row.resolved_at),
    notifiedAt: date(row.notified_at),
  };
}
