import "server-only";
/** Alerts by care team: the team lead's overdue list, whom an alert may go to, and the teams' names. */
import { sql } from "drizzle-orm";
import type { Colleague, LeadOverdueList } from "../../lib/alerts/view";
import type { Tx } from "../client";
import { at, queryRows } from "../sql";
import { activeScope, nameJoins, rowJson, staffNamesCte, toQueueRow, uuidArray } from "./alert-rows";

// The team lead's overdue list

export type ListOverdueForLeadParams = { userId: string; now: Date; limit?: number };

/**
 * Every open alert past its response target in the care teams the caller leads, longest overdue
 * first, whoever it is assigned to. Still subject to each patient's consent.
 */
export async function listOverdueForLead(tx: Tx, p: ListOverdueForLeadParams): Promise<LeadOverdueList> {
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

export type TeamIdsParams = { teamIds: readonly string[] };

/** Active clinicians of the given care teams, by name: whom an alert of those teams may go to. */
export async function listAssignableColleagues(tx: Tx, p: TeamIdsParams): Promise<Colleague[]> {
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
export async function careTeamOptions(tx: Tx, p: TeamIdsParams): Promise<{ id: string; name: string }[]> {
  if (p.teamIds.length === 0) return [];
  return queryRows<{ id: string; name: string }>(
    tx,
    sql`select t.id, t.name from care_teams t where t.id = any(${uuidArray(p.teamIds)}) order by t.name, t.id`,
  );
}
