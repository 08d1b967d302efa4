import "server-only";
/**
 * The roles staff hold: an admin gives, removes and moves them. The organisation keeps at least one
 * active admin (the admin memberships are row-locked before counting, so two admins removing each
 * other at once cannot both succeed); an admin cannot give themself a clinical role or move their
 * own clinical role to another team; nobody is given a role in an archived care team.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { refused } from "../../lib/errors";
import { ROLE_LABELS, type StaffRole } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { staffMemberships, users } from "../schema";
import {
  type Actor,
  asAdminChange,
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

export type GrantRoleParams = { actor: Actor; userId: string; role: StaffRole; careTeamId: string | null; now: Date };

/**
 * Gives a staff member the admin role; asks for a clinical role (in a care team), which is given
 * when a second admin approves (`requestId`).
 */
export async function grantRole(tx: Tx, { actor, ...p }: GrantRoleParams) {
  const target = await requireStaff(tx, { actor, userId: p.userId });
  checkRoleAndTeam(actor, p.userId, p.role, p.careTeamId);
  const team = p.careTeamId
    ? await requireCareTeam(tx, { actor, careTeamId: p.careTeamId, forNewMembers: true })
    : null;
  if (team) {
    const requestId = await requestStaffChange(tx, {
      actor,
      kind: "clinical_role",
      userId: p.userId,
      role: p.role,
      careTeamId: team.id,
    });
    return { membershipId: null, requestId, target };
  }
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
    { unique: { of: "admin_role", name: target.name } },
  );
  return { membershipId, requestId: null, target };
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

/** Moves a clinical role to another care team of the organisation. */
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
