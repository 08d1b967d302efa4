/**
 * The scale seed: a regional network of `patients` patients with `days` days of daily reports,
 * bulk-loaded with COPY (see scripts/seed-scale.ts for the command and docs/benchmarks.md).
 *
 * Generated day by day, for every patient in turn: each report is graded with lib/grading and
 * triaged with lib/triage exactly as a submitted one, amber and red reports raise alerts (handled
 * and resolved when old enough) or join the patient's active one, and every report, record view and alert action has its audit
 * event. Walking the days in order keeps the audit events in time order, and keeps the ordered ids
 * (world.ts) growing at the edge of their indexes.
 *
 * All tables stream at once, one COPY per table on its own connection, with
 * `session_replication_role = replica`: that skips the foreign-key triggers (every row comes from
 * this one generator, parents before children) and the audit chain trigger, whose work is done
 * here instead: each event's hash is computed with lib/audit/chain.ts over the same payload the
 * trigger hashes, chained from the current head, and the head is moved to the last event at the
 * end, so `npm run audit:verify` checks the bulk events like any others. The consent rules skip
 * their triggers too, so app.consent_access is rebuilt from them at the end. The tables' secondary
 * indexes are dropped for the load and built again after it (indexes.ts).
 */
import type postgres from "postgres";
import { hashAuditRow, type StoredAuditRow } from "../../lib/audit/chain";
import { prng } from "../../lib/prng";
import { dayReport, drawProfile } from "./course";
import { type PatientState, seedStaff, writePatient } from "./enrol";
import { dropSecondaryIndexes } from "./indexes";
import { type Counters, type PendingAudit, writeEpisode, writeReport } from "./reports";
import { COLUMNS, openStreams } from "./streams";
import { NURSES_PER_TEAM, organisationId, patientTeam, staffId, TEAM_COUNT, teamOrganisation } from "./world";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export type ScaleOptions = {
  patients: number;
  days: number;
  /** The end of the window: the last day's reports come in the six hours before it. */
  now: Date;
  /** Called after each generated day. */
  onProgress?: (daysDone: number) => void;
  /** Called when every row is in and the indexes dropped for the load are being built again. */
  onIndexes?: () => void;
};

export type ScaleSummary = Record<
  "patients" | "reports" | "answers" | "grades" | "alerts" | "activeAlerts" | "consentRules" | "auditEvents",
  number
>;

/**
 * Loads the network into an empty, migrated database as its owner (a superuser: replica mode
 * needs one). `sql` must allow at least 12 connections: one per table and one to spare.
 */
export async function seedScale(sql: postgres.Sql, options: ScaleOptions): Promise<ScaleSummary> {
  const now = options.now.getTime();
  const windowStart = now - (options.days - 1) * DAY_MS;
  await seedStaff(sql, new Date(windowStart - 365 * DAY_MS));
  const [head] = await sql<{ lastId: string; lastHash: string }[]>`
    select last_id::text as "lastId", last_hash as "lastHash" from app.audit_chain_head where singleton`;
  let lastId = BigInt(head.lastId);
  let lastHash = head.lastHash;

  const rebuildIndexes = await dropSecondaryIndexes(sql, Object.keys(COLUMNS));
  const s = await openStreams(sql);
  const patients: PatientState[] = [];
  for (let i = 0; i < options.patients; i++) {
    const random = prng(0x5ca1e + i * 7919);
    const state = { index: i, team: patientTeam(i), profile: drawProfile(random, options.days), random, previous: {} };
    patients.push(state);
    await writePatient(s, state, windowStart, now);
  }

  // Audit events wait in a bucket per day until that day is over, then go out in time order.
  const buckets = new Map<number, PendingAudit[]>();
  const audit = (event: PendingAudit) => {
    const day = Math.floor((event.at - windowStart) / DAY_MS) + 1;
    const bucket = buckets.get(day) ?? [];
    bucket.push(event);
    buckets.set(day, bucket);
  };
  const flushAudit = async (day: number) => {
    const events = (buckets.get(day) ?? []).sort((a, b) => a.at - b.at);
    buckets.delete(day);
    for (const { at, ...event } of events) {
      lastId += 1n;
      // The trigger keeps milliseconds and the payload prints six fraction digits.
      const occurredAt = new Date(at).toISOString().replace("Z", "000Z");
      const row: StoredAuditRow = { ...event, id: String(lastId), occurredAt, prevHash: lastHash, hash: "" };
      row.details = event.details || null;
      lastHash = hashAuditRow(row);
      await s.audit_events.write([
        row.id,
        occurredAt,
        row.organisationId,
        row.actorUserId,
        row.actorRole,
        row.action,
        row.patientId,
        row.resourceType,
        row.resourceId,
        row.outcome,
        row.details,
        row.prevHash,
        lastHash,
      ]);
    }
  };

  const counters: Counters = { reports: 0, alerts: 0, active: 0, alertEvents: 0 };
  for (let day = 0; day < options.days; day++) {
    const dayStart = windowStart + day * DAY_MS;
    for (const p of patients) {
      // Draw the day's answers and timing whether or not the patient reports, so a patient's course
      // does not depend on which days they missed.
      const report = dayReport(p.profile, day, p.random);
      const reportedAt = dayStart - Math.floor(p.random() * 6 * HOUR_MS);
      const febrile = report.temperatureC !== null && report.temperatureC >= 38;
      const reports = p.random() < p.profile.adherence || febrile || day === options.days - 1;
      if (reports) await writeReport(s, p, day, report, reportedAt, now, counters, audit);
    }
    // Every nurse opens the queue each morning.
    for (let team = 0; team < TEAM_COUNT; team++) {
      for (let k = 0; k < NURSES_PER_TEAM; k++) {
        audit({
          at: dayStart - 4 * HOUR_MS + (team * NURSES_PER_TEAM + k) * MINUTE_MS,
          organisationId: organisationId(teamOrganisation(team)),
          actorUserId: staffId(team, "nurse", k),
          actorRole: "nurse",
          action: "triage_queue_viewed",
          patientId: null,
          resourceType: "triage_queue",
          resourceId: null,
          outcome: "allowed",
          details: null,
        });
      }
    }
    await flushAudit(day);
    options.onProgress?.(day + 1);
  }
  for (const day of [...buckets.keys()].sort((a, b) => a - b)) await flushAudit(day);
  for (const p of patients) if (p.episode) await writeEpisode(s, p.episode, counters);

  await Promise.all(Object.values(s).map((stream) => stream.end()));
  options.onIndexes?.();
  await rebuildIndexes();
  // Moves the chain head past the bulk events; refuses if anything else appended meanwhile.
  const moved = await sql`update app.audit_chain_head set last_id = ${String(lastId)}, last_hash = ${lastHash}
    where singleton and last_id = ${head.lastId}`;
  if (moved.count !== 1) throw new Error("The audit chain head moved during the load: another writer appended events.");
  // The consent rules came in with triggers off: work out who may read what from all of them.
  await sql`select app.rebuild_consent_access()`;

  return {
    patients: options.patients,
    reports: s.symptom_reports.rows,
    answers: s.symptom_answers.rows,
    grades: s.symptom_grades.rows,
    alerts: s.alerts.rows,
    activeAlerts: counters.active,
    consentRules: s.consent_rules.rows,
    auditEvents: s.audit_events.rows,
  };
}
