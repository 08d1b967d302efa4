import Link from "next/link";
import { ActionButton } from "@/components/admin/action-button";
import { AdminFrame } from "@/components/admin/admin-frame";
import { ChangeHistory } from "@/components/admin/change-history";
import { formatDate, roleLabel } from "@/components/admin/labels";
import { RenameForm } from "@/components/admin/staff-forms";
import { StatusBadge } from "@/components/tables/staff/columns";
import { DEFAULT_STAFF_TABLE, staffTableHref } from "@/components/tables/staff/state";
import { ColumnHeads } from "@/components/ui/column-heads";
import { Section } from "@/components/ui/section";
import { changesTo } from "@/db/queries/activity";
import { findCareTeam, listCareTeams } from "@/db/queries/care-teams";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { archiveTeam, renameCareTeam, restoreTeam } from "../../actions";

export const metadata = { title: "Care team" };

/** One care team: its members (staff only), its name, archiving, and who changed it. */
export default async function CareTeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const id = isUuid(teamId) ? teamId.toLowerCase() : "00000000-0000-0000-0000-000000000000";
  const { user, team, history, teamNames } = await readForPage(
    { roles: ["admin"], auditAction: "care_team_viewed", resourceType: "care_team", resourceId: id },
    async ({ tx, user }) => {
      const team = await findCareTeam(tx, { organisationId: user.organisationId, teamId: id, at: now() });
      if (!team) throw new AppError("not_found");
      const teams = await listCareTeams(tx, { organisationId: user.organisationId });
      return {
        user,
        team,
        history: await changesTo(tx, { organisationId: user.organisationId, resource: { type: "care_team", id } }),
        teamNames: Object.fromEntries(teams.map((t) => [t.id, t.name])),
      };
    },
  );
  return (
    <AdminFrame
      user={user}
      section="care-teams"
      title={team.name}
      back={{ href: "/admin/care-teams", label: "All care teams" }}
      lead={
        team.archivedAt
          ? `Archived ${formatDate(team.archivedAt)}. It takes no new members.`
          : `Added ${formatDate(team.createdAt)}.`
      }
    >
      <Section id="members-heading" heading="Members" className="mt-6">
        {team.members.length === 0 ? (
          <p className="mt-2 rounded-lg border border-dashed border-slate-400 bg-white p-4">
            Nobody holds a role in this team.
          </p>
        ) : (
          <>
            <p className="mt-1 text-slate-700">
              {team.members.length} role{team.members.length === 1 ? "" : "s"}.{" "}
              <Link href={staffTableHref(DEFAULT_STAFF_TABLE, { team: team.id })} className="text-blue-800 underline">
                Show them in the staff table
              </Link>
            </p>
            <table className="mt-2 w-full max-w-4xl border-collapse bg-white text-left">
              <caption className="sr-only">Members of {team.name}</caption>
              <ColumnHeads labels={["Name", "Email", "Role", "Status"]} rowClassName="border-b-2 border-slate-300" />
              <tbody>
                {team.members.map((m) => (
                  <tr key={m.membershipId} className="border-b border-slate-200">
                    <td className="p-2">
                      <Link href={`/admin/staff/${m.userId}`} className="text-blue-800 underline">
                        {m.name}
                      </Link>
                    </td>
                    <td className="break-all p-2">{m.email}</td>
                    <td className="p-2">
                      {roleLabel(m.role)}
                      {m.isTeamLead ? " (team lead)" : ""}
                    </td>
                    <td className="p-2">
                      <StatusBadge status={m.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Section>

      <Section id="rota-heading" heading="On-call rota" className="mt-8">
        <p className="mt-2">
          <Link href={`/admin/care-teams/${team.id}/rota`} className="text-blue-800 underline">
            See and change who is on call for {team.name}
          </Link>
        </p>
      </Section>

      <Section id="team-name-heading" heading="Name" className="mt-8">
        <div className="mt-2 rounded-lg bg-white p-4">
          <RenameForm
            action={renameCareTeam}
            fields={{ teamId: team.id }}
            label="Team name"
            current={team.name}
            maxLength={80}
            success="Name saved."
          />
        </div>
      </Section>

      <Section id="archive-heading" heading={team.archivedAt ? "Restore" : "Archive"} className="mt-8">
        <div className="mt-2 max-w-2xl rounded-lg bg-white p-4">
          {team.archivedAt ? (
            <ActionButton
              action={restoreTeam}
              fields={{ teamId: team.id }}
              label="Restore care team"
              pendingLabel="Restoring…"
              success="Restored. Staff can be given roles in it again."
            />
          ) : team.members.length > 0 ? (
            <p>Move its members to another team, or remove their roles here, before archiving it.</p>
          ) : (
            <ActionButton
              action={archiveTeam}
              fields={{ teamId: team.id }}
              label="Archive care team"
              pendingLabel="Archiving…"
              confirm={`Archive ${team.name}? It takes no new members until restored. Patients' consent rules naming it stay as they are.`}
              confirmLabel="Yes, archive it"
              danger
              success="Archived."
            />
          )}
        </div>
      </Section>

      <ChangeHistory heading="History" rows={history} teamNames={teamNames} empty="No changes recorded yet." />
    </AdminFrame>
  );
}
