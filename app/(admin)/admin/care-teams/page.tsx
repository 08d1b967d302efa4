import Link from "next/link";
import { AdminFrame } from "@/components/admin/admin-frame";
import { CreateCareTeamForm } from "@/components/admin/care-team-forms";
import { formatDate } from "@/components/admin/labels";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listCareTeams } from "@/db/queries/care-teams";
import { readForPage } from "@/server/http/page";
import { createCareTeam } from "../actions";

export const metadata = { title: "Care teams" };

/** The organisation's care teams and how many staff hold a role in each. */
export default async function CareTeamsPage() {
  const { user, teams } = await readForPage(
    { roles: ["admin"], auditAction: "care_teams_viewed", resourceType: "care_team_list" },
    async ({ tx, user }) => ({ user, teams: await listCareTeams(tx, { organisationId: user.organisationId }) }),
  );
  return (
    <AdminFrame
      user={user}
      section="care-teams"
      title="Care teams"
      lead="Clinicians see the patients who have shared their record with their care team. Open a team to see its members, rename it or archive it."
    >
      <div className="mt-4">
        <CreateCareTeamForm action={createCareTeam} />
      </div>
      {teams.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-400 bg-white p-6">
          There are no care teams yet. Add the first one above.
        </p>
      ) : (
        <table className="mt-6 w-full max-w-4xl border-collapse bg-white text-left">
          <caption className="sr-only">Care teams</caption>
          <ColumnHeads labels={["Name", "Members", "Status"]} rowClassName="border-b-2 border-slate-300" />
          <tbody>
            {teams.map((t) => (
              <tr key={t.id} className="border-b border-slate-200">
                <td className="p-2">
                  <Link
                    href={`/admin/care-teams/${t.id}`}
                    className="font-medium text-blue-800 underline underline-offset-2"
                  >
                    {t.name}
                  </Link>
                </td>
                <td className="p-2">{t.members}</td>
                <td className="p-2">{t.archivedAt ? `Archived ${formatDate(t.archivedAt)}` : "Active"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}
