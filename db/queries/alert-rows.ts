import "server-only";
/**
 * Alert rows as every alert query reads them: the scope CTEs (active alerts through the partial
 * index, resolved ones in the look-back window), each row's DTO with its names looked up per row,
 * and one alert by id. See db/queries/alert-queue.ts for why names are looked up per row.
 */
import { type SQL, sql } from "drizzle-orm";
import { RESOLVED_LOOKBACK_DAYS } from "../../lib/alerts/queue-state";
import type { AlertView, StaffRef } from "../../lib/alerts/view";
import { isUuid } from "../../lib/uuid";
import type { Tx } from "../client";
import { at, queryRows } from "../sql";
import { alertReasonsJoin } from "./alert-reasons";

/** A uuid[] parameter. Ids come from the session or validated input; anything else is refused. */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`Not a uuid: ${JSON.stringify(id)}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

export const SCOPE_COLUMNS =
  sql.raw(`a.id, a.patient_id, a.care_team_id, a.report_id, a.severity, a.status, a.raised_at,
  a.due_at, a.assigned_to, a.acknowledged_by, a.acknowledged_at, a.resolved_by, a.resolved_at, a.outcome_codes, a.version,
  a.report_count, a.last_reported_at`);

/** Active alerts (open or acknowledged) of the given teams: the partial index's range. */
export function activeScope(teams: readonly string[]): SQL {
  if (teams.length === 0) return sql`select ${SCOPE_COLUMNS} from alerts a where false`;
  return sql`select ${SCOPE_COLUMNS} from alerts a
    where a.care_team_id = any(${uuidArray(teams)}) and a.status <> 'resolved'`;
}

/** Resolved alerts of the given teams raised in the look-back window: an indexed range per patient. */
export function resolvedScope(teams: readonly string[], now: Date): SQL {
  const since = new Date(now.getTime() - RESOLVED_LOOKBACK_DAYS * 24 * 60 * 60 * 1000);
  return sql`select ${SCOPE_COLUMNS} from alerts a
    where a.care_team_id = any(${uuidArray(teams)}) and a.raised_at >= ${at(since)} and a.status = 'resolved'`;
}

/**
 * The DTO of each row of `source` (a CTE of alert rows), with names looked up per row. `source`
 * must expose the alert columns; the result column is `row` (json).
 */
export function rowJson(source: string): SQL {
  const s = (column: string) => sql.raw(`${source}.${column}`);
  return sql`json_build_object(
      'id', ${s("id")}, 'patientId', ${s("patient_id")},
      'givenName', pt.given_name, 'familyName', pt.family_name, 'hospitalNumber', pt.hospital_number,
      'careTeamId', ${s("care_team_id")}, 'careTeamName', tm.name,
      'severity', ${s("severity")}, 'reasons', said.reasons, 'status', ${s("status")},
      'raisedAt', ${s("raised_at")}, 'dueAt', ${s("due_at")},
      'assignedTo', ${s("assigned_to")}, 'assigneeName', asg.display_name,
      'acknowledgedBy', ${s("acknowledged_by")}, 'acknowledgedByName', ack.display_name, 'acknowledgedAt', ${s("acknowledged_at")},
      'resolvedBy', ${s("resolved_by")}, 'resolvedByName', res.display_name, 'resolvedAt', ${s("resolved_at")},
      'outcomeCodes', ${s("outcome_codes")}, 'version', ${s("version")},
      'reportCount', ${s("report_count")}, 'lastReportedAt', ${s("last_reported_at")},
      'notifiedName', ntf.display_name, 'notifiedAt', ntf.created_at, 'notifiedKind', ntf.kind,
      'notifiedChannels', ntf.channels,
      'patientRead', said.for_alert is not null, 'canWait', said.can_wait, 'patientNote', said.note, 'patientNoteAt', said.note_at,
      'noteText', cn.note, 'noteAt', cn.created_at, 'noteBy', cn.user_id, 'noteByName', cn.display_name)`;
}

/**
 * Joins that name the people and team of each row of `source`. Staff names come from one read of
 * `users` for the whole result (one policy evaluation), patient names from one primary-key probe
 * per row, and the latest notification sent (`ntf`) and the latest clinician's note (`cn`) from
 * one probe each of the alert's history per row.
 *
 * The alert's reasons and what the patient said in its episode (`said`): one probe per row of
 * app.readable_alert_reasons, which gives them only to a viewer who may read the patient's
 * symptoms (db/sql/alert-reasons.sql); for anyone else they are null and `patientRead` is false.
 */
export function nameJoins(source: string): SQL {
  const s = (column: string) => sql.raw(`${source}.${column}`);
  return sql`
    left join lateral (select p.given_name, p.family_name, p.hospital_number from patients p
                       where p.id = ${s("patient_id")} limit 1) pt on true
    left join lateral (select t.name from care_teams t where t.id = ${s("care_team_id")} limit 1) tm on true
    left join staff_names asg on asg.id = ${s("assigned_to")}
    left join staff_names ack on ack.id = ${s("acknowledged_by")}
    left join staff_names res on res.id = ${s("resolved_by")}
    left join lateral (select e.kind, e.created_at, e.channels, u.display_name from alert_events e
                       left join users u on u.id = e.user_id
                       where e.alert_id = ${s("id")} and e.kind in ('notified', 'escalation_notified')
                       order by e.created_at desc limit 1) ntf on true
    left join lateral (select e.note, e.created_at, e.user_id, u.display_name from alert_events e
                       left join users u on u.id = e.user_id
                       where e.alert_id = ${s("id")} and e.note is not null
                         and e.kind in ('note', 'assigned', 'resolved', 'reopened')
                       order by e.created_at desc, e.id desc limit 1) cn on true
    ${alertReasonsJoin(s("id"), "said")}`;
}

/** A CTE `staff_names` with the display names of the staff named by rows of `source`. */
export function staffNamesCte(source: string): SQL {
  const src = sql.raw(source);
  return sql`staff_names as (
    select u.id, u.display_name from users u
    where u.id in (select assigned_to from ${src} union select acknowledged_by from ${src} union select resolved_by from ${src}))`;
}

/** A row as the query returns it: the view's plain columns, and the ids and names the rest is made of. */
type RawRow = Pick<
  AlertView,
  | "id"
  | "patientId"
  | "careTeamId"
  | "careTeamName"
  | "severity"
  | "reasons"
  | "status"
  | "raisedAt"
  | "dueAt"
  | "acknowledgedAt"
  | "resolvedAt"
  | "version"
> & {
  givenName: string | null;
  familyName: string | null;
  hospitalNumber: string | null;
  assignedTo: string | null;
  assigneeName: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  outcomeCodes: string[] | null;
  reportCount: number;
  lastReportedAt: string;
  notifiedName: string | null;
  notifiedAt: string | null;
  notifiedKind: string | null;
  notifiedChannels: string[] | null;
  patientRead: boolean | null;
  canWait: boolean | null;
  patientNote: string | null;
  patientNoteAt: string | null;
  noteText: string | null;
  noteAt: string | null;
  noteBy: string | null;
  noteByName: string | null;
};

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const staffRef = (id: string | null, name: string | null): StaffRef | null =>
  id === null ? null : { id, name: name ?? "A colleague" };

export function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export function toQueueRow(value: unknown): AlertView {
  const r = parseJson<RawRow>(value);
  return {
    id: r.id,
    patientId: r.patientId,
    patient:
      r.familyName !== null && r.givenName !== null
        ? { name: `${r.givenName} ${r.familyName}`, hospitalNumber: r.hospitalNumber ?? "" }
        : null,
    careTeamId: r.careTeamId,
    careTeamName: r.careTeamName,
    severity: r.severity,
    reasons: r.reasons ?? null,
    status: r.status,
    raisedAt: iso(r.raisedAt) as string,
    dueAt: iso(r.dueAt) as string,
    assignee: staffRef(r.assignedTo, r.assigneeName),
    acknowledgedBy: staffRef(r.acknowledgedBy, r.acknowledgedByName),
    acknowledgedAt: iso(r.acknowledgedAt),
    resolvedBy: staffRef(r.resolvedBy, r.resolvedByName),
    resolvedAt: iso(r.resolvedAt),
    outcomeCodes: r.outcomeCodes ?? [],
    version: Number(r.version),
    reportCount: Number(r.reportCount),
    lastReportedAt: iso(r.lastReportedAt) as string,
    lastNotified:
      r.notifiedAt === null
        ? null
        : {
            name: r.notifiedName ?? "A colleague",
            at: iso(r.notifiedAt) as string,
            escalation: r.notifiedKind === "escalation_notified",
            channels: r.notifiedChannels ?? [],
          },
    patientSays: r.patientRead
      ? { canWait: r.canWait ?? null, note: r.patientNote ?? null, noteAt: iso(r.patientNoteAt ?? null) }
      : null,
    latestNote:
      r.noteText && r.noteAt && r.noteBy
        ? { by: staffRef(r.noteBy, r.noteByName) as StaffRef, at: iso(r.noteAt) as string, text: r.noteText }
        : null,
  };
}

export type FindAlertRowParams = { alertId: string };

/** One alert with its names, or null when it does not exist for the caller. */
export async function findAlertRow(tx: Tx, { alertId }: FindAlertRowParams): Promise<AlertView | null> {
  const rows = await queryRows<{ row: unknown }>(
    tx,
    sql`with one as (select ${SCOPE_COLUMNS} from alerts a where a.id = ${alertId}::uuid),
      ${staffNamesCte("one")}
    select ${rowJson("one")} as row from one ${nameJoins("one")}`,
  );
  return rows[0] ? toQueueRow(rows[0].row) : null;
}

/**
 * The patient an alert belongs to, or null when there is no such alert the caller may read (RLS:
 * consent for the patient's alerts). For the link in a notification, which names only the alert.
 */
export async function findAlertPatientId(tx: Tx, p: { alertId: string }): Promise<string | null> {
  if (!isUuid(p.alertId)) return null;
  const [row] = await queryRows<{ patient_id: string }>(
    tx,
    sql`select patient_id from alerts where id = ${p.alertId}::uuid`,
  );
  return row?.patient_id ?? null;
}
