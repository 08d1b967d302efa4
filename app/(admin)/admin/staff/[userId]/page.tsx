import type { ReactNode } from "react";
import { ActionButton } from "@/components/admin/action-button";
import { AdminFrame } from "@/components/admin/admin-frame";
import { ChangeHistory } from "@/components/admin/change-history";
import { formatDateTime, roleLabel } from "@/components/admin/labels";
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

export const metadata = { title: "Staff member" };

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
  const self = member.id === user.userId;
  const activeTeams = teams.filter((t) => !t.archivedAt).map((t) => ({ id: t.id, name: t.name }));
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  const deactivated = member.status === "deactivated";
  const invitationText = !member.invitation
    ? "None issued"
    : member.invitation.usedAt
      ? `${member.invitation.purpose === "activate" ? "Activation" : "Password reset"} link used or replaced ${formatDateTime(member.invitation.usedAt)}`
      : new Date(member.invitation.expiresAt) <= now()
        ? `${member.invitation.purpose === "activate" ? "Activation" : "Password reset"} link expired ${formatDateTime(member.invitation.expiresAt)}`
        : `${member.invitation.purpose === "activate" ? "Activation" : "Password reset"} link open until ${formatDateTime(member.invitation.expiresAt)}`;

  return (
    <AdminFrame
      user={user}
      section="staff"
      title={member.name}
      back={{ href: "/admin", label: "All staff" }}
      lead={member.email}
    >
      <div className="mt-2">
        <StatusBadge status={member.status} />
        {self ? <span className="ml-2 text-slate-700">This is your own account.</span> : null}
      </div>

      <PendingChanges
        changes={pending}
        me={user.userId}
        approve={approveStaffChange}
        refuse={refuseStaffChange}
        showAccount={false}
      />

      <Section id="account-heading" heading="Account" className="mt-6">
        <dl className="mt-2 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg bg-white p-4">
          <dt className="font-medium">Password</dt>
          <dd>{member.activated ? "Set" : "Not set yet (the account has not been activated)"}</dd>
          <dt className="font-medium">Second factor</dt>
          <dd>{member.mfaEnabled ? "Set up" : "Not set up"}</dd>
          <dt className="font-medium">Sign-in lock</dt>
          <dd>
            {member.lockedUntil
              ? `Locked until ${formatDateTime(member.lockedUntil)}`
              : `Not locked (${member.failedSignIns} failed attempts in a row)`}
          </dd>
          <dt className="font-medium">Signed in now</dt>
          <dd>
            {member.openSessions === 0
              ? "No open sessions"
              : `${member.openSessions} open session${member.openSessions === 1 ? "" : "s"}`}
          </dd>
          <dt className="font-medium">Last active</dt>
          <dd>{member.lastActiveAt ? formatDateTime(member.lastActiveAt) : "Never"}</dd>
          <dt className="font-medium">One-time link</dt>
          <dd>{invitationText}</dd>
          <dt className="font-medium">Added</dt>
          <dd>
            {formatDateTime(member.createdAt)}
            {createdByName ? ` by ${createdByName}` : ""}
          </dd>
          {member.deactivatedAt ? (
            <>
              <dt className="font-medium">Deactivated</dt>
              <dd>{formatDateTime(member.deactivatedAt)}</dd>
            </>
          ) : null}
        </dl>
      </Section>

      <Section id="roles-heading" heading="Roles and care teams" className="mt-8">
        <p className="mt-1 text-slate-700">
          Changes apply on the person’s very next click. Clinical roles (oncologist, nurse) see patients through their
          care team.
        </p>
        {member.memberships.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-slate-400 bg-white p-4">
            {member.name} has no role, so cannot open any page.
          </p>
        ) : (
          <table className="mt-3 w-full max-w-4xl border-collapse bg-white text-left">
            <caption className="sr-only">Roles of {member.name}</caption>
            <ColumnHeads labels={["Role", "Care team", "Change"]} rowClassName="border-b-2 border-slate-300" />
            <tbody>
              {member.memberships.map((m) => {
                const where = m.careTeamName ? `${roleLabel(m.role)} in ${m.careTeamName}` : roleLabel(m.role);
                return (
                  <tr key={m.id} className="border-b border-slate-200 align-top">
                    <td className="p-2">{roleLabel(m.role)}</td>
                    <td className="p-2">
                      {m.careTeamName ?? "—"}
                      {m.careTeamArchived ? " (archived)" : ""}
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
                        label={`Remove role: ${where}`}
                        pendingLabel="Removing…"
                        confirm={`Remove ${member.name}'s role as ${where}? ${self ? "You will lose what it lets you do at once." : "It stops working on their next click."}`}
                        confirmLabel="Yes, remove this role"
                        danger
                        success="Role removed."
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
            <p className="rounded-lg border border-slate-300 bg-white p-4">
              You cannot give yourself a clinical role or move your own clinical role. Another admin can.
            </p>
          ) : deactivated ? (
            <p className="rounded-lg border border-slate-300 bg-white p-4">
              Reactivate the account before giving it a role.
            </p>
          ) : (
            <GrantRoleForm action={grantRole} userId={member.id} name={member.name} teams={activeTeams} />
          )}
        </div>
      </Section>

      <Section id="access-heading" heading="Access" className="mt-8">
        <div className="mt-3 grid max-w-4xl gap-4 md:grid-cols-2">
          {!deactivated ? (
            <AccessCard
              title={member.activated ? "Password reset link" : "Activation link"}
              description={
                member.activated
                  ? "A one-time link to choose a new password. It signs them out everywhere when used."
                  : "A new one-time link to choose a password. Any earlier link stops working."
              }
            >
              <OneTimeLinkResult
                action={sendInvitation}
                fields={{ userId: member.id }}
                who={member.name}
                label={member.activated ? "Create a password reset link" : "Create a new activation link"}
              />
            </AccessCard>
          ) : null}
          {member.lockedUntil ? (
            <AccessCard
              title="Sign-in lock"
              description="Locked after too many failed attempts. Unlock once you know it was them."
            >
              <ActionButton
                action={unlockStaffAccount}
                fields={{ userId: member.id }}
                label="Unlock account"
                pendingLabel="Unlocking…"
                success="Unlocked. They can sign in again now."
              />
            </AccessCard>
          ) : null}
          {member.mfaEnabled && !self ? (
            <AccessCard
              title="Second factor"
              description="For a lost or replaced phone: removes the authenticator and signs them out; they set up a new one at their next sign-in."
            >
              <ActionButton
                action={resetMfa}
                fields={{ userId: member.id }}
                label="Reset second factor"
                pendingLabel="Resetting…"
                confirm={`Reset ${member.name}'s second factor and sign them out everywhere?`}
                confirmLabel="Yes, reset it"
                danger
                success="Second factor reset. They set up a new one at their next sign-in."
              />
            </AccessCard>
          ) : null}
          <AccessCard
            title="Sign out everywhere"
            description="Ends every session on every device. Their next click goes to the sign-in page."
          >
            <ActionButton
              action={signOutStaff}
              fields={{ userId: member.id }}
              label="Sign out everywhere"
              pendingLabel="Signing out…"
              confirm={
                self
                  ? "Sign yourself out on every device, this one included?"
                  : `Sign ${member.name} out on every device?`
              }
              confirmLabel="Yes, sign out everywhere"
            />
          </AccessCard>
          {!self ? (
            <AccessCard
              title={deactivated ? "Reactivate" : "Deactivate"}
              description={
                deactivated
                  ? "Lets them sign in again with their password and roles."
                  : "They cannot sign in, every session ends at once, and their roles stay for if they return."
              }
            >
              {deactivated ? (
                <ActionButton
                  action={reactivateStaff}
                  fields={{ userId: member.id }}
                  label="Reactivate account"
                  pendingLabel="Reactivating…"
                  success="Reactivated."
                />
              ) : (
                <ActionButton
                  action={deactivateStaff}
                  fields={{ userId: member.id }}
                  label="Deactivate account"
                  pendingLabel="Deactivating…"
                  confirm={`Deactivate ${member.name}? They are signed out everywhere at once.`}
                  confirmLabel="Yes, deactivate"
                  danger
                  success="Deactivated and signed out everywhere."
                />
              )}
            </AccessCard>
          ) : null}
        </div>
      </Section>

      <Section id="name-heading" heading="Name" className="mt-8">
        <div className="mt-2 rounded-lg bg-white p-4">
          <RenameForm
            action={renameStaff}
            fields={{ userId: member.id }}
            label="Full name"
            current={member.name}
            maxLength={100}
            success="Name saved."
          />
        </div>
      </Section>

      <ChangeHistory
        heading="History"
        rows={history}
        teamNames={Object.fromEntries(teamNames)}
        empty="No changes recorded yet."
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
