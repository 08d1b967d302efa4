"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import type { Actor } from "@/db/queries/admin-guards";
import type { AuditDetails } from "@/db/queries/audit";
import { INVITATION_TTL_HOURS } from "@/db/queries/auth";
import * as careTeams from "@/db/queries/care-teams";
import {
  setDefaultLocale,
  setEscalationContacts,
  updateOrganisationSettings,
} from "@/db/queries/organisation-settings";
import type { StaffChangeAtParams } from "@/db/queries/staff-accounts";
import * as staff from "@/db/queries/staff-accounts";
import type { StaffChangeKind } from "@/db/queries/staff-changes";
import * as changes from "@/db/queries/staff-changes";
import * as roles from "@/db/queries/staff-roles";
import { settingChangeDetails } from "@/lib/admin/settings-changes";
import type { AuditAction } from "@/lib/audit/actions";
import { resolveLocale } from "@/lib/i18n/resolve";
import { translatorFor } from "@/lib/i18n/translate";
import type { SessionUser } from "@/server/auth/session";
import { now } from "@/server/clock";
import type { GuardedContext } from "@/server/http/guard";
import { actorOf, adminFormAction } from "./_lib/admin-action";
import {
  careTeamInput,
  createCareTeamInput,
  createStaffInput,
  defaultLocaleInput,
  escalationContactsInput,
  grantRoleInput,
  membershipInput,
  moveCareTeamInput,
  notificationOverrides,
  renameCareTeamInput,
  renameStaffInput,
  settingsInput,
  staffChangeInput,
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

/**
 * The admin's language, for what an action answers: their own choice, else their organisation's
 * default. An action reads it from the signed-in person, not from the request's headers.
 */
type Words = ReturnType<typeof translatorFor>;
const wordsOf = (user: SessionUser): Words =>
  translatorFor(resolveLocale({ userLocale: user.locale, organisationLocale: user.organisationLocale }));

type Audit = GuardedContext["audit"];

/**
 * A one-time link's path for the admin's screen: only where the organisation shows links (else
 * null: the link went by email alone), and the showing is an audit event of its own.
 */
function shownLink(user: SessionUser, userId: string, path: string | null, audit: Audit): string | null {
  if (!path || user.organisationSettings.showOneTimeLinks !== true) return null;
  audit({ action: "one_time_link_shown", resourceType: "user", resourceId: userId });
  return path;
}

export const createStaff = adminFormAction({
  name: "staff_created",
  input: createStaffInput,
  run: async (input, { tx, user, annotate, audit }) => {
    const created = await staff.createStaffMember(tx, { actor: actorOf(user), member: input, now: now() });
    annotate({
      resourceType: "user",
      resourceId: created.userId,
      details: { role: input.role, careTeamId: input.careTeamId },
    });
    audit({
      action: "staff_change_requested",
      resourceType: "user",
      resourceId: created.userId,
      details: {
        change: input.role === "admin" ? "admin_role" : "clinical_role",
        role: input.role,
        careTeamId: input.careTeamId,
      },
    });
    refresh();
    // Every first role waits for a second admin: the account gets its link when it is approved.
    return { userId: created.userId, name: input.name, email: input.email };
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
  name: "staff_change_requested",
  input: grantRoleInput,
  run: async ({ userId, role, careTeamId }, { tx, user, annotate }) => {
    const { requestId } = await roles.grantRole(tx, { actor: actorOf(user), userId, role, careTeamId });
    annotate({
      resourceType: "user",
      resourceId: userId,
      details: { change: role === "admin" ? "admin_role" : "clinical_role", role, careTeamId },
    });
    refresh();
    return { requestId, waiting: true, message: wordsOf(user)("adminActions.waiting") };
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
  name: "staff_change_requested",
  input: moveCareTeamInput,
  run: async (input, { tx, user, annotate }) => {
    const moved = await roles.moveToCareTeam(tx, { actor: actorOf(user), ...input });
    annotate({
      resourceType: "user",
      resourceId: moved.userId,
      details: {
        change: "care_team_move",
        role: moved.role,
        fromCareTeamId: moved.fromCareTeamId,
        toCareTeamId: moved.toCareTeamId,
      },
    });
    refresh();
    return {
      userId: moved.userId,
      teamName: moved.teamName,
      waiting: true,
      message: wordsOf(user)("adminActions.waiting"),
    };
  },
});

/** What a change to one staff account came to: the answer, the audit details, and its own event's name if not the action's. */
type AccountOutcome<A> = { answer: A; details?: AuditDetails; action?: AuditAction };

/**
 * A change to one staff account: the account is the audit event's resource, with the details the
 * change's `outcome` names, and the answer is the account's id with the rest of that outcome.
 */
function accountAction<R, A extends object>(
  name: AuditAction,
  change: (tx: Tx, account: StaffChangeAtParams) => Promise<R>,
  outcome: (result: R, user: SessionUser, audit: Audit, t: Words) => AccountOutcome<A> = () => ({ answer: {} as A }),
) {
  return adminFormAction({
    name,
    input: userInput,
    run: async ({ userId }, { tx, user, annotate, audit }) => {
      const result = await change(tx, { actor: actorOf(user), userId, now: now() });
      const { answer, details, action } = outcome(result, user, audit, wordsOf(user));
      annotate({ ...(action ? { action } : {}), resourceType: "user", resourceId: userId, details });
      refresh();
      return { userId, ...answer };
    },
  });
}

/** The outcome of a change that waited for a second admin. */
const waitingFor = (change: StaffChangeKind, t: Words): AccountOutcome<{ waiting: true; message: string }> => ({
  answer: { waiting: true, message: t("adminActions.waiting") },
  details: { change },
  action: "staff_change_requested",
});

export const deactivateStaff = accountAction("staff_deactivated", staff.deactivateStaff, ({ ended }) => ({
  answer: { ended },
  details: { ended },
}));

export const reactivateStaff = accountAction("staff_reactivated", staff.reactivateStaff);

export const signOutStaff = accountAction(
  "staff_signed_out_everywhere",
  staff.signOutStaffEverywhere,
  ({ ended }, _user, _audit, t) => ({
    answer: {
      ended,
      message: ended === 0 ? t("adminActions.noSessions") : t("adminActions.sessionsEnded", { count: ended }),
    },
    details: { ended },
  }),
);

export const resetMfa = accountAction("staff_mfa_reset", staff.resetStaffMfa, ({ requestId }, _user, _audit, t) =>
  requestId ? waitingFor("mfa_reset", t) : { answer: { waiting: false } },
);

export const unlockStaffAccount = accountAction("staff_unlocked", staff.unlockStaff);

export const sendInvitation = accountAction(
  "staff_invited",
  staff.inviteStaff,
  ({ target, purpose, link }, user, audit, t): AccountOutcome<LinkAnswer> =>
    link
      ? {
          answer: {
            waiting: false,
            purpose,
            path: shownLink(user, target.id, link.path, audit),
            expiresAt: link.expiresAt.toISOString(),
            message: t("adminActions.linkSent", { name: target.name }),
          },
          details: { purpose },
        }
      : {
          ...waitingFor("one_time_link", t),
          answer: { waiting: true, purpose, path: null, expiresAt: null, message: t("adminActions.waiting") },
        },
);

/** What the one-time link form reads back. */
type LinkAnswer = {
  waiting: boolean;
  purpose: "activate" | "reset";
  path: string | null;
  expiresAt: string | null;
  message: string;
};

// ---------------------------------------------------------------------------------------------
// Changes that take a second admin

/** Another admin's request, approved (and so carried out) or refused. */
function decisionAction(name: AuditAction, approve: boolean) {
  return adminFormAction({
    name,
    input: staffChangeInput,
    run: async ({ requestId }, { tx, user, annotate, audit }) => {
      const decided = await changes.decideStaffChange(tx, { actor: actorOf(user), requestId, approve });
      annotate({
        resourceType: "user",
        resourceId: decided.userId,
        details: { change: decided.kind, purpose: decided.linkPurpose },
      });
      if (decided.linkPurpose) {
        audit({
          action: "staff_invited",
          resourceType: "user",
          resourceId: decided.userId,
          details: { purpose: decided.linkPurpose },
        });
      }
      // The database returns a path only where the organisation shows links on screen.
      const path = shownLink(user, decided.userId, decided.linkPath, audit);
      const expiresAt = new Date(now().getTime() + INVITATION_TTL_HOURS * 3_600_000).toISOString();
      // A link on screen stays there to be copied: the list catches up on the next visit.
      if (!path) refresh();
      const t = wordsOf(user);
      return {
        requestId,
        userId: decided.userId,
        path,
        expiresAt: path ? expiresAt : null,
        message: !approve
          ? t("adminActions.refused")
          : decided.linkPurpose
            ? t("adminActions.approvedLink")
            : t("adminActions.approved"),
      };
    },
  });
}

export const approveStaffChange = decisionAction("staff_change_approved", true);

export const refuseStaffChange = decisionAction("staff_change_refused", false);

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
    // The settings changed, each with its value before and after: settings are not clinical data.
    annotate({ resourceType: "organisation", resourceId: user.organisationId, details: settingChangeDetails(changed) });
    refresh();
    return { changed: changed.map((c) => c.key) };
  },
});

/**
 * The organisation's escalation contacts, called at a red alert's target when nobody has
 * acknowledged it; audited like every setting, with the list before and after.
 */
export const updateEscalationContacts = adminFormAction({
  name: "organisation_settings_changed",
  input: escalationContactsInput,
  run: async ({ contactIds }, { tx, user, annotate }) => {
    const changed = await setEscalationContacts(tx, { actor: actorOf(user), contactIds });
    annotate({ resourceType: "organisation", resourceId: user.organisationId, details: settingChangeDetails(changed) });
    refresh();
    // The form says it in the admin's language.
    return { changed: changed.map((c) => c.key), contacts: contactIds.length };
  },
});

/**
 * The organisation's default language: for its people who chose none and whose browser asks for
 * none the app speaks, and for the emails of those who chose none. Audited like every setting.
 */
export const updateDefaultLocale = adminFormAction({
  name: "organisation_settings_changed",
  input: defaultLocaleInput,
  run: async ({ locale }, { tx, user, annotate }) => {
    const changed = await setDefaultLocale(tx, { actor: actorOf(user), locale });
    annotate({ resourceType: "organisation", resourceId: user.organisationId, details: settingChangeDetails(changed) });
    refresh();
    return { changed: changed.map((c) => c.key), locale };
  },
});
