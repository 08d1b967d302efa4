import "server-only";
/**
 * What every admin change shares: the admin acting, the database's refusals of an admin change as
 * typed problems, and the checks that the staff account, care team or admin count a change is about
 * are what it expects. Everything runs in the admin's own request transaction under row-level
 * security. Each guard rail is checked here first (for a plain answer) and again by the database
 * (db/sql/admin.sql, db/sql/policies-accounts.sql).
 */
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { AppError, type DuplicateSubject, refused } from "../../lib/errors";
import type { Tx } from "../client";
import { careTeams, staffMemberships, users } from "../schema";

/** The admin acting: their account and organisation. */
export type Actor = { userId: string; organisationId: string };

type PgFacts = { code?: string; constraint?: string; message: string };

/** The SQLSTATE, constraint and message of a database error, looking through driver wrappers. */
export function pgFacts(error: unknown): PgFacts {
  const messages: string[] = [];
  let code: string | undefined;
  let constraint: string | undefined;
  let e: unknown = error;
  for (let depth = 0; e && depth < 6; depth++) {
    const record = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (!code && typeof record.code === "string" && /^[0-9A-Z]{5}$/.test(record.code)) code = record.code;
    const c = record.constraint_name ?? record.constraint;
    if (!constraint && typeof c === "string") constraint = c;
    if (typeof record.message === "string") messages.push(record.message);
    e = record.cause;
  }
  return { code, constraint, message: messages.join(" / ") };
}

const mentions = (facts: PgFacts, name: string) => facts.constraint === name || facts.message.includes(name);

/** Turns the database's refusals of an admin change into typed problems; anything else is rethrown. */
export async function asAdminChange<T>(work: Promise<T>, conflicts: { unique?: DuplicateSubject } = {}): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const facts = pgFacts(error);
    if (mentions(facts, "organisation_keeps_an_admin")) {
      throw refused({ kind: "organisation_keeps_an_admin" });
    }
    if (mentions(facts, "care_team_not_archived")) {
      throw refused({ kind: "care_team_archived_by_database" });
    }
    if (mentions(facts, "second_admin_required")) throw refused({ kind: "own_staff_change" });
    if (mentions(facts, "staff_change_undecided")) throw refused({ kind: "staff_change_decided" });
    if (mentions(facts, "staff_change_valid")) throw refused({ kind: "staff_change_stale" });
    if (facts.code === "23505")
      throw refused({ kind: "already_exists", subject: conflicts.unique ?? { of: "anything" } });
    if (facts.code === "42501") throw refused({ kind: "change_not_permitted" });
    throw error;
  }
}

type StaffTarget = { id: string; name: string; activated: boolean; deactivated: boolean };

export type RequireStaffParams = { actor: Actor; userId: string };

/** A staff account of the admin's organisation, or a "not found" refusal. */
export async function requireStaff(tx: Tx, { actor, userId }: RequireStaffParams): Promise<StaffTarget> {
  const [row] = await tx
    .select({
      id: users.id,
      name: users.displayName,
      activated: users.hasPassword,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId), eq(users.kind, "staff")));
  if (!row) throw refused({ kind: "staff_not_found" });
  return { id: row.id, name: row.name, activated: Boolean(row.activated), deactivated: row.deactivatedAt !== null };
}

export type RequireCareTeamParams = { actor: Actor; careTeamId: string; forNewMembers: boolean };

/** A care team of the admin's organisation; one that takes new members when `forNewMembers`. */
export async function requireCareTeam(tx: Tx, { actor, careTeamId, forNewMembers }: RequireCareTeamParams) {
  const [team] = await tx
    .select({ id: careTeams.id, name: careTeams.name, archivedAt: careTeams.archivedAt })
    .from(careTeams)
    .where(and(eq(careTeams.id, careTeamId), eq(careTeams.organisationId, actor.organisationId)));
  if (!team) throw refused({ kind: "care_team_not_listed" });
  if (forNewMembers && team.archivedAt) {
    throw refused({ kind: "care_team_archived", teamName: team.name });
  }
  return team;
}

export type LockAndCountOtherAdminsParams = { organisationId: string; exceptUserId: string };

/**
 * Locks the organisation's admin memberships (in id order, so every caller takes them in the same
 * order) and counts the active admins other than `exceptUserId`. A second admin doing the same
 * waits here until the first commits, then counts what the first left.
 */
export async function lockAndCountOtherAdmins(
  tx: Tx,
  { organisationId, exceptUserId }: LockAndCountOtherAdminsParams,
): Promise<number> {
  await tx
    .select({ id: staffMemberships.id })
    .from(staffMemberships)
    .where(and(eq(staffMemberships.organisationId, organisationId), eq(staffMemberships.role, "admin")))
    .orderBy(asc(staffMemberships.id))
    .for("update");
  const [{ n }] = await tx
    .select({ n: sql<number>`count(distinct ${staffMemberships.userId})::int` })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .where(
      and(
        eq(staffMemberships.organisationId, organisationId),
        eq(staffMemberships.role, "admin"),
        isNull(users.deactivatedAt),
        ne(staffMemberships.userId, exceptUserId),
      ),
    );
  return Number(n);
}

/** The refusal to leave the organisation without an active admin. */
export const lastAdmin = (name: string) => refused({ kind: "last_active_admin", name });

export type IsAdminParams = { organisationId: string; userId: string };

export async function isAdmin(tx: Tx, { organisationId, userId }: IsAdminParams): Promise<boolean> {
  const [row] = await tx
    .select({ id: staffMemberships.id })
    .from(staffMemberships)
    .where(
      and(
        eq(staffMemberships.organisationId, organisationId),
        eq(staffMemberships.userId, userId),
        eq(staffMemberships.role, "admin"),
      ),
    )
    .limit(1);
  return Boolean(row);
}
