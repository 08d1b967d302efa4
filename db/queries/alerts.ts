import "server-only";
/**
 * Alerts: the triage queue, what changed since the last poll, the team lead's overdue list, and
 * the five things a clinician does to an alert (acknowledge, assign, note, resolve, reopen).
 *
 * Every function runs inside `withRls`, so the policies decide which alerts exist for the caller:
 * a clinician sees an alert only with the patient's consent for `alerts`, and the patient's name
 * only with consent for `demographics` (otherwise the row says the name is withheld).
 *
 * Changes use optimistic concurrency: `UPDATE ... WHERE version = $expected` bumps the version, so
 * of two clinicians acting on the same alert at once exactly one succeeds. Under READ COMMITTED the
 * second UPDATE waits for the first to commit, re-reads the row, finds the version moved on and
 * changes nothing; it is then told who did what, with the alert as it now is.
 *
 * Performance (see EXPLAIN notes in the report and tests/alerts-performance.test.ts): the queue
 * reads the active alerts of the user's care teams through the partial index
 * alerts_active_team_patient_idx (care_team_id, patient_id) WHERE status <> 'resolved'. Under RLS
 * only leakproof operators can be index conditions; enum comparisons are not leakproof, so the
 * partial index's predicate (which the planner may still prove from `status <> 'resolved'`) is what
 * keeps resolved history out of the scan. Each statement evaluates the consent policy once per
 * table it reads, so the page, its counts and the names are one statement, and names are looked up
 * per row of the page (LATERAL ... LIMIT 1), never for every readable patient.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { OutcomeCode } from "../../lib/alerts/outcomes";
import { type QueueState, RESOLVED_LOOKBACK_DAYS } from "../../lib/alerts/queue-state";
import {
  type AlertAction,
  type AlertSeverity,
  type AlertStatus,
  canPerform,
  EVENT_KIND,
  statusesAllowing,
} from "../../lib/alerts/transitions";
import { refused } from "../../lib/errors";
import { isUuid } from "../../lib/uuid";
import type { Tx } from "../client";
import { alertEvents, alerts } from "../schema";
import { at, queryRows } from "../sql";

// ---------------------------------------------------------------------------------------------
// What the queue shows

export type StaffRef = { id: string; name: string };

/** One alert as the triage queue (and the patient record) shows it. Times are ISO 8601 strings. */
export type AlertQueueRow = {
  id: string;
  patientId: string;
  /** Null when the patient has not shared their demographics with this clinician. */
  patient: { name: string; hospitalNumber: string } | null;
  careTeamId: string;
  careTeamName: string | null;
  severity: AlertSeverity;
  reasons: string[];
  status: AlertStatus;
  raisedAt: string;
  dueAt: string;
  assignee: StaffRef | null;
  acknowledgedBy: StaffRef | null;
  acknowledgedAt: string | null;
  resolvedBy: StaffRef | null;
  resolvedAt: string | null;
  outcomeCodes: string[];
  version: number;
};

export type TriageQueueParams = {
  state: QueueState;
  userId: string;
  /** The care teams the user holds a clinical role in: the queue is their teams' work. */
  teamIds: readonly string[];
  now: Date;
};

export type TriageQueuePage = {
  rows: AlertQueueRow[];
  /** Alerts matching the filters, on every page. */
  total: number;
  /** Open alerts past their response target in the user's teams, whatever the filters. */
  overdue: number;
};

/** A uuid[] parameter. Ids come from the session or validated input; anything else is refused. */
function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`Not a uuid: ${JSON.stringify(id)}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** The care teams the queue covers: the user's teams, narrowed to one when the view names one of them. */
function queueTeams(state: QueueState, teamIds: readonly string[]): string[] {
  const teams = [...new Set(teamIds.map((t) => t.toLowerCase()))];
  return state.team ? teams.filter((t) => t === state.team) : teams;
}

/** The view's filters, as a condition on a row of the scope CTE (columns unqualified). */
function filterCondition(state: QueueState, userId: string, now: Date): SQL {
  const parts: SQL[] = [sql`true`];
  if (state.severity) parts.push(sql`severity = ${state.severity}::alert_severity`);
  if (state.status === "open" || state.status === "acknowledged")
    parts.push(sql`status = ${state.status}::alert_status`);
  if (state.mine) parts.push(sql`assigned_to = ${userId}::uuid`);
  if (state.overdue) parts.push(sql`(status = 'open' and due_at < ${at(now)})`);
  return sql.join(parts, sql` and `);
}

/** ORDER BY for the view's sort; every order ends in the id, so pages are stable. */
function orderBy(state: QueueState, alias: string, namesAlias = alias): SQL {
  const c = (column: string) => sql.raw(`${alias}.${column}`);
  const n = (column: string) => sql.raw(`${namesAlias}.${column}`);
  const dir = sql.raw(state.dir === "asc" ? "asc" : "desc");
  const priority = sql`${c("severity")} desc, ${c("status")} asc, ${c("due_at")} asc, ${c("id")} asc`;
  switch (state.sort) {
    case "severity":
      return sql`${c("severity")} ${dir}, ${c("status")} asc, ${c("due_at")} asc, ${c("id")} asc`;
    case "timeLeft":
      return sql`${c("due_at")} ${dir}, ${c("severity")} desc, ${c("id")} asc`;
    case "raisedAt":
      return sql`${c("raised_at")} ${dir}, ${c("id")} ${dir}`;
    case "status":
      return sql`${c("status")} ${dir}, ${c("severity")} desc, ${c("due_at")} asc, ${c("id")} asc`;
    case "patient":
      return sql`${n("family_name")} ${dir} nulls last, ${n("given_name")} ${dir} nulls last, ${priority}`;
  }
}

const SCOPE_COLUMNS = sql.raw(`a.id, a.patient_id, a.care_team_id, a.severity, a.reasons, a.status, a.raised_at,
  a.due_at, a.assigned_to, a.acknowledged_by, a.acknowledged_at, a.resolved_by, a.resolved_at, a.outcome_codes, a.version`);

/** Active alerts (open or acknowledged) of the given teams: the partial index's range. */
function activeScope(teams: readonly string[]): SQL {
  if (teams.length === 0) return sql`select ${SCOPE_COLUMNS} from alerts a where false`;
  return sql`select ${SCOPE_COLUMNS} from alerts a
    where a.care_team_id = any(${uuidArray(teams)}) and a.status <> 'resolved'`;
}

/** Resolved alerts of the given teams raised in the look-back window: an indexed range per patient. */
function resolvedScope(teams: readonly string[], now: Date): SQL {
  const since = new Date(now.getTime() - RESOLVED_LOOKBACK_DAYS * 24 * 60 * 60 * 1000);
  return sql`select ${SCOPE_COLUMNS} from alerts a
    where a.care_team_id = any(${uuidArray(teams)}) and a.raised_at >= ${at(since)} and a.status = 'resolved'`;
}

/**
 * The DTO of each row of `source` (a CTE of alert rows), with names looked up per row. `source`
 * must expose the alert columns; the result column is `row` (json).
 */
function rowJson(source: string): SQL {
  const s = (column: string) => sql.raw(`${source}.${column}`);
  return sql`json_build_object(
      'id', ${s("id")}, 'patientId', ${s("patient_id")},
      'givenName', pt.given_name, 'familyName', pt.family_name, 'hospitalNumber', pt.hospital_number,
      'careTeamId', ${s("care_team_id")}, 'careTeamName', tm.name,
      'severity', ${s("severity")}, 'reasons', ${s("reasons")}, 'status', ${s("status")},
      'raisedAt', ${s("raised_at")}, 'dueAt', ${s("due_at")},
      'assignedTo', ${s("assigned_to")}, 'assigneeName', asg.display_name,
      'acknowledgedBy', ${s("acknowledged_by")}, 'acknowledgedByName', ack.display_name, 'acknowledgedAt', ${s("acknowledged_at")},
      'resolvedBy', ${s("resolved_by")}, 'resolvedByName', res.display_name, 'resolvedAt', ${s("resolved_at")},
      'outcomeCodes', ${s("outcome_codes")}, 'version', ${s("version")})`;
}

/**
 * Joins that name the people and team of each row of `source`. Staff names come from one read of
 * `users` for the whole result (one policy evaluation), patient names from one primary-key probe
 * per row.
 */
function nameJoins(source: string): SQL {
  const s = (column: string) => sql.raw(`${source}.${column}`);
  return sql`
    left join lateral (select p.given_name, p.family_name, p.hospital_number from patients p
                       where p.id = ${s("patient_id")} limit 1) pt on true
    left join lateral (select t.name from care_teams t where t.id = ${s("care_team_id")} limit 1) tm on true
    left join staff_names asg on asg.id = ${s("assigned_to")}
    left join staff_names ack on ack.id = ${s("acknowledged_by")}
    left join staff_names res on res.id = ${s("resolved_by")}`;
}

/** A CTE `staff_names` with the display names of the staff named by rows of `source`. */
function staffNamesCte(source: string): SQL {
  const src = sql.raw(source);
  return sql`staff_names as (
    select u.id, u.display_name from users u
    where u.id in (select assigned_to from ${src} union select acknowledged_by from ${src} union select resolved_by from ${src}))`;
}

type RawRow = {
  id: string;
  patientId: string;
  givenName: string | null;
  familyName: string | null;
  hospitalNumber: string | null;
  careTeamId: string;
  careTeamName: string | null;
  severity: AlertSeverity;
  reasons: string[];
  status: AlertStatus;
  raisedAt: string;
  dueAt: string;
  assignedTo: string | null;
  assigneeName: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  outcomeCodes: string[] | null;
  version: number;
};

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const staffRef = (id: string | null, name: string | null): StaffRef | null =>
  id === null ? null : { id, name: name ?? "A colleague" };

function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function toQueueRow(value: unknown): AlertQueueRow {
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
    reasons: r.reasons ?? [],
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
  };
}

/**
 * One page of the triage queue for the caller, with the number of alerts matching the view and
 * the number overdue in the caller's teams, in one statement. Red first, then open before
 * acknowledged, then the least time left (the default sort); every sort ends in the id.
 */
export async function listTriageQueue(tx: Tx, p: TriageQueueParams): Promise<TriageQueuePage> {
  const teams = queueTeams(p.state, p.teamIds);
  if (teams.length === 0) return { rows: [], total: 0, overdue: 0 };
  const { state, now } = p;
  const filters = filterCondition(state, p.userId, now);
  const resolved = state.status === "resolved";
  const source = resolved ? sql`resolved_scope` : sql`active`;
  // Sorting by patient needs the names before the page is cut: one probe per alert in scope.
  const patientKeys =
    state.sort === "patient"
      ? sql`left join lateral (select p.family_name, p.given_name from patients p where p.id = s.patient_id limit 1) pn on true`
      : sql``;
  const patientColumns = state.sort === "patient" ? sql`, pn.family_name, pn.given_name` : sql``;
  const rows = await queryRows<{ total: number; overdue: number; row: unknown }>(
    tx,
    sql`with active as materialized (${activeScope(teams)}),
      ${resolved ? sql`resolved_scope as materialized (${resolvedScope(teams, now)}),` : sql``}
      counts as (
        select (select count(*) from ${source} where ${filters})::int as total,
               (select count(*) from active where status = 'open' and due_at < ${at(now)})::int as overdue
      ),
      page as (
        select s.*${patientColumns} from ${source} s ${patientKeys}
        where ${filters}
        order by ${orderBy(state, "s", "pn")}
        limit ${state.size} offset ${(state.page - 1) * state.size}
      ),
      ${staffNamesCte("page")}
    select counts.total, counts.overdue, case when page.id is null then null else ${rowJson("page")} end as row
    from counts
    left join page on true
    ${nameJoins("page")}
    order by ${orderBy(state, "page")}`,
  );
  const first = rows[0];
  return {
    rows: rows.filter((r) => r.row !== null).map((r) => toQueueRow(r.row)),
    total: Number(first?.total ?? 0),
    overdue: Number(first?.overdue ?? 0),
  };
}

export type QueueChangesParams = TriageQueueParams & {
  /** Alerts raised after this instant are new to the browser asking. */
  since: Date;
  /** Alerts the browser shows, whose current state it wants. */
  ids: readonly string[];
};

export type QueueChanges = {
  /** Active alerts matching the view raised since `since`, most urgent first (at most 50). */
  added: AlertQueueRow[];
  /** The current state of the requested alerts the caller may still see. */
  updated: AlertQueueRow[];
  total: number;
  overdue: number;
};

/** Reports raised since a moment may commit a little after it: look back this much further. */
const COMMIT_GRACE_MS = 2 * 60 * 1000;
const MAX_ADDED = 50;

/**
 * What the browser's queue needs to catch up: new alerts for its view (the browser drops those it
 * already shows), the current state of the rows it shows, and fresh counts. One statement.
 */
export async function queueChangesSince(tx: Tx, p: QueueChangesParams): Promise<QueueChanges> {
  const teams = queueTeams(p.state, p.teamIds);
  const ids = [...new Set(p.ids)].slice(0, 100);
  if (teams.length === 0 && ids.length === 0) return { added: [], updated: [], total: 0, overdue: 0 };
  const { state, now } = p;
  const filters = filterCondition(state, p.userId, now);
  // A new alert is an active one; the resolved view gets none.
  const addedSource =
    state.status === "resolved" || teams.length === 0
      ? sql`select * from active where false`
      : sql`
    select * from active where raised_at > ${at(new Date(p.since.getTime() - COMMIT_GRACE_MS))} and ${filters}
    order by severity desc, status asc, due_at asc, id asc limit ${MAX_ADDED}`;
  const rows = await queryRows<{ kind: "counts" | "added" | "updated"; total: number; overdue: number; row: unknown }>(
    tx,
    sql`with active as materialized (${activeScope(teams)}),
      counts as (
        select (select count(*) from active where ${filters})::int as total,
               (select count(*) from active where status = 'open' and due_at < ${at(now)})::int as overdue
      ),
      added as (${addedSource}),
      updated as (
        select ${SCOPE_COLUMNS} from alerts a where a.id = any(${uuidArray(ids)})
      ),
      changed as (select 'added' as kind, * from added union all select 'updated' as kind, * from updated),
      ${staffNamesCte("changed")}
    select 'counts' as kind, counts.total, counts.overdue, null::json as row from counts
    union all
    select changed.kind, null, null, ${rowJson("changed")} from changed ${nameJoins("changed")}`,
  );
  const counts = rows.find((r) => r.kind === "counts");
  const of = (kind: "added" | "updated") => rows.filter((r) => r.kind === kind).map((r) => toQueueRow(r.row));
  const priority = (a: AlertQueueRow, b: AlertQueueRow) =>
    (a.severity === b.severity ? 0 : a.severity === "red" ? -1 : 1) ||
    (a.status === b.status ? 0 : a.status === "open" ? -1 : 1) ||
    a.dueAt.localeCompare(b.dueAt) ||
    a.id.localeCompare(b.id);
  return {
    added: of("added").sort(priority),
    updated: of("updated"),
    total: teams.length ? Number(counts?.total ?? 0) : 0,
    overdue: teams.length ? Number(counts?.overdue ?? 0) : 0,
  };
}

/** One alert with its names, or null when it does not exist for the caller. */
export async function findAlertRow(tx: Tx, alertId: string): Promise<AlertQueueRow | null> {
  const rows = await queryRows<{ row: unknown }>(
    tx,
    sql`with one as (select ${SCOPE_COLUMNS} from alerts a where a.id = ${alertId}::uuid),
      ${staffNamesCte("one")}
    select ${rowJson("one")} as row from one ${nameJoins("one")}`,
  );
  return rows[0] ? toQueueRow(rows[0].row) : null;
}

// ---------------------------------------------------------------------------------------------
// The team lead's overdue list

export type LeadOverdueList = {
  /** Names of the care teams the caller leads (empty: not a team lead, and no list is shown). */
  teams: { id: string; name: string }[];
  rows: AlertQueueRow[];
  total: number;
};

/**
 * Every open alert past its response target in the care teams the caller leads, longest overdue
 * first, whoever it is assigned to. Still subject to each patient's consent.
 */
export async function listOverdueForLead(
  tx: Tx,
  p: { userId: string; now: Date; limit?: number },
): Promise<LeadOverdueList> {
  const teams = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select distinct t.id, t.name from staff_memberships m join care_teams t on t.id = m.care_team_id
        where m.user_id = ${p.userId}::uuid and m.is_team_lead and m.role in ('oncologist', 'nurse')
        order by t.name`,
  );
  if (teams.length === 0) return { teams: [], rows: [], total: 0 };
  const limit = p.limit ?? 50;
  const rows = await queryRows<{ total: number; row: unknown }>(
    tx,
    sql`with active as materialized (${activeScope(teams.map((t) => t.id))}),
      overdue as (select * from active where status = 'open' and due_at < ${at(p.now)}),
      page as (select * from overdue order by due_at asc, id asc limit ${limit}),
      ${staffNamesCte("page")}
    select (select count(*) from overdue)::int as total, case when page.id is null then null else ${rowJson("page")} end as row
    from (select 1) one left join page on true ${nameJoins("page")}
    order by page.due_at asc, page.id asc`,
  );
  return {
    teams,
    rows: rows.filter((r) => r.row !== null).map((r) => toQueueRow(r.row)),
    total: Number(rows[0]?.total ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Colleagues an alert may be assigned to

export type Colleague = { id: string; name: string; roles: string[]; teamIds: string[] };

/** Active clinicians of the given care teams, by name: whom an alert of those teams may go to. */
export async function listAssignableColleagues(tx: Tx, p: { teamIds: readonly string[] }): Promise<Colleague[]> {
  if (p.teamIds.length === 0) return [];
  const rows = await queryRows<{ id: string; name: string; roles: string[] | string; team_ids: string[] | string }>(
    tx,
    sql`select u.id, u.display_name as name,
          array_agg(distinct m.role::text order by m.role::text) as roles,
          array_agg(distinct m.care_team_id) as team_ids
        from staff_memberships m join users u on u.id = m.user_id
        where m.care_team_id = any(${uuidArray(p.teamIds)}) and m.role in ('oncologist', 'nurse')
          and u.deactivated_at is null
        group by u.id, u.display_name
        order by u.display_name, u.id`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, roles: pgArray(r.roles), teamIds: pgArray(r.team_ids) }));
}

/** A text or uuid array as either driver returns it. */
function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean);
}

/** Names of the given care teams (the queue's team filter), by name. */
export async function careTeamOptions(
  tx: Tx,
  p: { teamIds: readonly string[] },
): Promise<{ id: string; name: string }[]> {
  if (p.teamIds.length === 0) return [];
  return queryRows<{ id: string; name: string }>(
    tx,
    sql`select t.id, t.name from care_teams t where t.id = any(${uuidArray(p.teamIds)}) order by t.name, t.id`,
  );
}

// ---------------------------------------------------------------------------------------------
// Acting on an alert

export type AlertChangeResult =
  | { status: "changed"; alert: AlertQueueRow }
  /** Someone else changed the alert first (or the browser's copy was stale): nothing was changed. */
  | { status: "conflict"; alert: AlertQueueRow }
  /** The alert is in a state that does not allow this action (e.g. acknowledging a resolved one). */
  | { status: "not_allowed"; alert: AlertQueueRow };

type Target = {
  alertId: string;
  /** The patient the client says the alert belongs to; consent was checked for this patient. */
  patientId: string;
  /** The version the client saw. */
  expectedVersion: number;
  userId: string;
  now: Date;
};

const MAX_NOTE = 2000;

function cleanNote(note: string | null | undefined): string | null {
  const text = (note ?? "").trim();
  if (text.length > MAX_NOTE) throw refused({ kind: "note_too_long", max: MAX_NOTE });
  return text || null;
}

/**
 * The one place alerts change: the UPDATE names the alert, its patient (the one consent was
 * checked for), the version the clinician saw and the statuses the action may start from; on
 * success it records the event. On failure it reads the alert as it now is and says why.
 */
async function changeAlert(
  tx: Tx,
  action: Exclude<AlertAction, "note">,
  t: Target,
  set: PgUpdateSetSource<typeof alerts>,
  event: { note?: string | null; outcomeCodes?: string[] | null },
): Promise<AlertChangeResult> {
  const updated = await tx
    .update(alerts)
    .set({ ...set, version: sql`${alerts.version} + 1` })
    .where(
      and(
        eq(alerts.id, t.alertId),
        eq(alerts.patientId, t.patientId),
        eq(alerts.version, t.expectedVersion),
        inArray(alerts.status, [...statusesAllowing(action)]),
      ),
    )
    .returning({ id: alerts.id });
  if (updated.length === 0) return refusal(tx, action, t);
  await tx.insert(alertEvents).values({
    alertId: t.alertId,
    patientId: t.patientId,
    userId: t.userId,
    kind: EVENT_KIND[action],
    note: event.note ?? null,
    outcomeCodes: event.outcomeCodes ?? null,
    createdAt: t.now,
  });
  const alert = await findAlertRow(tx, t.alertId);
  if (!alert) throw new Error("an alert just changed could not be read back");
  return { status: "changed", alert };
}

/** Why an UPDATE matched nothing: no such alert for this patient (404), a stale copy, or the wrong state. */
async function refusal(tx: Tx, action: AlertAction, t: Target): Promise<AlertChangeResult> {
  const current = await findAlertRow(tx, t.alertId);
  if (!current || current.patientId !== t.patientId) throw refused({ kind: "record_not_found" });
  if (current.version === t.expectedVersion && !canPerform(action, current.status)) {
    return { status: "not_allowed", alert: current };
  }
  return { status: "conflict", alert: current };
}

/** Takes ownership: open → acknowledged, assigned to the clinician who acknowledged it. */
export function acknowledgeAlert(tx: Tx, t: Target): Promise<AlertChangeResult> {
  return changeAlert(
    tx,
    "acknowledge",
    t,
    { status: "acknowledged", acknowledgedBy: t.userId, acknowledgedAt: t.now, assignedTo: t.userId },
    {},
  );
}

/**
 * Hands the alert to a colleague: an active clinician of the alert's care team. The status stays
 * as it is (assigning is not a response to the patient).
 */
export async function assignAlert(
  tx: Tx,
  t: Target & { assigneeId: string; note?: string | null },
): Promise<AlertChangeResult> {
  const note = cleanNote(t.note);
  const [eligible] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select exists (
          select 1 from alerts a
          join staff_memberships m on m.care_team_id = a.care_team_id
          join users u on u.id = m.user_id
          where a.id = ${t.alertId}::uuid and m.user_id = ${t.assigneeId}::uuid
            and m.role in ('oncologist', 'nurse') and u.deactivated_at is null) as ok`,
  );
  if (!eligible?.ok) {
    // Either the alert is not the caller's to see, or the colleague is not in its care team.
    const current = await findAlertRow(tx, t.alertId);
    if (!current || current.patientId !== t.patientId) throw refused({ kind: "record_not_found" });
    throw refused({ kind: "assignee_not_in_care_team" });
  }
  return changeAlert(tx, "assign", t, { assignedTo: t.assigneeId }, { note });
}

/**
 * Closes the alert with what was done (one or more outcome codes) and an optional note. An alert
 * resolved straight from open counts as responded to by the clinician who resolved it.
 */
export function resolveAlert(
  tx: Tx,
  t: Target & { outcomeCodes: readonly OutcomeCode[]; note?: string | null },
): Promise<AlertChangeResult> {
  if (t.outcomeCodes.length === 0) throw refused({ kind: "outcome_required" });
  const note = cleanNote(t.note);
  return changeAlert(
    tx,
    "resolve",
    t,
    {
      status: "resolved",
      resolvedBy: t.userId,
      resolvedAt: t.now,
      outcomeCodes: [...t.outcomeCodes],
      acknowledgedBy: sql`coalesce(${alerts.acknowledgedBy}, ${t.userId}::uuid)`,
      acknowledgedAt: sql`coalesce(${alerts.acknowledgedAt}, ${at(t.now)})`,
      assignedTo: sql`coalesce(${alerts.assignedTo}, ${t.userId}::uuid)`,
    },
    { note, outcomeCodes: [...t.outcomeCodes] },
  );
}

/** Reopens a resolved alert: the clinician who reopens it takes it on (acknowledged, assigned to them). */
export function reopenAlert(tx: Tx, t: Target & { note?: string | null }): Promise<AlertChangeResult> {
  const note = cleanNote(t.note);
  return changeAlert(
    tx,
    "reopen",
    t,
    { status: "acknowledged", resolvedBy: null, resolvedAt: null, outcomeCodes: [], assignedTo: t.userId },
    { note },
  );
}

/**
 * Adds a note. Notes change nothing on the alert, so two clinicians may add them at once; the
 * alert must exist for the caller and belong to the patient consent was checked for.
 */
export async function addAlertNote(
  tx: Tx,
  p: { alertId: string; patientId: string; userId: string; note: string; now: Date },
): Promise<{ alert: AlertQueueRow }> {
  const note = cleanNote(p.note);
  if (!note) throw refused({ kind: "note_required" });
  const current = await findAlertRow(tx, p.alertId);
  if (!current || current.patientId !== p.patientId) throw refused({ kind: "record_not_found" });
  await tx.insert(alertEvents).values({
    alertId: p.alertId,
    patientId: p.patientId,
    userId: p.userId,
    kind: "note",
    note,
    createdAt: p.now,
  });
  return { alert: current };
}

// ---------------------------------------------------------------------------------------------
// History

export type AlertEventView = {
  id: string;
  kind: "acknowledged" | "assigned" | "note" | "resolved" | "reopened";
  by: StaffRef;
  note: string | null;
  outcomeCodes: string[];
  at: string;
};

/** What happened to one alert, oldest first. Empty when the caller may not see the alert. */
export async function listAlertEvents(tx: Tx, p: { alertId: string }): Promise<AlertEventView[]> {
  const rows = await queryRows<{ row: unknown }>(
    tx,
    sql`select json_build_object('id', e.id, 'kind', e.kind, 'userId', e.user_id, 'userName', u.display_name,
          'note', e.note, 'outcomeCodes', e.outcome_codes, 'at', e.created_at) as row
        from alert_events e left join users u on u.id = e.user_id
        where e.alert_id = ${p.alertId}::uuid
        order by e.created_at asc, e.id asc`,
  );
  return rows.map(({ row }) => {
    const r = parseJson<{
      id: string;
      kind: AlertEventView["kind"];
      userId: string;
      userName: string | null;
      note: string | null;
      outcomeCodes: string[] | null;
      at: string;
    }>(row);
    return {
      id: r.id,
      kind: r.kind,
      by: { id: r.userId, name: r.userName ?? "A colleague" },
      note: r.note,
      outcomeCodes: r.outcomeCodes ?? [],
      at: new Date(r.at).toISOString(),
    };
  });
}
