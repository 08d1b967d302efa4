"use server";

import { revalidatePath } from "next/cache";
import * as careTeams from "@/db/queries/care-teams";
import { updateOrganisationSettings } from "@/db/queries/organisation-settings";
import * as staff from "@/db/queries/staff-accounts";
import * as roles from "@/db/queries/staff-roles";
import { now } from "@/server/clock";
import { actorOf, adminFormAction } from "./_lib/admin-action";
import {
  careTeamInput,
  createCareTeamInput,
  createStaffInput,
  grantRoleInput,
  membershipInput,
  moveCareTeamInput,
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

export const deactivateStaff = adminFormAction({
  name: "staff_deactivated",
  input: userInput,
  run: async ({ userId }, { tx, user, annotate }) => {
    const { ended } = await staff.deactivateStaff(tx, { actor: actorOf(user), userId, now: now() });
    annotate({ resourceType: "user", resourceId: userId, details: { ended } });
    refresh();
    return { userId, ended };
  },
});

export const reactivateStaff = adminFormAction({
  name: "staff_reactivated",
  input: userInput,
  run: async ({ userId }, { tx, user, annotate }) => {
    await staff.reactivateStaff(tx, { actor: actorOf(user), userId });
    annotate({ resourceType: "user", resourceId: userId });
    refresh();
    return { userId };
  },
});

export const signOutStaff = adminFormAction({
  name: "staff_signed_out_everywhere",
  input: userInput,
  run: async ({ userId }, { tx, user, annotate }) => {
    const { ended } = await staff.signOutStaffEverywhere(tx, { actor: actorOf(user), userId, now: now() });
    annotate({ resourceType: "user", resourceId: userId, details: { ended } });
    refresh();
    const message =
      ended === 0
        ? "There were no open sessions to end."
        : `Ended ${ended} session${ended === 1 ? "" : "s"}. Their next click goes to the sign-in page.`;
    return { userId, ended, message };
  },
});

export const resetMfa = adminFormAction({
  name: "staff_mfa_reset",
  input: userInput,
  run: async ({ userId }, { tx, user, annotate }) => {
    await staff.resetStaffMfa(tx, { actor: actorOf(user), userId, now: now() });
    annotate({ resourceType: "user", resourceId: userId });
    refresh();
    return { userId };
  },
});

export const unlockStaffAccount = adminFormAction({
  name: "staff_unlocked",
  input: userInput,
  run: async ({ userId }, { tx, user, annotate }) => {
    await staff.unlockStaff(tx, { actor: actorOf(user), userId });
    annotate({ resourceType: "user", resourceId: userId });
    refresh();
    return { userId };
  },
});

export const sendInvitation = adminFormAction({
  name: "staff_invited",
  input: userInput,
  run: async ({ userId }, { tx, user, annotate }) => {
    const { purpose, link } = await staff.inviteStaff(tx, { actor: actorOf(user), userId, now: now() });
    annotate({ resourceType: "user", resourceId: userId, details: { purpose } });
    refresh();
    return { userId, purpose, path: link.path, expiresAt: link.expiresAt.toISOString() };
  },
});

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

export const renameCareTeam = adminFormAction({
  name: "care_team_renamed",
  input: renameCareTeamInput,
  run: async ({ teamId, name }, { tx, user, annotate }) => {
    annotate({ resourceType: "care_team", resourceId: teamId });
    await careTeams.renameCareTeam(tx, { actor: actorOf(user), teamId, name });
    refresh();
    return { teamId, name };
  },
});

export const archiveTeam = adminFormAction({
  name: "care_team_archived",
  input: careTeamInput,
  run: async ({ teamId }, { tx, user, annotate }) => {
    annotate({ resourceType: "care_team", resourceId: teamId });
    await careTeams.archiveCareTeam(tx, { actor: actorOf(user), teamId, now: now() });
    refresh();
    return { teamId };
  },
});

export const restoreTeam = adminFormAction({
  name: "care_team_restored",
  input: careTeamInput,
  run: async ({ teamId }, { tx, user, annotate }) => {
    annotate({ resourceType: "care_team", resourceId: teamId });
    await careTeams.restoreCareTeam(tx, { actor: actorOf(user), teamId });
    refresh();
    return { teamId };
  },
});

// ---------------------------------------------------------------------------------------------
// Organisation settings

export const updateSettings = adminFormAction({
  name: "organisation_settings_changed",
  input: settingsInput,
  run: async (input, { tx, user, annotate }) => {
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
