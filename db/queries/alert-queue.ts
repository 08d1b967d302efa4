import "server-only";
/**
 * The triage queue: one page of it, and what changed since the last poll.
 *
 * Every function runs inside `withRls`, so the policies decide which alerts exist for the caller:
 * a clinician sees an alert only with the patient's consent for `alerts`, and the patient's name
 * only with consent for `demographics` (otherwise the row says the name is withheld).
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
import { type SQL, sql } from "drizzle-orm";
import type { QueueState } from "../../lib/alerts/queue-state";
import type { AlertView } from "../../lib/alerts/view";
import type { Tx } from "../client";
import { at, queryRows } from "../sql";
import {
  activeScope,
  nameJoins,
  resolvedScope,
  rowJson,
  SCOPE_COLUMNS,
  staffNamesCte,
  toQueueRow,
  uuidArray,
} from "./alert-rows";

export type TriageQueueParams = {
  state: QueueState;
  userId: string;
  /** The care teams the user holds a clinical role in: the queue is their teams' work. */
  teamIds: readonly string[];
  now: Date;
};

export type TriageQueuePage = {
  rows: AlertView[];
  /** Alerts matching the filters, on every page. */
  total: number;
  /** Open alerts past their response target in the user's teams, whatever the filters. */
  overdue: number;
  /** Open (not yet acknowledged) red alerts in the user's teams, whatever the filters: the tab's title says it. */
  redOpen: number;
};

/** Open red alerts of the queue's teams (the `active` CTE), whatever the filters. */
const RED_OPEN = sql`(select count(*) from active where status = 'open' and severity = 'red')::int`;

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

/**
 * One page of the triage queue for the caller, with the number of alerts matching the view and
 * the number overdue in the caller's teams, in one statement. Red first, then open before
 * acknowledged, then the least time left (the default sort); every sort ends in the id.
 */
export async function listTriageQueue(tx: Tx, p: TriageQueueParams): Promise<TriageQueuePage> {
  const teams = queueTeams(p.state, p.teamIds);
  if (teams.length === 0) return { rows: [], total: 0, overdue: 0, redOpen: 0 };
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
  const rows = await queryRows<{ total: number; overdue: number; red_open: number; row: unknown }>(
    tx,
    sql`with active as materialized (${activeScope(teams)}),
      ${resolved ? sql`resolved_scope as materialized (${resolvedScope(teams, now)}),` : sql``}
      counts as (
        select (select count(*) from ${source} where ${filters})::int as total,
               (select count(*) from active where status = 'open' and due_at < ${at(now)})::int as overdue,
               ${RED_OPEN} as red_open
      ),
      page as (
        select s.*${patientColumns} from ${source} s ${patientKeys}
        where ${filters}
        order by ${orderBy(state, "s", "pn")}
        limit ${state.size} offset ${(state.page - 1) * state.size}
      ),
      ${staffNamesCte("page")}
    select counts.total, counts.overdue, counts.red_open, case when page.id is null then null else ${rowJson("page")} end as row
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
    redOpen: Number(first?.red_open ?? 0),
  };
}

export type QueueChangesParams = TriageQueueParams & {
  /** Alerts raised, or joined by a report, after this instant are new to the browser asking. */
  since: Date;
  /** Alerts the browser shows, whose current state it wants. */
  ids: readonly string[];
};

export type QueueChanges = {
  /**
   * Active alerts matching the view that had a report since `since` (raised, or joined by a later
   * report: an escalated episode must reach the top however far down it was), most urgent first
   * (at most 50).
   */
  added: AlertView[];
  /** The current state of the requested alerts the caller may still see. */
  updated: AlertView[];
  total: number;
  overdue: number;
  redOpen: number;
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
  if (teams.length === 0 && ids.length === 0) return { added: [], updated: [], total: 0, overdue: 0, redOpen: 0 };
  const { state, now } = p;
  const filters = filterCondition(state, p.userId, now);
  // A new alert is an active one; the resolved view gets none.
  const addedSource =
    state.status === "resolved" || teams.length === 0
      ? sql`select * from active where false`
      : sql`
    select * from active where last_reported_at > ${at(new Date(p.since.getTime() - COMMIT_GRACE_MS))} and ${filters}
    order by severity desc, status asc, due_at asc, id asc limit ${MAX_ADDED}`;
  const rows = await queryRows<{
    kind: "counts" | "added" | "updated";
    total: number;
    overdue: number;
    red_open: number;
    row: unknown;
  }>(
    tx,
    sql`with active as materialized (${activeScope(teams)}),
      counts as (
        select (select count(*) from active where ${filters})::int as total,
               (select count(*) from active where status = 'open' and due_at < ${at(now)})::int as overdue,
               ${RED_OPEN} as red_open
      ),
      added as (${addedSource}),
      updated as (
        select ${SCOPE_COLUMNS} from alerts a where a.id = any(${uuidArray(ids)})
      ),
      changed as (select 'added' as kind, * from added union all select 'updated' as kind, * from updated),
      ${staffNamesCte("changed")}
    select 'counts' as kind, counts.total, counts.overdue, counts.red_open, null::json as row from counts
    union all
    select changed.kind, null, null, null, ${rowJson("changed")} from changed ${nameJoins("changed")}`,
  );
  const counts = rows.find((r) => r.kind === "counts");
  const of = (kind: "added" | "updated") => rows.filter((r) => r.kind === kind).map((r) => toQueueRow(r.row));
  const priority = (a: AlertView, b: AlertView) =>
    (a.severity === b.severity ? 0 : a.severity === "red" ? -1 : 1) ||
    (a.status === b.status ? 0 : a.status === "open" ? -1 : 1) ||
    a.dueAt.localeCompare(b.dueAt) ||
    a.id.localeCompare(b.id);
  return {
    added: of("added").sort(priority),
    updated: of("updated"),
    total: teams.length ? Number(counts?.total ?? 0) : 0,
    overdue: teams.length ? Number(counts?.overdue ?? 0) : 0,
    redOpen: teams.length ? Number(counts?.red_open ?? 0) : 0,
  };
}
