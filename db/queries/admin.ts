import "server-only";
/**
 * What an organisation's admins change: staff accounts and their roles, care teams, organisation
 * settings; and what they read of the audit trail. Everything runs in the admin's own request
 * transaction under row-level security (admins reach their organisation's staff, teams and settings,
 * and no patient's record); the request wrapper records who made each change as the audit actor.
 *
 * Guard rails, each checked here first (for a plain answer) and again by the database
 * (db/migrations/0005_admin.sql, 0001_security.sql):
 * - the organisation keeps at least one active admin: the admin memberships are row-locked before
 *   counting, so two admins removing each other at once cannot both succeed;
 * - an admin cannot give themself a clinical role or move their own clinical role to another team;
 * - nobody is given a role in an archived care team, and a team with members is not archived.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { StaffRole } from "@/lib/vocabulary";
import { AppError, type DuplicateSubject, refused } from "../../lib/errors";
import { isUuid } from "../../lib/uuid";
import type { Tx } from "../client";
import { auditEvents, careTeams, type OrganisationSettings, organisations, staffMemberships, users } from "../schema";
import { createInvitation, resetMfa, unlockAccount } from "./auth";
import { revokeUserSessions } from "./sessions";
import { escapeLike, type StaffStatus, staffNames } from "./staff";

/** The admin acting: their account and organisation. */
export type Actor = { userId: string; organisationId: string };

export const ROLE_LABELS: Record<StaffRole, string> = { oncologist: "Oncologist", nurse: "Nurse", admin: "Admin" };

// ---------------------------------------------------------------------------------------------
// Database errors as plain answers

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

/** Turns the database's refusals of an admin change into sentences; anything else is rethrown. */
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
    if (facts.code === "23505")
      throw refused({ kind: "already_exists", subject: conflicts.unique ?? { of: "anything" } });
    if (facts.code === "42501") throw refused({ kind: "change_not_permitted" });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Staff accounts

type Target = { id: string; name: string; activated: boolean; deactivated: boolean };

/** A staff account of the admin's organisation, or a "not found" refusal. */
export async function requireStaff(tx: Tx, actor: Actor, userId: string): Promise<Target> {
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

async function requireCareTeam(tx: Tx, actor: Actor, careTeamId: string, forNewMembers: boolean) {
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

/**
 * Locks the organisation's admin memberships (in id order, so every caller takes them in the same
 * order) and counts the active admins other than `exceptUserId`. A second admin doing the same
 * waits here until the first commits, then counts what the first left.
 */
export async function lockAndCountOtherAdmins(tx: Tx, organisationId: string, exceptUserId: string): Promise<number> {
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

const LAST_ADMIN = (name: string) => refused({ kind: "last_active_admin", name });

async function isAdmin(tx: Tx, organisationId: string, userId: string): Promise<boolean> {
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

function checkRoleAndTeam(actor: Actor, userId: string, role: StaffRole, careTeamId: string | null) {
  if (role !== "admin" && userId === actor.userId) {
    throw refused({ kind: "own_clinical_role" });
  }
  if (role === "admin" && careTeamId) {
    throw refused({ kind: "admin_role_has_no_team", onField: true });
  }
  if (role !== "admin" && !careTeamId) {
    throw refused({ kind: "care_team_required" });
  }
}

export type NewStaff = { name: string; email: string; role: StaffRole; careTeamId: string | null };

/**
 * Creates a staff account (no password yet) with its first role, and a one-time activation link.
 * The link's token is returned once and never stored.
 */
export async function createStaffMember(tx: Tx, actor: Actor, input: NewStaff, now: Date) {
  checkRoleAndTeam(actor, "", input.role, input.careTeamId);
  if (input.careTeamId) await requireCareTeam(tx, actor, input.careTeamId, true);
  const userId: string = randomUUID();
  await asAdminChange(
    tx.insert(users).values({
      id: userId,
      organisationId: actor.organisationId,
      kind: "staff",
      email: input.email,
      displayName: input.name,
      createdBy: actor.userId,
      createdAt: now,
    }),
    { unique: { of: "staff_email" } },
  );
  const membershipId: string = randomUUID();
  await asAdminChange(
    tx.insert(staffMemberships).values({
      id: membershipId,
      userId,
      organisationId: actor.organisationId,
      careTeamId: input.careTeamId,
      role: input.role,
      createdBy: actor.userId,
      createdAt: now,
    }),
  );
  const link = await createInvitation(tx, { userId, purpose: "activate", createdBy: actor.userId, now });
  return { userId, membershipId, link };
}

/** Gives a staff member a role, in a care team for clinical roles. */
export async function grantRole(
  tx: Tx,
  actor: Actor,
  p: { userId: string; role: StaffRole; careTeamId: string | null; now: Date },
) {
  const target = await requireStaff(tx, actor, p.userId);
  checkRoleAndTeam(actor, p.userId, p.role, p.careTeamId);
  const team = p.careTeamId ? await requireCareTeam(tx, actor, p.careTeamId, true) : null;
  const membershipId: string = randomUUID();
  await asAdminChange(
    tx.insert(staffMemberships).values({
      id: membershipId,
      userId: p.userId,
      organisationId: actor.organisationId,
      careTeamId: p.careTeamId,
      role: p.role,
      createdBy: actor.userId,
      createdAt: p.now,
    }),
    {
      unique: team
        ? { of: "clinical_role", name: target.name, role: ROLE_LABELS[p.role], teamName: team.name }
        : { of: "admin_role", name: target.name },
    },
  );
  return { membershipId, target };
}

async function requireMembership(tx: Tx, actor: Actor, membershipId: string) {
  const [m] = await tx
    .select({
      id: staffMemberships.id,
      userId: staffMemberships.userId,
      role: staffMemberships.role,
      careTeamId: staffMemberships.careTeamId,
      name: users.displayName,
    })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .where(
      and(
        eq(staffMemberships.id, membershipId),
        eq(staffMemberships.organisationId, actor.organisationId),
        eq(users.kind, "staff"),
      ),
    );
  if (!m) throw refused({ kind: "role_not_found" });
  return m;
}

/** Removes one role. The last active admin's admin role stays. */
export async function removeRole(tx: Tx, actor: Actor, membershipId: string) {
  const m = await requireMembership(tx, actor, membershipId);
  if (m.role === "admin") {
    const others = await lockAndCountOtherAdmins(tx, actor.organisationId, m.userId);
    if (others === 0) throw LAST_ADMIN(m.name);
  }
  const removed = await asAdminChange(
    tx.delete(staffMemberships).where(eq(staffMemberships.id, membershipId)).returning({ id: staffMemberships.id }),
  );
  if (removed.length === 0) throw refused({ kind: "role_not_found" });
  return m;
}

/** Moves a clinical role to another care team of the organisation. */
export async function moveToCareTeam(tx: Tx, actor: Actor, p: { membershipId: string; careTeamId: string }) {
  const m = await requireMembership(tx, actor, p.membershipId);
  if (m.role === "admin") throw refused({ kind: "admin_role_has_no_team", onField: false });
  if (m.userId === actor.userId) {
    throw refused({ kind: "own_role_move" });
  }
  if (m.careTeamId === p.careTeamId) {
    throw refused({ kind: "already_in_care_team", name: m.name });
  }
  const team = await requireCareTeam(tx, actor, p.careTeamId, true);
  const moved = await asAdminChange(
    tx
      .update(staffMemberships)
      .set({ careTeamId: p.careTeamId })
      .where(eq(staffMemberships.id, p.membershipId))
      .returning({ id: staffMemberships.id }),
    { unique: { of: "clinical_role", name: m.name, role: ROLE_LABELS[m.role], teamName: team.name } },
  );
  if (moved.length === 0) throw refused({ kind: "role_not_found" });
  return { ...m, fromCareTeamId: m.careTeamId, toCareTeamId: p.careTeamId, teamName: team.name };
}

/**
 * Deactivates an account: it cannot sign in, every session ends, and the very next request of any
 * of its browsers is refused. Not oneself, and not the last active admin.
 */
export async function deactivateStaff(tx: Tx, actor: Actor, userId: string, now: Date) {
  if (userId === actor.userId) throw refused({ kind: "own_deactivation" });
  const target = await requireStaff(tx, actor, userId);
  if (target.deactivated) throw refused({ kind: "already_deactivated", name: target.name });
  if (await isAdmin(tx, actor.organisationId, userId)) {
    const others = await lockAndCountOtherAdmins(tx, actor.organisationId, userId);
    if (others === 0) throw LAST_ADMIN(target.name);
  }
  await asAdminChange(
    tx
      .update(users)
      .set({ deactivatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.deactivatedAt))),
  );
  const ended = await revokeUserSessions(tx, userId, now);
  return { target, ended };
}

export async function reactivateStaff(tx: Tx, actor: Actor, userId: string) {
  const target = await requireStaff(tx, actor, userId);
  if (!target.deactivated) throw refused({ kind: "already_active", name: target.name });
  await asAdminChange(tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId)));
  return { target };
}

/** Ends every session of the account; its browsers are sent to sign in on their next request. */
export async function signOutStaffEverywhere(tx: Tx, actor: Actor, userId: string, now: Date) {
  const target = await requireStaff(tx, actor, userId);
  const ended = await revokeUserSessions(tx, userId, now);
  return { target, ended };
}

/** Removes the second factor (a lost phone): the next sign-in sets one up again. Ends every session. */
export async function resetStaffMfa(tx: Tx, actor: Actor, userId: string, now: Date) {
  if (userId === actor.userId) {
    throw refused({ kind: "own_mfa_reset" });
  }
  const target = await requireStaff(tx, actor, userId);
  await asAdminChange(resetMfa(tx, userId, now));
  return { target };
}

export async function unlockStaff(tx: Tx, actor: Actor, userId: string) {
  const target = await requireStaff(tx, actor, userId);
  await asAdminChange(unlockAccount(tx, userId));
  return { target };
}

/**
 * A new one-time link: activation for an account that has never set a password, a password reset
 * otherwise. Any earlier open link stops working.
 */
export async function inviteStaff(tx: Tx, actor: Actor, userId: string, now: Date) {
  const target = await requireStaff(tx, actor, userId);
  if (target.deactivated) throw refused({ kind: "invite_deactivated", name: target.name });
  const purpose = target.activated ? ("reset" as const) : ("activate" as const);
  const link = await createInvitation(tx, { userId, purpose, createdBy: actor.userId, now });
  return { target, purpose, link };
}

export async function renameStaff(tx: Tx, actor: Actor, userId: string, name: string) {
  const target = await requireStaff(tx, actor, userId);
  await asAdminChange(tx.update(users).set({ displayName: name }).where(eq(users.id, userId)));
  return { target };
}

// ---------------------------------------------------------------------------------------------
// Care teams

export type CareTeamItem = { id: string; name: string; archivedAt: string | null; members: number };

/** The organisation's care teams, active first, with how many people hold a role in each. */
export async function listCareTeams(tx: Tx, organisationId: string): Promise<CareTeamItem[]> {
  const rows = await tx
    .select({
      id: careTeams.id,
      name: careTeams.name,
      archivedAt: careTeams.archivedAt,
      members: sql<number>`(select count(distinct ${staffMemberships.userId})::int from ${staffMemberships}
                             where ${staffMemberships.careTeamId} = ${careTeams.id})`,
    })
    .from(careTeams)
    .where(eq(careTeams.organisationId, organisationId))
    .orderBy(sql`${careTeams.archivedAt} is not null`, asc(careTeams.name));
  return rows.map((r) => ({
    ...r,
    members: Number(r.members),
    archivedAt: r.archivedAt ? new Date(r.archivedAt).toISOString() : null,
  }));
}

export type CareTeamMember = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  isTeamLead: boolean;
  status: StaffStatus;
};

export async function findCareTeam(tx: Tx, organisationId: string, teamId: string, at: Date) {
  const [team] = await tx
    .select({
      id: careTeams.id,
      name: careTeams.name,
      archivedAt: careTeams.archivedAt,
      createdAt: careTeams.createdAt,
    })
    .from(careTeams)
    .where(and(eq(careTeams.id, teamId), eq(careTeams.organisationId, organisationId)));
  if (!team) return null;
  const members = await tx
    .select({
      membershipId: staffMemberships.id,
      userId: users.id,
      name: users.displayName,
      email: users.email,
      role: staffMemberships.role,
      isTeamLead: staffMemberships.isTeamLead,
      status: sql<StaffStatus>`case when ${users.deactivatedAt} is not null then 'deactivated'
        when ${users.lockedUntil} > ${at.toISOString()}::timestamptz then 'locked'
        when not ${users.hasPassword} then 'invited' else 'active' end`,
    })
    .from(staffMemberships)
    .innerJoin(users, eq(users.id, staffMemberships.userId))
    .where(and(eq(staffMemberships.careTeamId, teamId), eq(users.kind, "staff")))
    .orderBy(asc(users.displayName), asc(staffMemberships.role));
  return {
    id: team.id,
    name: team.name,
    archivedAt: team.archivedAt ? new Date(team.archivedAt).toISOString() : null,
    createdAt: new Date(team.createdAt).toISOString(),
    members: members as CareTeamMember[],
  };
}

const TEAM_NAME_TAKEN: DuplicateSubject = { of: "care_team_name" };

export async function createCareTeam(tx: Tx, actor: Actor, name: string, now: Date): Promise<string> {
  const id: string = randomUUID();
  await asAdminChange(tx.insert(careTeams).values({ id, organisationId: actor.organisationId, name, createdAt: now }), {
    unique: TEAM_NAME_TAKEN,
  });
  return id;
}

async function requireTeam(tx: Tx, actor: Actor, teamId: string) {
  const [team] = await tx
    .select({ id: careTeams.id, name: careTeams.name, archivedAt: careTeams.archivedAt })
    .from(careTeams)
    .where(and(eq(careTeams.id, teamId), eq(careTeams.organisationId, actor.organisationId)))
    .for("update");
  if (!team) throw refused({ kind: "care_team_not_found" });
  return team;
}

export async function renameCareTeam(tx: Tx, actor: Actor, teamId: string, name: string) {
  const team = await requireTeam(tx, actor, teamId);
  if (team.name === name) throw refused({ kind: "same_care_team_name" });
  await asAdminChange(tx.update(careTeams).set({ name }).where(eq(careTeams.id, teamId)), { unique: TEAM_NAME_TAKEN });
  return team;
}

/** Archives a team that nobody holds a role in any more; it then takes no new members. */
export async function archiveCareTeam(tx: Tx, actor: Actor, teamId: string, now: Date) {
  const team = await requireTeam(tx, actor, teamId);
  if (team.archivedAt) throw refused({ kind: "care_team_already_archived", name: team.name });
  const [{ n }] = await tx.select({ n: count() }).from(staffMemberships).where(eq(staffMemberships.careTeamId, teamId));
  if (Number(n) > 0) {
    throw refused({ kind: "care_team_has_members", name: team.name, roles: Number(n) });
  }
  await asAdminChange(tx.update(careTeams).set({ archivedAt: now }).where(eq(careTeams.id, teamId)));
  return team;
}

export async function restoreCareTeam(tx: Tx, actor: Actor, teamId: string) {
  const team = await requireTeam(tx, actor, teamId);
  if (!team.archivedAt) throw refused({ kind: "care_team_not_archived", name: team.name });
  await asAdminChange(tx.update(careTeams).set({ archivedAt: null }).where(eq(careTeams.id, teamId)));
  return team;
}

// ---------------------------------------------------------------------------------------------
// Organisation settings

export async function readOrganisation(tx: Tx, organisationId: string) {
  const [org] = await tx
    .select({ id: organisations.id, name: organisations.name, settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org) throw refused({ kind: "organisation_not_found" });
  return { ...org, settings: (org.settings ?? {}) as OrganisationSettings };
}

/** Names of the settings that differ between two versions, e.g. `idleTimeoutMinutes`, `triage.redGrade`. */
export function changedSettings(before: OrganisationSettings, after: OrganisationSettings): string[] {
  const changed: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (key === "triage") {
      const ta = (a ?? {}) as Record<string, unknown>;
      const tb = (b ?? {}) as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(ta), ...Object.keys(tb)])].sort()) {
        if (JSON.stringify(ta[k]) !== JSON.stringify(tb[k])) changed.push(`triage.${k}`);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      changed.push(key);
    }
  }
  return changed;
}

/** Replaces the settings the admin pages manage, keeping any other keys; returns what changed. */
export async function updateOrganisationSettings(tx: Tx, actor: Actor, next: OrganisationSettings): Promise<string[]> {
  const [current] = await tx
    .select({ settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId))
    .for("update");
  if (!current) throw refused({ kind: "organisation_not_found" });
  const before = (current.settings ?? {}) as OrganisationSettings;
  const after: OrganisationSettings = { ...before, ...next };
  for (const [key, value] of Object.entries(after))
    if (value === undefined) delete (after as Record<string, unknown>)[key];
  const changed = changedSettings(before, after);
  if (changed.length === 0) return [];
  await asAdminChange(
    tx.update(organisations).set({ settings: after }).where(eq(organisations.id, actor.organisationId)),
  );
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Activity: staff and security events from the audit trail

export const ACTIVITY_CATEGORIES = {
  sign_ins: {
    label: "Sign-ins and sign-outs",
    actions: [
      "signed_in",
      "sign_in_password_accepted",
      "signed_out",
      "signed_out_everywhere",
      "mfa_enrolment_started",
      "mfa_enrolled",
    ],
  },
  failures: { label: "Failed sign-ins", actions: ["sign_in_failed", "sign_in_rate_limited", "second_factor_failed"] },
  locks: { label: "Locks and unlocks", actions: ["account_locked", "staff_unlocked"] },
  roles: {
    label: "Roles and care team moves",
    actions: ["staff_role_granted", "staff_role_removed", "staff_care_team_changed"],
  },
  invitations: {
    label: "Invitations and activations",
    actions: ["staff_invited", "account_activated", "password_reset_completed"],
  },
  accounts: {
    label: "Account changes",
    actions: [
      "staff_created",
      "staff_renamed",
      "staff_deactivated",
      "staff_reactivated",
      "staff_mfa_reset",
      "staff_signed_out_everywhere",
    ],
  },
  care_teams: {
    label: "Care teams",
    actions: ["care_team_created", "care_team_renamed", "care_team_archived", "care_team_restored"],
  },
  settings: { label: "Organisation settings", actions: ["organisation_settings_changed"] },
} as const;
export type ActivityCategory = keyof typeof ACTIVITY_CATEGORIES;
export const ACTIVITY_CATEGORY_KEYS = Object.keys(ACTIVITY_CATEGORIES) as ActivityCategory[];

/**
 * Staff and security events (and any later ones of the same families), never page views. Whatever
 * the action, only events that name no patient are read: row-level security allows admins nothing
 * else, and the query says so again.
 */
const SECURITY_ACTION =
  "^(sign_in|signed_|second_factor|mfa_|account_|password_|staff_|care_team_|organisation_settings)";

/** The detail keys shown; all are codes, ids or counts, never clinical values. */
export const ACTIVITY_DETAIL_KEYS = [
  "reason",
  "method",
  "next",
  "role",
  "careTeamId",
  "fromCareTeamId",
  "toCareTeamId",
  "purpose",
  "changed",
  "ended",
] as const;

export type ActivityFilter = {
  category: ActivityCategory | null;
  outcome: "allowed" | "denied" | null;
  /** Matches the actor's or the target account's name or email. */
  person: string;
  /** Inclusive dates (UTC), YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  /** Keyset paging: events older than this id. */
  before: number | null;
  limit: number;
};

export type ActivityRow = {
  id: number;
  occurredAt: string;
  action: string;
  outcome: "allowed" | "denied";
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  targetUserId: string | null;
  targetName: string | null;
  resourceType: string | null;
  resourceId: string | null;
  details: Record<string, string | number | boolean | null>;
};

export async function listActivity(
  tx: Tx,
  organisationId: string,
  f: ActivityFilter,
): Promise<{ rows: ActivityRow[]; older: number | null }> {
  const conditions: (SQL | undefined)[] = [
    eq(auditEvents.organisationId, organisationId),
    isNull(auditEvents.patientId),
    sql`${auditEvents.action} ~ ${SECURITY_ACTION}`,
    sql`${auditEvents.action} !~ '_viewed$'`,
  ];
  if (f.category) conditions.push(inArray(auditEvents.action, [...ACTIVITY_CATEGORIES[f.category].actions]));
  if (f.outcome) conditions.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) conditions.push(sql`${auditEvents.occurredAt} >= ${f.from}::date`);
  if (f.to) conditions.push(sql`${auditEvents.occurredAt} < (${f.to}::date + 1)`);
  if (f.before !== null) conditions.push(lt(auditEvents.id, f.before));
  const term = f.person.trim();
  if (term) {
    const pattern = `%${escapeLike(term)}%`;
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.organisationId, organisationId),
          eq(users.kind, "staff"),
          or(ilike(users.displayName, pattern), ilike(users.email, pattern)),
        ),
      )
      .limit(200);
    const ids = people.map((p) => p.id);
    if (ids.length === 0) return { rows: [], older: null };
    conditions.push(
      or(
        inArray(auditEvents.actorUserId, ids),
        and(eq(auditEvents.resourceType, "user"), inArray(auditEvents.resourceId, ids)),
      ),
    );
  }
  const events = await tx
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      actorUserId: auditEvents.actorUserId,
      actorRole: auditEvents.actorRole,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1);
  const page = events.slice(0, f.limit);
  const targetIds = page.map((e) =>
    e.resourceType === "user" && e.resourceId && isUuid(e.resourceId) ? e.resourceId : null,
  );
  const names = await staffNames(tx, organisationId, [
    ...page.map((e) => e.actorUserId ?? ""),
    ...targetIds.map((id) => id ?? ""),
  ]);
  const rows = page.map((e, i): ActivityRow => {
    const details: ActivityRow["details"] = {};
    for (const key of ACTIVITY_DETAIL_KEYS) {
      const value = e.details?.[key];
      if (value !== undefined) details[key] = value;
    }
    return {
      id: Number(e.id),
      occurredAt: new Date(e.occurredAt).toISOString(),
      action: e.action,
      outcome: e.outcome,
      actorUserId: e.actorUserId,
      actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
      actorRole: e.actorRole,
      targetUserId: targetIds[i],
      targetName: targetIds[i] ? (names.get(targetIds[i] as string) ?? null) : null,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      details,
    };
  });
  return { rows, older: events.length > f.limit ? Number(page[page.length - 1].id) : null };
}

/** The newest staff or settings change events about one resource, with who made each. */
export async function changesTo(tx: Tx, organisationId: string, resource: { type: string; id: string }, limit = 20) {
  const { rows } = await listActivityForResource(tx, organisationId, resource, limit);
  return rows;
}

async function listActivityForResource(
  tx: Tx,
  organisationId: string,
  resource: { type: string; id: string },
  limit: number,
) {
  const events = await tx
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      actorUserId: auditEvents.actorUserId,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organisationId, organisationId),
        isNull(auditEvents.patientId),
        eq(auditEvents.resourceType, resource.type),
        eq(auditEvents.resourceId, resource.id),
        sql`${auditEvents.action} ~ ${SECURITY_ACTION}`,
        sql`${auditEvents.action} !~ '_viewed$'`,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  const names = await staffNames(
    tx,
    organisationId,
    events.map((e) => e.actorUserId ?? ""),
  );
  return {
    rows: events.map((e) => {
      const details: Record<string, string | number | boolean | null> = {};
      for (const key of ACTIVITY_DETAIL_KEYS) if (e.details?.[key] !== undefined) details[key] = e.details[key];
      return {
        id: Number(e.id),
        occurredAt: new Date(e.occurredAt).toISOString(),
        action: e.action,
        outcome: e.outcome,
        actorUserId: e.actorUserId,
        actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
        details,
      };
    }),
  };
}
