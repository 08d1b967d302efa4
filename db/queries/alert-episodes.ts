import "server-only";
/**
 * Alert episodes in the caller's transaction: an amber or red report raises the patient's alert, or
 * joins the one already active (lib/alerts/episodes.ts decides how). Runs inside `withRls`, as the
 * report's submitter: the patient, their device, or a clinician taking the report by phone.
 *
 * Two reports of one patient at once end in one episode. With no active alert, each tries to raise
 * one with INSERT ... ON CONFLICT DO NOTHING on the partial unique index of active alerts: under
 * READ COMMITTED the second waits for the first to commit, inserts nothing, and then reads the
 * first's alert and joins it. Joining is a compare-and-set on the alert's version
 * (app.add_report_to_alert, db/sql/alert-episodes.sql): when another report or a clinician changed
 * the alert in between, it is read again and the rule applied again to what it now is.
 */
import { sql } from "drizzle-orm";
import { applyReportToEpisode, type Episode, type EpisodeChange, type EpisodeReport } from "../../lib/alerts/episodes";
import type { AlertSeverity, AlertStatus } from "../../lib/alerts/transitions";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { at, queryRows, textArray } from "../sql";
import { alertReasons } from "./alert-reasons";

export type RecordAlertReportParams = {
  patientId: string;
  organisationId: string;
  /** The team a new episode goes to; the patient's primary care team when omitted. */
  careTeamId?: string | null;
  reportId: string;
  report: EpisodeReport;
};

/** `severity` and `dueAt` are the alert's level and response deadline once the report is in it. */
export type RecordAlertReportResult = {
  alertId: string;
  change: EpisodeChange["kind"];
  severity: AlertSeverity;
  dueAt: Date;
};

/** Enough for any number of concurrent reports of one patient; a loop that never settles is a bug. */
const MAX_ATTEMPTS = 20;

type ActiveRow = {
  id: string;
  severity: AlertSeverity;
  status: AlertStatus;
  due_at: string | Date;
  /** Null only if the submitter could not read them, which a report's own submitter always may. */
  reasons: string[] | null;
  version: number;
};

/** Raises the patient's alert for an amber or red report, or adds the report to the active one. */
export async function recordAlertReport(tx: Tx, p: RecordAlertReportParams): Promise<RecordAlertReportResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [active] = await queryRows<ActiveRow>(
      tx,
      sql`select a.id, a.severity, a.status, a.due_at, ${alertReasons(sql`a.id`)} as reasons, a.version from alerts a
          where a.patient_id = ${p.patientId}::uuid and a.status <> 'resolved'`,
    );
    if (!active) {
      const raised = await raise(tx, p);
      if (raised) return { alertId: raised.id, change: "raised", severity: p.report.level, dueAt: raised.dueAt };
      continue; // another report raised it first: join theirs
    }
    const episode: Episode = {
      severity: active.severity,
      status: active.status === "acknowledged" ? "acknowledged" : "open",
      dueAt: new Date(active.due_at),
      reasons: active.reasons ?? [],
    };
    const change = applyReportToEpisode(episode, p.report);
    if (await join(tx, p, active.id, Number(active.version), change))
      return { alertId: active.id, change: change.kind, severity: change.severity, dueAt: change.dueAt };
  }
  throw new Error("a report could not be added to its patient's alert: it kept changing");
}

async function raise(tx: Tx, p: RecordAlertReportParams): Promise<{ id: string; dueAt: Date } | null> {
  const change = applyReportToEpisode(null, p.report);
  const when = at(p.report.at);
  const columns = sql`${p.reportId}::uuid, ${change.severity}::alert_severity, ${textArray(change.reasons)}, ${when}, ${at(change.dueAt)}, ${when}`;
  const [alert] = await queryRows<{ id: string }>(
    tx,
    sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, raised_at, due_at, last_reported_at)
        ${
          p.careTeamId
            ? sql`values (${p.patientId}::uuid, ${p.careTeamId}::uuid, ${columns})`
            : sql`select p.id, p.primary_care_team_id, ${columns} from patients p
                  where p.id = ${p.patientId} and p.organisation_id = ${p.organisationId}`
        }
        on conflict (patient_id) where status <> 'resolved' do nothing
        returning id`,
  );
  if (!alert) {
    // Nothing inserted: either an active alert appeared meanwhile (join it), or the patient is not
    // the caller's organisation's (refuse, as before episodes).
    const [exists] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select exists (select 1 from alerts a where a.patient_id = ${p.patientId}::uuid and a.status <> 'resolved') as ok`,
    );
    if (!exists?.ok) throw refused({ kind: "record_not_found" });
    return null;
  }
  await tx.execute(
    sql`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes, added_at)
        values (${p.reportId}::uuid, ${alert.id}::uuid, ${p.patientId}::uuid, ${p.report.level}::alert_severity,
          ${textArray(p.report.reasons)}, ${p.report.responseMinutes}, ${when})`,
  );
  return { id: alert.id, dueAt: change.dueAt };
}

async function join(
  tx: Tx,
  p: RecordAlertReportParams,
  alertId: string,
  version: number,
  change: EpisodeChange,
): Promise<boolean> {
  const escalated = change.kind === "escalated";
  const newReasons = change.kind === "report_added" && !change.reasonsChanged ? null : change.reasons;
  const [row] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select app.add_report_to_alert(${alertId}::uuid, ${version}::integer, ${p.reportId}::uuid,
          ${p.report.level}::alert_severity, ${textArray(p.report.reasons)}, ${p.report.responseMinutes}::integer,
          ${escalated ? change.severity : null}::alert_severity, ${escalated ? at(change.dueAt) : sql`null::timestamptz`},
          ${newReasons === null ? sql`null::text[]` : textArray(newReasons)}, ${at(p.report.at)}) as ok`,
  );
  return row?.ok === true;
}
