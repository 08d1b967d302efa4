import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { emergencyAccesses } from "../schema";
import { queryRows } from "../sql";
import { staffDisplayNames } from "./staff";

/**
 * What one person did to the record within one clock hour, once or many times: "Fiona Grant saw an
 * alert about you in the triage queue 14 times, 18:30-18:45".
 */
export type AccessLogEntry = {
  /** Stable within a page: the newest event of the group. */
  id: number;
  /** The first and the last time within the hour. */
  firstAt: Date;
  lastAt: Date;
  times: number;
  who: string;
  role: string | null;
  action: string;
  outcome: "allowed" | "denied";
  /** The SMART app that acted for `who`, by the name it was registered under. */
  app: string | null;
};

export type EmergencyAccessEntry = {
  id: string;
  who: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  /** Opened again while the same clinician's access was in force or within the hour after it ended. */
  renewal: boolean;
};

export type ListAccessToPatientParams = { patientId: string; ownUserId: string; limit: number; offset: number };

/**
 * Who has looked at or changed this patient's record, leaving out the patient's own use (but not
 * an app's that reads it for them, which they may have forgotten they allowed): repeated
 * events of one person, one action and one outcome within one clock hour are one entry, newest
 * first. Grouped here, when the patient reads the log, not when it is written: the audit trail
 * keeps every event as it happened (a reload of the queue is a new showing), and the patient reads
 * a summary of it. The hour is cut in UTC, which is the clinic's hour too (whole-hour offsets).
 */
export async function listAccessToPatient(tx: Tx, p: ListAccessToPatientParams): Promise<AccessLogEntry[]> {
  const rows = await queryRows<{
    actor: string;
    role: string | null;
    app: string | null;
    action: string;
    outcome: "allowed" | "denied";
    times: number;
    first_at: string | Date;
    last_at: string | Date;
    last_id: string | number;
  }>(
    tx,
    sql`select e.actor_user_id as actor, e.actor_role as role, e.details ->> 'app' as app, e.action, e.outcome::text as outcome,
          count(*)::int as times, min(e.occurred_at) as first_at, max(e.occurred_at) as last_at, max(e.id) as last_id
        from audit_events e
        where e.patient_id = ${p.patientId}::uuid and e.actor_user_id is not null
          and (e.actor_user_id <> ${p.ownUserId}::uuid or e.details ->> 'app' is not null)
        group by e.actor_user_id, e.actor_role, e.details ->> 'app', e.action, e.outcome,
          date_trunc('hour', e.occurred_at at time zone 'UTC')
        order by max(e.occurred_at) desc, max(e.id) desc
        limit ${p.limit} offset ${p.offset}`,
  );
  const names = await staffDisplayNames(tx, [...new Set(rows.map((r) => r.actor))]);
  return rows.map((r) => ({
    id: Number(r.last_id),
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
    times: Number(r.times),
    // A backend service is no person: it is named by the name it was registered under.
    who:
      r.actor === p.ownUserId
        ? "You"
        : r.role === "system"
          ? (r.app ?? "A connected system")
          : (names.get(r.actor) ?? "A member of staff"),
    role: r.actor === p.ownUserId ? null : r.role,
    app: r.app,
    action: r.action,
    outcome: r.outcome,
  }));
}

/** Every time someone opened this record without consent ("break the glass"), with their reason. */
export async function listEmergencyAccessToPatient(tx: Tx, patientId: string): Promise<EmergencyAccessEntry[]> {
  const rows = await tx
    .select({
      id: emergencyAccesses.id,
      userId: emergencyAccesses.userId,
      reason: emergencyAccesses.reason,
      startedAt: emergencyAccesses.startedAt,
      expiresAt: emergencyAccesses.expiresAt,
      renewal: emergencyAccesses.renewal,
    })
    .from(emergencyAccesses)
    .where(eq(emergencyAccesses.patientId, patientId))
    .orderBy(desc(emergencyAccesses.startedAt));
  const names = await staffDisplayNames(tx, [...new Set(rows.map((r) => r.userId))]);
  return rows.map(({ userId, ...r }) => ({ ...r, who: names.get(userId) ?? "A member of staff" }));
}
