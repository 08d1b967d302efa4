import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { CreateCareTeamForm } from "@/components/admin/care-team-forms";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listCareTeams } from "@/db/queries/care-teams";
import { readForPage } from "@/server/http/page";
import { createCareTeam } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("careTeamsAdmin"))("pageTitle") };
}

/** The organisation's care teams and how many staff hold a role in each. */
export default async function CareTeamsPage() {
  const { user, teams } = await readForPage(
    { roles: ["admin"], auditAction: "care_teams_viewed", resourceType: "care_team_list" },
    async ({ tx, user }) => ({ user, teams: await listCareTeams(tx, { organisationId: user.organisationId }) }),
  );
  const t = await getTranslations("careTeamsAdmin");
  const format = await getFormatter();
  return (
    <AdminFrame user={user} section="care-teams" title={t("pageTitle")} lead={t("lead")}>
      <div className="mt-4">
        <CreateCareTeamForm action={createCareTeam} />
      </div>
      {teams.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-400 bg-white p-6">{t("none")}</p>
      ) : (
        <table className="mt-6 w-full max-w-4xl border-collapse bg-white text-left">
          <caption className="sr-only">{t("pageTitle")}</caption>
          <ColumnHeads labels={[t("name"), t("members"), t("status")]} rowClassName="border-b-2 border-slate-300" />
          <tbody>
            {teams.map((team) => (
              <tr key={team.id} className="border-b border-slate-200">
                <td className="p-2">
                  <Link
                    href={`/admin/care-teams/${team.id}`}
                    className="font-medium text-blue-800 underline underline-offset-2"
                  >
                    {team.name}
                  </Link>
                </td>
                <td className="p-2">{format.number(team.members)}</td>
                <td className="p-2">
                  {team.archivedAt
                    ? t("archivedOn", { date: format.dateTime(new Date(team.archivedAt), { dateStyle: "medium" }) })
                    : t("active")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}
