import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ActionButton } from "@/components/admin/action-button";
import { AdminFrame } from "@/components/admin/admin-frame";
import { ChangeHistory } from "@/components/admin/change-history";
import { roleLabel } from "@/components/admin/labels";
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("careTeamsAdmin"))("teamTitle") };
}

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
  const t = await getTranslations("careTeamsAdmin");
  const s = await getTranslations("staffAdmin");
  const format = await getFormatter();
  const date = (at: Date | string) => format.dateTime(new Date(at), { dateStyle: "medium" });
  const roles: Record<string, string> = {
    oncologist: s("roleOncologist"),
    nurse: s("roleNurse"),
    admin: s("roleAdmin"),
  };
  return (
    <AdminFrame
      user={user}
      section="care-teams"
      title={team.name}
      back={{ href: "/admin/care-teams", label: t("allTeams") }}
      lead={
        team.archivedAt
          ? t("archivedLead", { date: date(team.archivedAt) })
          : t("addedLead", { date: date(team.createdAt) })
      }
    >
      <Section id="members-heading" heading={t("membersHeading")} className="mt-6">
        {team.members.length === 0 ? (
          <p className="mt-2 rounded-lg border border-dashed border-slate-400 bg-white p-4">{t("noMembers")}</p>
        ) : (
          <>
            <p className="mt-1 text-slate-700">
              {t("roleCount", { count: team.members.length })}{" "}
              <Link href={staffTableHref(DEFAULT_STAFF_TABLE, { team: team.id })} className="text-blue-800 underline">
                {t("showInTable")}
              </Link>
            </p>
            <table className="mt-2 w-full max-w-4xl border-collapse bg-white text-left">
              <caption className="sr-only">{t("membersCaption", { team: team.name })}</caption>
              <ColumnHeads
                labels={[t("name"), t("email"), t("role"), t("status")]}
                rowClassName="border-b-2 border-slate-300"
              />
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
                      {roles[m.role] ?? roleLabel(m.role)}
                      {m.isTeamLead ? ` ${t("teamLead")}` : ""}
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

      <Section id="rota-heading" heading={t("rotaHeading")} className="mt-8">
        <p className="mt-2">
          <Link href={`/admin/care-teams/${team.id}/rota`} className="text-blue-800 underline">
            {t("rotaLink", { team: team.name })}
          </Link>
        </p>
      </Section>

      <Section id="team-name-heading" heading={t("name")} className="mt-8">
        <div className="mt-2 rounded-lg bg-white p-4">
          <RenameForm
            action={renameCareTeam}
            fields={{ teamId: team.id }}
            label={t("teamName")}
            current={team.name}
            maxLength={80}
            success={t("nameSaved")}
          />
        </div>
      </Section>

      <Section
        id="archive-heading"
        heading={team.archivedAt ? t("restoreHeading") : t("archiveHeading")}
        className="mt-8"
      >
        <div className="mt-2 max-w-2xl rounded-lg bg-white p-4">
          {team.archivedAt ? (
            <ActionButton
              action={restoreTeam}
              fields={{ teamId: team.id }}
              label={t("restore")}
              pendingLabel={t("restoring")}
              success={t("restored")}
            />
          ) : team.members.length > 0 ? (
            <p>{t("moveFirst")}</p>
          ) : (
            <ActionButton
              action={archiveTeam}
              fields={{ teamId: team.id }}
              label={t("archive")}
              pendingLabel={t("archiving")}
              confirm={t("archiveConfirm", { team: team.name })}
              confirmLabel={t("archiveYes")}
              danger
              success={t("archived")}
            />
          )}
        </div>
      </Section>

      <ChangeHistory heading={t("history")} rows={history} teamNames={teamNames} empty={t("noHistory")} />
    </AdminFrame>
  );
}
