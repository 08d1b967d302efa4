import "server-only";
/**
 * The roles staff hold: an admin asks for a role or a move to another care team, which a second
 * admin approves (db/sql/admin.sql), and removes a role alone. The organisation keeps at least one
 * active admin (the admin memberships are row-locked before counting, so two admins removing each
 * other at once cannot both succeed); an admin cannot give themself a clinical role or move their
 * own clinical role to another team; nobody is given a role in an archived care team.
 */
import { and, eq } from "drizzle-orm";
import { refused } from "../../lib/errors";
import { ROLE_LABELS, type StaffRole } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { staffMemberships, users } from "../schema";
import {
  type Actor,
  asAdminChange,
  isAdmin,
  lastAdmin,
  lockAndCountOtherAdmins,
  requireCareTeam,
  requireStaff,
} from "./admin-guards";
import { requestStaffChange } from "./staff-changes";

/** Refuses a role for oneself, a care team for the admin role, or no care team for a clinical role. */
export function checkRoleAndTeam(actor: Actor, userId: string, role: StaffRole, careTeamId: string | null) {
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

export type GrantRoleParams = { actor: Actor; userId: string; role: StaffRole; careTeamId: string | null };

/**
 * Asks for a role (a clinical role in a care team, or the admin role), which is given when a second
 * admin approves. Returns the request's id.
 */
export async function grantRole(tx: Tx, { actor, ...p }: GrantRoleParams) {
  const target = await requireStaff(tx, { actor, userId: p.userId });
  checkRoleAndTeam(actor, p.userId, p.role, p.careTeamId);
  if (p.role === "admin") {
    if (p.userId === actor.userId || (await isAdmin(tx, { organisationId: actor.organisationId, userId: p.userId }))) {
      throw refused({ kind: "already_exists", subject: { of: "admin_role", name: target.name } });
    }
    const requestId = await requestStaffChange(tx, { actor, kind: "admin_role", userId: p.userId, role: "admin" });
    return { requestId, target };
  }
  const team = await requireCareTeam(tx, { actor, careTeamId: p.careTeamId as string, forNewMembers: true });
  const requestId = await requestStaffChange(
    tx,
    { actor, kind: "clinical_role", userId: p.userId, role: p.role, careTeamId: team.id },
    { unique: { of: "clinical_role", name: target.name, role: ROLE_LABELS[p.role], teamName: team.name } },
  );
  return { requestId, target };
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

export type RemoveRoleParams = { actor: Actor; membershipId: string };

/** Removes one role. The last active admin's admin role stays. */
export async function removeRole(tx: Tx, { actor, membershipId }: RemoveRoleParams) {
  const m = await requireMembership(tx, actor, membershipId);
  if (m.role === "admin") {
    const others = await lockAndCountOtherAdmins(tx, { organisationId: actor.organisationId, exceptUserId: m.userId });
    if (others === 0) throw lastAdmin(m.name);
  }
  const removed = await asAdminChange(
    tx.delete(staffMemberships).where(eq(staffMemberships.id, membershipId)).returning({ id: staffMemberships.id }),
  );
  if (removed.length === 0) throw refused({ kind: "role_not_found" });
  return m;
}

export type MoveToCareTeamParams = { actor: Actor; membershipId: string; careTeamId: string };

/**
 * Asks to move a clinical role to another care team of the organisation (its patients change with
 * it), which is done when a second admin approves. Returns the request's id.
 */
export async function moveToCareTeam(tx: Tx, { actor, ...p }: MoveToCareTeamParams) {
  const m = await requireMembership(tx, actor, p.membershipId);
  if (m.role === "admin") throw refused({ kind: "admin_role_has_no_team", onField: false });
  if (m.userId === actor.userId) {
    throw refused({ kind: "own_role_move" });
  }
  if (m.careTeamId === p.careTeamId) {
    throw refused({ kind: "already_in_care_team", name: m.name });
  }
  const team = await requireCareTeam(tx, { actor, careTeamId: p.careTeamId, forNewMembers: true });
  const requestId = await requestStaffChange(
    tx,
    {
      actor,
      kind: "care_team_move",
      userId: m.userId,
      role: m.role,
      careTeamId: p.careTeamId,
      fromCareTeamId: m.careTeamId,
    },
    { unique: { of: "clinical_role", name: m.name, role: ROLE_LABELS[m.role], teamName: team.name } },
  );
  return { ...m, requestId, fromCareTeamId: m.careTeamId, toCareTeamId: p.careTeamId, teamName: team.name };
}
