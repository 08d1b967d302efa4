import "server-only";
/**
 * The staff directory an organisation's admins read. Every query runs under the admin's own
 * row-level security context: staff accounts of their organisation only, never a patient's account
 * or record. Filtering, sorting and paging happen here, in SQL, so a page holds one page of rows.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gt,
  ilike,
  inArray,
  isNotNull,
  isNull,
  not,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { StaffRole } from "@/lib/vocabulary";
import type { Tx } from "../client";
import { careTeams, invitations, sessions, staffMemberships, users } from "../schema";
import { queryRows } from "../sql";

export const STAFF_STATUSES = ["active", "invited", "locked", "deactivated"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];
export const STAFF_SORTS = ["name", "email", "status", "lastActive", "created"] as const;
export type StaffSort = (typeof STAFF_SORTS)[number];

export type StaffQuery = {
  search: string;
  /** A role, "none" (no role at all), or null for any. */
  role: StaffRole | "none" | null;
  /** A care team id, "none" (in no care team), or null for any. */
  team: string | null;
  status: StaffStatus | null;
  sort: StaffSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
};

export type StaffMembershipItem = {
  id: string;
  role: StaffRole;
  careTeamId: string | null;
  careTeamName: string | null;
  careTeamArchived: boolean;
  isTeamLead: boolean;
};

export type StaffRow = {
  id: string;
  name: string;
  email: string;
  status: StaffStatus;
  mfaEnabled: boolean;
  lastActiveAt: string | null;
  createdAt: string;
  memberships: StaffMembershipItem[];
};

/** A user's search text as a literal inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The account's state, in order of precedence: deactivated, locked, not yet activated, active. */
function statusExpression(at: Date): SQL<StaffStatus> {
  return sql<StaffStatus>`case
    when ${users.deactivatedAt} is not null then 'deactivated'
    when ${users.lockedUntil} > ${at.toISOString()}::timestamptz then 'locked'
    when not ${users.hasPassword} then 'invited'
    else 'active' end`;
}

function statusFilter(status: StaffStatus, at: Date): SQL | undefined {
  const locked = sql`${users.lockedUntil} > ${at.toISOString()}::timestamptz`;
  const notLocked = sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= ${at.toISOString()}::timestamptz)`;
  switch (status) {
    case "deactivated":
      return isNotNull(users.deactivatedAt);
    case "locked":
      return and(isNull(users.deactivatedAt), locked);
    case "invited":
      return and(isNull(users.deactivatedAt), notLocked, eq(users.hasPassword, false));
    case "active":
      return and(isNull(users.deactivatedAt), notLocked, eq(users.hasPassword, true));
  }
}

// Spelled out: drizzle leaves the columns of a selected field unqualified, and an unqualified `id`
// there would be the session's own, which no user's id equals ("Never" for everyone).
const lastActive =
  sql<Date | null>`(select max(s.last_seen_at) from sessions s where s.user_id = ${sql.identifier("users")}.id)`.mapWith(
    sessions.lastSeenAt,
  );

function membershipWhere(...conditions: (SQL | undefined)[]) {
  return exists(
    sql`(select 1 from ${staffMemberships} where ${and(eq(staffMemberships.userId, users.id), ...conditions)})`,
  );
}

/** The WHERE clause for a query's search and filters (organisation and kind always). */
function staffWhere(
  organisationId: string,
  q: Pick<StaffQuery, "search" | "role" | "team" | "status">,
  at: Date,
): SQL | undefined {
  const term = q.search.trim();
  const conditions: (SQL | undefined)[] = [eq(users.organisationId, organisationId), eq(users.kind, "staff")];
  if (term) {
    const pattern = `%${escapeLike(term)}%`;
    conditions.push(or(ilike(users.displayName, pattern), ilike(users.email, pattern)));
  }
  if (q.role === "none") conditions.push(not(membershipWhere()));
  else if (q.role) conditions.push(membershipWhere(eq(staffMemberships.role, q.role)));
  if (q.team === "none") conditions.push(not(membershipWhere(isNotNull(staffMemberships.careTeamId))));
  else if (q.team) conditions.push(membershipWhere(eq(staffMemberships.careTeamId, q.team)));
  if (q.status) conditions.push(statusFilter(q.status, at));
  return and(...conditions);
}

function orderFor(sort: StaffSort, dir: "asc" | "desc", at: Date): SQL[] {
  const by = dir === "asc" ? asc : desc;
  const tail = [asc(users.displayName), asc(users.id)];
  switch (sort) {
    case "name":
      return [by(users.displayName), by(users.id)];
    case "email":
      return [by(users.email), asc(users.id)];
    case "status": {
      const rank = sql`case ${statusExpression(at)} when 'active' then 0 when 'invited' then 1 when 'locked' then 2 else 3 end`;
      return [by(rank), ...tail];
    }
    case "lastActive":
      return [sql`${lastActive} ${sql.raw(dir)} nulls last`, ...tail];
    case "created":
      return [by(users.createdAt), ...tail];
  }
}

/** One page of the organisation's staff, with the total that match the filters. */
export async function listStaffPage(
  tx: Tx,
  organisationId: string,
  q: StaffQuery,
  at: Date,
): Promise<{ rows: StaffRow[]; total: number }> {
  const where = staffWhere(organisationId, q, at);
  const [{ total }] = await tx.select({ total: count() }).from(users).where(where);
  const people = await tx
    .select({
      id: users.id,
      name: users.displayName,
      email: users.email,
      status: statusExpression(at),
      mfaEnabledAt: users.mfaEnabledAt,
      lastActiveAt: lastActive,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(where)
    .orderBy(...orderFor(q.sort, q.dir, at))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const memberships = await membershipsOf(
    tx,
    people.map((p) => p.id),
  );
  return {
    total: Number(total),
    rows: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      status: p.status,
      mfaEnabled: p.mfaEnabledAt !== null,
      lastActiveAt: p.lastActiveAt ? new Date(p.lastActiveAt).toISOString() : null,
      createdAt: new Date(p.createdAt).toISOString(),
      memberships: memberships.get(p.id) ?? [],
    })),
  };
}

/** Each user's memberships, admin first, then by care team name. */
export async function membershipsOf(tx: Tx, userIds: string[]): Promise<Map<string, StaffMembershipItem[]>> {
  const out = new Map<string, StaffMembershipItem[]>();
  if (userIds.length === 0) return out;
  const rows = await tx
    .select({
      userId: staffMemberships.userId,
      id: staffMemberships.id,
      role: staffMemberships.role,
      careTeamId: staffMemberships.careTeamId,
      careTeamName: careTeams.name,
      careTeamArchivedAt: careTeams.archivedAt,
      isTeamLead: staffMemberships.isTeamLead,
    })
    .from(staffMemberships)
    .leftJoin(careTeams, eq(careTeams.id, staffMemberships.careTeamId))
    .where(inArray(staffMemberships.userId, userIds))
    .orderBy(asc(staffMemberships.role), asc(careTeams.name), asc(staffMemberships.id));
  for (const { userId, careTeamArchivedAt, ...m } of rows) {
    const list = out.get(userId) ?? [];
    list.push({ ...m, careTeamArchived: careTeamArchivedAt !== null });
    out.set(userId, list);
  }
  return out;
}

export type StaffDetail = {
  id: string;
  name: string;
  email: string;
  status: StaffStatus;
  activated: boolean;
  deactivatedAt: string | null;
  lockedUntil: string | null;
  failedSignIns: number;
  mfaEnabled: boolean;
  createdAt: string;
  createdBy: string | null;
  lastActiveAt: string | null;
  openSessions: number;
  memberships: StaffMembershipItem[];
  /** The newest one-time link, if any. */
  invitation: { purpose: "activate" | "reset"; createdAt: string; expiresAt: string; usedAt: string | null } | null;
};

/** One staff account of the organisation, or null (another organisation's, a patient's, or none). */
export async function findStaffMember(
  tx: Tx,
  organisationId: string,
  userId: string,
  at: Date,
  /** Sessions last used before this have timed out, even if never ended. */
  idleSince: Date,
): Promise<StaffDetail | null> {
  const [u] = await tx
    .select({
      id: users.id,
      name: users.displayName,
      email: users.email,
      status: statusExpression(at),
      activated: users.hasPassword,
      deactivatedAt: users.deactivatedAt,
      lockedUntil: users.lockedUntil,
      failedSignIns: users.failedSignIns,
      mfaEnabledAt: users.mfaEnabledAt,
      createdAt: users.createdAt,
      createdBy: users.createdBy,
      lastActiveAt: lastActive,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organisationId, organisationId), eq(users.kind, "staff")));
  if (!u) return null;
  const [{ open }] = await tx
    .select({ open: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.lastSeenAt, idleSince)));
  const [invitation] = await tx
    .select({
      purpose: invitations.purpose,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      usedAt: invitations.usedAt,
    })
    .from(invitations)
    .where(eq(invitations.userId, userId))
    .orderBy(desc(invitations.createdAt))
    .limit(1);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    status: u.status,
    activated: Boolean(u.activated),
    deactivatedAt: iso(u.deactivatedAt),
    lockedUntil: u.lockedUntil && new Date(u.lockedUntil) > at ? iso(u.lockedUntil) : null,
    failedSignIns: u.failedSignIns,
    mfaEnabled: u.mfaEnabledAt !== null,
    createdAt: new Date(u.createdAt).toISOString(),
    createdBy: u.createdBy,
    lastActiveAt: iso(u.lastActiveAt),
    openSessions: Number(open),
    memberships: (await membershipsOf(tx, [userId])).get(userId) ?? [],
    invitation: invitation
      ? {
          purpose: invitation.purpose,
          createdAt: new Date(invitation.createdAt).toISOString(),
          expiresAt: new Date(invitation.expiresAt).toISOString(),
          usedAt: iso(invitation.usedAt),
        }
      : null,
  };
}

export type StaffNamesParams = { organisationId: string; ids: string[] };

/** Display names of staff of the organisation, by id (for "changed by" and activity). */
export async function staffNames(tx: Tx, { organisationId, ids }: StaffNamesParams): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(inArray(users.id, unique), eq(users.organisationId, organisationId), eq(users.kind, "staff")));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Display names of staff members by id, through app.staff_names: anyone signed in may ask, so a
 * patient reads who looked at their record and a clinician who changed a plan. Unknown ids are left out.
 */
export async function staffDisplayNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ user_id: string; display_name: string }>(
    tx,
    sql`select user_id, display_name from app.staff_names(${`{${unique.join(",")}}`}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.user_id, r.display_name]));
}
