"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import type { Actor } from "@/db/queries/admin-guards";
import type { AuditDetails } from "@/db/queries/audit";
import * as careTeams from "@/db/queries/care-teams";
import { updateOrganisationSettings } from "@/db/queries/organisation-settings";
import type { StaffChangeAtParams } from "@/db/queries/staff-accounts";
import * as staff from "@/db/queries/staff-accounts";
import * as roles from "@/db/queries/staff-roles";
import type { AuditAction } from "@/lib/audit/actions";
import { now } from "@/server/clock";
import { actorOf, adminFormAction } from "./_lib/admin-action";
import {
  careTeamInput,
  createCareTeamInput,
  createStaffInput,
  grantRoleInput,
  membershipInput,
  moveCareTeamInput,
  notificationOverrides,
  renameCareTeamInput,
  renameStaffInput,
  settingsInput,
  triageOverrides,
  userInput,
} from "./_lib/inputs";

/**
 * Every admin change: role `admin` only, the form's fields validated, run under the admin's
 * row-level security, and recorded in the audit trail with the admin as the actor (who made it) and
 * the account, team or organisation changed as the resource. One-time link tokens are returned to
 * the admin once and never recorded.
 */

const refresh = () => revalidatePath("/admin", "layout");

// ---------------------------------------------------------------------------------------------
// Staff

export const createStaff = adminFormAction({
  name: "staff_created",
  input: createStaffInput,
  run: async (input, { tx, user, annotate, audit }) => {
    const at = now();
    const created = await staff.createStaffMember(tx, { actor: actorOf(user), member: input, now: at });
    annotate({
      resourceType: "user",
      resourceId: created.userId,
      details: { role: input.role, careTeamId: input.careTeamId },
    });
    audit({
      action: "staff_invited",
      resourceType: "user",
      resourceId: created.userId,
      details: { purpose: "activate" },
    });
    refresh();
    return {
      userId: created.userId,
      name: input.name,
      path: created.link.path,
      expiresAt: created.link.expiresAt.toISOString(),
    };
  },
});

export const renameStaff = adminFormAction({
  name: "staff_renamed",
  input: renameStaffInput,
  run: async ({ userId, name }, { tx, user, annotate }) => {
    annotate({ resourceType: "user", resourceId: userId });
    await staff.renameStaff(tx, { actor: actorOf(user), userId, name });
    refresh();
    return { userId };
  },
});

export const grantRole = adminFormAction({
  name: "staff_role_granted",
  input: grantRoleInput,
  run: async ({ userId, role, careTeamId }, { tx, user, annotate }) => {
    const { membershipId } = await roles.grantRole(tx, { actor: actorOf(user), userId, role, careTeamId, now: now() });
    annotate({ resourceType: "user", resourceId: userId, details: { role, careTeamId } });
    refresh();
    return { membershipId };
  },
});

export const removeRole = adminFormAction({
  name: "staff_role_removed",
  input: membershipInput,
  run: async ({ membershipId }, { tx, user, annotate }) => {
    const m = await roles.removeRole(tx, { actor: actorOf(user), membershipId });
    annotate({ resourceType: "user", resourceId: m.userId, details: { role: m.role, careTeamId: m.careTeamId } });
    refresh();
    return { userId: m.userId };
  },
});

export const moveCareTeam = adminFormAction({
  name: "staff_care_team_changed",
  input: moveCareTeamInput,
  run: async (input, { tx, user, annotate }) => {
    const moved = await roles.moveToCareTeam(tx, { actor: actorOf(user), ...input });
    annotate({
      resourceType: "user",
      resourceId: moved.userId,
      details: { role: moved.role, fromCareTeamId: moved.fromCareTeamId, toCareTeamId: moved.toCareTeamId },
    });
    refresh();
    return { userId: moved.userId, teamName: moved.teamName };
  },
});

/**
 * A change to one staff account: the account is the audit event's resource, with the details the
 * change's `outcome` names, and the answer is the account's id with the rest of that outcome.
 */
function accountAction<R, A extends object>(
  name: AuditAction,
  change: (tx: Tx, account: StaffChangeAtParams) => Promise<R>,
  outcome: (result: R) => { answer: A; details?: AuditDetails } = () => ({ answer: {} as A }),
) {
  return adminFormAction({
    name,
    input: userInput,
    run: async ({ userId }, { tx, user, annotate }) => {
      const { answer, details } = outcome(await change(tx, { actor: actorOf(user), userId, now: now() }));
      annotate({ resourceType: "user", resourceId: userId, details });
      refresh();
      return { userId, ...answer };
    },
  });
}

export const deactivateStaff = accountAction("staff_deactivated", staff.deactivateStaff, ({ ended }) => ({
  answer: { ended },
  details: { ended },
}));

export const reactivateStaff = accountAction("staff_reactivated", staff.reactivateStaff);

export const signOutStaff = accountAction("staff_signed_out_everywhere", staff.signOutStaffEverywhere, ({ ended }) => ({
  answer: {
    ended,
    message:
      ended === 0
        ? "There were no open sessions to end."
        : `Ended ${ended} session${ended === 1 ? "" : "s"}. Their next click goes to the sign-in page.`,
  },
  details: { ended },
}));

export const resetMfa = accountAction("staff_mfa_reset", staff.resetStaffMfa);

export const unlockStaffAccount = accountAction("staff_unlocked", staff.unlockStaff);

export const sendInvitation = accountAction("staff_invited", staff.inviteStaff, ({ purpose, link }) => ({
  answer: { purpose, path: link.path, expiresAt: link.expiresAt.toISOString() },
  details: { purpose },
}));

// ---------------------------------------------------------------------------------------------
// Care teams

export const createCareTeam = adminFormAction({
  name: "care_team_created",
  input: createCareTeamInput,
  run: async ({ name }, { tx, user, annotate }) => {
    const id = await careTeams.createCareTeam(tx, { actor: actorOf(user), name, now: now() });
    annotate({ resourceType: "care_team", resourceId: id });
    refresh();
    return { teamId: id, name };
  },
});

/** A change to one care team, the audit event's resource; the answer is the form's fields. */
function teamAction<S extends z.ZodType<{ teamId: string }>>(
  name: AuditAction,
  input: S,
  change: (tx: Tx, params: z.infer<S> & { actor: Actor; now: Date }) => Promise<unknown>,
) {
  return adminFormAction({
    name,
    input,
    run: async (fields, { tx, user, annotate }) => {
      annotate({ resourceType: "care_team", resourceId: fields.teamId });
      await change(tx, { ...fields, actor: actorOf(user), now: now() });
      refresh();
      return fields;
    },
  });
}

export const renameCareTeam = teamAction("care_team_renamed", renameCareTeamInput, careTeams.renameCareTeam);

export const archiveTeam = teamAction("care_team_archived", careTeamInput, careTeams.archiveCareTeam);

export const restoreTeam = teamAction("care_team_restored", careTeamInput, careTeams.restoreCareTeam);

// ---------------------------------------------------------------------------------------------
// Organisation settings

export const updateSettings = adminFormAction({
  name: "organisation_settings_changed",
  input: settingsInput,
  run: async (input, { tx, user, annotate }) => {
    const notifications = notificationOverrides(input);
    const changed = await updateOrganisationSettings(tx, {
      actor: actorOf(user),
      settings: {
        mfaRequiredForStaff: input.mfaRequiredForStaff,
        idleTimeoutMinutes: input.idleTimeoutMinutes,
        absoluteTimeoutHours: input.absoluteTimeoutHours,
        ...(input.emergencyAccessMaxHours === undefined
          ? {}
          : { emergencyAccessMaxHours: input.emergencyAccessMaxHours }),
        hospitalLine: input.hospitalLine,
        triage: triageOverrides(input),
        ...(Object.keys(notifications).length === 0 ? {} : { notifications }),
      },
    });
    // Names of the settings changed, never their values' context: settings are not clinical data.
    annotate({
      resourceType: "organisation",
      resourceId: user.organisationId,
      details: { changed: changed.join(",") || "none" },
    });
    refresh();
    return { changed };
  },
});
