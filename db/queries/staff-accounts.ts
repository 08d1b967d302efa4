import "server-only";
/**
 * Staff accounts as an admin manages them: creating one with its first role, renaming,
 * deactivating and reactivating, ending its sessions, resetting its second factor, unlocking, and
 * a new one-time link. Not oneself where that would lock an admin out, and never the organisation's
 * last active admin.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { refused } from "../../lib/errors";
import type { StaffRole } from "../../lib/vocabulary";
import type { Tx } from "../client";
import { users } from "../schema";
import {
  type Actor,
  asAdminChange,
  isAdmin,
  lastAdmin,
  lockAndCountOtherAdmins,
  requireCareTeam,
  requireStaff,
} from "./admin-guards";
import { createEmailedInvitation, resetMfa, unlockAccount } from "./auth";
import { revokeUserSessions } from "./sessions";
import { needsSecondAdmin, requestStaffChange } from "./staff-changes";
import { checkRoleAndTeam } from "./staff-roles";

export type NewStaff = { name: string; email: string; role: StaffRole; careTeamId: string | null };

export type CreateStaffMemberParams = { actor: Actor; member: NewStaff; now: Date };

/**
 * Creates a staff account (no password yet) and asks for its first role, which is given, with a
 * one-time activation link emailed to the account, when a second admin approves.
 */
export async function createStaffMember(tx: Tx, { actor, member: input, now }: CreateStaffMemberParams) {
  checkRoleAndTeam(actor, "", input.role, input.careTeamId);
  if (input.careTeamId) await requireCareTeam(tx, { actor, careTeamId: input.careTeamId, forNewMembers: true });
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
  const requestId = await requestStaffChange(tx, {
    actor,
    kind: input.role === "admin" ? "admin_role" : "clinical_role",
    userId,
    role: input.role,
    careTeamId: input.careTeamId,
  });
  return { userId, requestId };
}

/** One staff account, changed by an admin. */
export type StaffChangeParams = { actor: Actor; userId: string };
/** One staff account, changed by an admin at `now`. */
export type StaffChangeAtParams = StaffChangeParams & { now: Date };

/**
 * Deactivates an account: it cannot sign in, every session ends, and the very next request of any
 * of its browsers is refused. Not oneself, and not the last active admin.
 */
export async function deactivateStaff(tx: Tx, { actor, userId, now }: StaffChangeAtParams) {
  if (userId === actor.userId) throw refused({ kind: "own_deactivation" });
  const target = await requireStaff(tx, { actor, userId });
  if (target.deactivated) throw refused({ kind: "already_deactivated", name: target.name });
  if (await isAdmin(tx, { organisationId: actor.organisationId, userId })) {
    const others = await lockAndCountOtherAdmins(tx, { organisationId: actor.organisationId, exceptUserId: userId });
    if (others === 0) throw lastAdmin(target.name);
  }
  await asAdminChange(
    tx
      .update(users)
      .set({ deactivatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.deactivatedAt))),
  );
  const ended = await revokeUserSessions(tx, { userId, now });
  return { target, ended };
}

export async function reactivateStaff(tx: Tx, { actor, userId }: StaffChangeParams) {
  const target = await requireStaff(tx, { actor, userId });
  if (!target.deactivated) throw refused({ kind: "already_active", name: target.name });
  await asAdminChange(tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId)));
  return { target };
}

/** Ends every session of the account; its browsers are sent to sign in on their next request. */
export async function signOutStaffEverywhere(tx: Tx, { actor, userId, now }: StaffChangeAtParams) {
  const target = await requireStaff(tx, { actor, userId });
  const ended = await revokeUserSessions(tx, { userId, now });
  return { target, ended };
}

/**
 * Removes the second factor (a lost phone): the next sign-in sets one up again. Ends every session.
 * A clinician's is asked for, and reset when a second admin approves (`requestId`).
 */
export async function resetStaffMfa(tx: Tx, { actor, userId, now }: StaffChangeAtParams) {
  if (userId === actor.userId) throw refused({ kind: "own_mfa_reset" });
  const target = await requireStaff(tx, { actor, userId });
  if (await needsSecondAdmin(tx, userId)) {
    return { target, requestId: await requestStaffChange(tx, { actor, kind: "mfa_reset", userId }) };
  }
  await asAdminChange(resetMfa(tx, { userId, at: now }));
  return { target, requestId: null };
}

export async function unlockStaff(tx: Tx, { actor, userId }: StaffChangeParams) {
  const target = await requireStaff(tx, { actor, userId });
  await asAdminChange(unlockAccount(tx, userId));
  return { target };
}

/**
 * A new one-time link, emailed to the account: activation for an account that has never set a
 * password, a password reset otherwise. Any earlier open link stops working. A clinician's is asked
 * for, and sent when a second admin approves (`requestId`).
 */
export async function inviteStaff(tx: Tx, { actor, userId, now }: StaffChangeAtParams) {
  const target = await requireStaff(tx, { actor, userId });
  if (target.deactivated) throw refused({ kind: "invite_deactivated", name: target.name });
  const purpose = target.activated ? ("reset" as const) : ("activate" as const);
  if (await needsSecondAdmin(tx, userId)) {
    return {
      target,
      purpose,
      link: null,
      requestId: await requestStaffChange(tx, { actor, kind: "one_time_link", userId }),
    };
  }
  const link = await createEmailedInvitation(tx, { userId, purpose, createdBy: actor.userId, now });
  return { target, purpose, link, requestId: null };
}

export type RenameStaffParams = StaffChangeParams & { name: string };

export async function renameStaff(tx: Tx, { actor, userId, name }: RenameStaffParams) {
  const target = await requireStaff(tx, { actor, userId });
  await asAdminChange(tx.update(users).set({ displayName: name }).where(eq(users.id, userId)));
  return { target };
}
