import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ActionButton } from "@/components/admin/action-button";
import { AdminFrame } from "@/components/admin/admin-frame";
import { ChangeHistory } from "@/components/admin/change-history";
import { OneTimeLinkResult } from "@/components/admin/one-time-link-result";
import { PendingChanges } from "@/components/admin/pending-changes";
import { GrantRoleForm, MoveCareTeamForm, RenameForm } from "@/components/admin/staff-forms";
import { StatusBadge } from "@/components/tables/staff/columns";
import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import { changesTo } from "@/db/queries/activity";
import { listCareTeams } from "@/db/queries/care-teams";
import { findStaffMember, staffNames } from "@/db/queries/staff";
import { listPendingStaffChanges } from "@/db/queries/staff-changes";
import { sessionLimits } from "@/lib/auth/session-policy";
import { formatDateTime } from "@/lib/clinic-time";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import {
  approveStaffChange,
  deactivateStaff,
  grantRole,
  moveCareTeam,
  reactivateStaff,
  refuseStaffChange,
  removeRole,
  renameStaff,
  resetMfa,
  sendInvitation,
  signOutStaff,
  unlockStaffAccount,
} from "../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staffMember"))("pageTitle") };
}

/** One staff account: its roles and care teams, its access, and every change made to it and by whom. */
export default async function StaffMemberPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const id = isUuid(userId) ? userId.toLowerCase() : "00000000-0000-0000-0000-000000000000";
  const { user, member, teams, history, createdByName, pending } = await readForPage(
    { roles: ["admin"], auditAction: "staff_member_viewed", resourceType: "user", resourceId: id },
    async ({ tx, user }) => {
      const at = now();
      const idleSince = new Date(at.getTime() - sessionLimits(user.organisationSettings).idleTimeoutMinutes * 60_000);
      const member = await findStaffMember(tx, user.organisationId, id, at, idleSince);
      if (!member) throw new AppError("not_found");
      const names = member.createdBy
        ? await staffNames(tx, { organisationId: user.organisationId, ids: [member.createdBy] })
        : new Map<string, string>();
      return {
        user,
        member,
        teams: await listCareTeams(tx, { organisationId: user.organisationId }),
        history: await changesTo(tx, { organisationId: user.organisationId, resource: { type: "user", id } }),
        createdByName: member.createdBy ? (names.get(member.createdBy) ?? null) : null,
        pending: await listPendingStaffChanges(tx, { organisationId: user.organisationId, userId: id }),
      };
    },
  );
  const t = await getTranslations("staffMember");
  const roles = await getTranslations("staffAdmin");
  const tag = await getLocale();
  const when = (at: string | Date) => formatDateTime(at, tag);
  const roleLabel = (role: string) =>
    role === "oncologist"
      ? roles("roleOncologist")
      : role === "nurse"
        ? roles("roleNurse")
        : role === "admin"
          ? roles("roleAdmin")
          : role;
  const self = member.id === user.userId;
  const activeTeams = teams.filter((t) => !t.archivedAt).map((t) => ({ id: t.id, name: t.name }));
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  const deactivated = member.status === "deactivated";
  const invitation = member.invitation;
  const purpose = invitation?.purpose === "activate" ? "activate" : "reset";
  const invitationText = !invitation
    ? t("linkNone")
    : invitation.usedAt
      ? t("linkUsed", { purpose, when: when(invitation.usedAt) })
      : new Date(invitation.expiresAt) <= now()
        ? t("linkExpired", { purpose, when: when(invitation.expiresAt) })
        : t("linkOpen", { purpose, when: when(invitation.expiresAt) });

  return (
    <AdminFrame
      user={user}
      section="staff"
      title={member.name}
      back={{ href: "/admin", label: t("allStaff") }}
      lead={member.email}
    >
      <div className="mt-2">
        <StatusBadge status={member.status} />
        {self ? <span className="ml-2 text-slate-700">{t("ownAccount")}</span> : null}
      </div>

      <PendingChanges
        changes={pending}
        me={user.userId}
        approve={approveStaffChange}
        refuse={refuseStaffChange}
        showAccount={false}
      />

      <Section id="account-heading" heading={t("account")} className="mt-6">
        <dl className="mt-2 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg bg-white p-4">
          <dt className="font-medium">{t("password")}</dt>
          <dd>{member.activated ? t("passwordSet") : t("passwordNotSet")}</dd>
          <dt className="font-medium">{t("secondFactor")}</dt>
          <dd>{member.mfaEnabled ? t("mfaSetUp") : t("mfaNotSetUp")}</dd>
          <dt className="font-medium">{t("signInLock")}</dt>
          <dd>
            {member.lockedUntil
              ? t("lockedUntil", { when: when(member.lockedUntil) })
              : t("notLocked", { count: member.failedSignIns })}
          </dd>
          <dt className="font-medium">{t("signedInNow")}</dt>
          <dd>{t("openSessions", { count: member.openSessions })}</dd>
          <dt className="font-medium">{t("lastActive")}</dt>
          <dd>{member.lastActiveAt ? when(member.lastActiveAt) : t("never")}</dd>
          <dt className="font-medium">{t("oneTimeLink")}</dt>
          <dd>{invitationText}</dd>
          <dt className="font-medium">{t("added")}</dt>
          <dd>
            {createdByName
              ? t("addedBy", { when: when(member.createdAt), name: createdByName })
              : when(member.createdAt)}
          </dd>
          {member.deactivatedAt ? (
            <>
              <dt className="font-medium">{t("deactivated")}</dt>
              <dd>{when(member.deactivatedAt)}</dd>
            </>
          ) : null}
        </dl>
      </Section>

      <Section id="roles-heading" heading={t("rolesHeading")} className="mt-8">
        <p className="mt-1 text-slate-700">{t("rolesLead")}</p>
        {member.memberships.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-slate-400 bg-white p-4">
            {t("noRole", { name: member.name })}
          </p>
        ) : (
          <table className="mt-3 w-full max-w-4xl border-collapse bg-white text-left">
            <caption className="sr-only">{t("rolesCaption", { name: member.name })}</caption>
            <ColumnHeads labels={[t("role"), t("careTeam"), t("change")]} rowClassName="border-b-2 border-slate-300" />
            <tbody>
              {member.memberships.map((m) => {
                const where = m.careTeamName
                  ? t("roleIn", { role: roleLabel(m.role), team: m.careTeamName })
                  : roleLabel(m.role);
                return (
                  <tr key={m.id} className="border-b border-slate-200 align-top">
                    <td className="p-2">{roleLabel(m.role)}</td>
                    <td className="p-2">
                      {m.careTeamName ?? "—"}
                      {m.careTeamArchived ? ` ${t("archived")}` : ""}
                    </td>
                    <td className="space-y-3 p-2">
                      {m.role !== "admin" && !self ? (
                        <MoveCareTeamForm
                          action={moveCareTeam}
                          membershipId={m.id}
                          roleName={roleLabel(m.role).toLowerCase()}
                          currentTeamId={m.careTeamId}
                          teams={activeTeams}
                        />
                      ) : null}
                      <ActionButton
                        action={removeRole}
                        fields={{ membershipId: m.id }}
                        label={t("removeRole", { where })}
                        pendingLabel={t("removing")}
                        confirm={
                          self
                            ? t("removeConfirmSelf", { name: member.name, where })
                            : t("removeConfirm", { name: member.name, where })
                        }
                        confirmLabel={t("removeYes")}
                        danger
                        success={t("roleRemoved")}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="mt-4 max-w-xl">
          {self ? (
            <p className="rounded-lg border border-slate-300 bg-white p-4">{t("selfNoRole")}</p>
          ) : deactivated ? (
            <p className="rounded-lg border border-slate-300 bg-white p-4">{t("reactivateFirst")}</p>
          ) : (
            <GrantRoleForm action={grantRole} userId={member.id} name={member.name} teams={activeTeams} />
          )}
        </div>
      </Section>

      <Section id="access-heading" heading={t("access")} className="mt-8">
        <div className="mt-3 grid max-w-4xl gap-4 md:grid-cols-2">
          {!deactivated ? (
            <AccessCard
              title={member.activated ? t("resetLinkTitle") : t("activationLinkTitle")}
              description={member.activated ? t("resetLinkDescription") : t("activationLinkDescription")}
            >
              <OneTimeLinkResult
                action={sendInvitation}
                fields={{ userId: member.id }}
                who={member.name}
                label={member.activated ? t("createResetLink") : t("createActivationLink")}
              />
            </AccessCard>
          ) : null}
          {member.lockedUntil ? (
            <AccessCard title={t("signInLock")} description={t("lockDescription")}>
              <ActionButton
                action={unlockStaffAccount}
                fields={{ userId: member.id }}
                label={t("unlock")}
                pendingLabel={t("unlocking")}
                success={t("unlocked")}
              />
            </AccessCard>
          ) : null}
          {member.mfaEnabled && !self ? (
            <AccessCard title={t("secondFactor")} description={t("mfaDescription")}>
              <ActionButton
                action={resetMfa}
                fields={{ userId: member.id }}
                label={t("resetMfa")}
                pendingLabel={t("resetting")}
                confirm={t("resetMfaConfirm", { name: member.name })}
                confirmLabel={t("resetMfaYes")}
                danger
                success={t("mfaResetDone")}
              />
            </AccessCard>
          ) : null}
          <AccessCard title={t("signOutTitle")} description={t("signOutDescription")}>
            <ActionButton
              action={signOutStaff}
              fields={{ userId: member.id }}
              label={t("signOut")}
              pendingLabel={t("signingOut")}
              confirm={self ? t("signOutSelfConfirm") : t("signOutConfirm", { name: member.name })}
              confirmLabel={t("signOutYes")}
            />
          </AccessCard>
          {!self ? (
            <AccessCard
              title={deactivated ? t("reactivateTitle") : t("deactivateTitle")}
              description={deactivated ? t("reactivateDescription") : t("deactivateDescription")}
            >
              {deactivated ? (
                <ActionButton
                  action={reactivateStaff}
                  fields={{ userId: member.id }}
                  label={t("reactivate")}
                  pendingLabel={t("reactivating")}
                  success={t("reactivated")}
                />
              ) : (
                <ActionButton
                  action={deactivateStaff}
                  fields={{ userId: member.id }}
                  label={t("deactivate")}
                  pendingLabel={t("deactivating")}
                  confirm={t("deactivateConfirm", { name: member.name })}
                  confirmLabel={t("deactivateYes")}
                  danger
                  success={t("deactivatedDone")}
                />
              )}
            </AccessCard>
          ) : null}
        </div>
      </Section>

      <Section id="name-heading" heading={t("nameHeading")} className="mt-8">
        <div className="mt-2 rounded-lg bg-white p-4">
          <RenameForm
            action={renameStaff}
            fields={{ userId: member.id }}
            label={t("fullName")}
            current={member.name}
            maxLength={100}
            success={t("nameSaved")}
          />
        </div>
      </Section>

      <ChangeHistory
        heading={t("history")}
        rows={history}
        teamNames={Object.fromEntries(teamNames)}
        empty={t("noHistory")}
      />
    </AdminFrame>
  );
}

/** One thing an admin can do about the account's access: what it is, what it does, and its button. */
function AccessCard({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <div className="rounded-lg bg-white p-4">
      <h3 className="font-semibold">{title}</h3>
      <p className="mt-1 text-slate-700">{description}</p>
      <div className="mt-2">{children}</div>
    </div>
  );
}
