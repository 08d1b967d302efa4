import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { addOnCallShift, removeOnCallShift } from "@/app/_rota/actions";
import { readRotaWindow, rotaTeamId } from "@/app/_rota/page";
import { NoticeProvider } from "@/components/admin/notice";
import { RotaView } from "@/components/rota/rota-view";
import { AppShell } from "@/components/ui/app-shell";
import { listCareTeams } from "@/db/queries/care-teams";
import { AppError } from "@/lib/errors";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export async function generateMetadata() {
  const t = await getTranslations("rota");
  return { title: t("pageTitle") };
}

/**
 * The on-call rota of one of the clinician's own care teams: everyone in the team sees who is on
 * call; its leads also add and remove shifts.
 */
export default async function TeamRotaPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const id = rotaTeamId(teamId);
  const at = now();
  const { user, rota, otherTeams } = await readForPage(
    { roles: ["oncologist", "nurse"], auditAction: "on_call_rota_viewed", resourceType: "care_team", resourceId: id },
    async ({ tx, user }) => {
      // Only the clinician's own teams: another team's rota is not theirs to read here.
      if (!user.memberships.some((m) => m.careTeamId === id && m.role !== "admin")) throw new AppError("not_found");
      const rota = await readRotaWindow(tx, user.organisationId, id, at);
      const mine = new Set(user.memberships.filter((m) => m.role !== "admin").map((m) => m.careTeamId));
      const otherTeams = (await listCareTeams(tx, { organisationId: user.organisationId })).filter(
        (t) => t.id !== id && mine.has(t.id) && !t.archivedAt,
      );
      return { user, rota, otherTeams };
    },
  );
  const t = await getTranslations("rota");
  return (
    <AppShell user={user}>
      <NoticeProvider>
        <h1 className="text-2xl font-semibold">{t("heading", { team: rota.team.name })}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("lead")}</p>
        {otherTeams.length > 0 ? (
          <p className="mt-2">
            {t("otherTeams", { count: otherTeams.length })}{" "}
            {otherTeams.map((t, i) => (
              <span key={t.id}>
                {i > 0 ? ", " : ""}
                <Link href={`/teams/${t.id}/rota`} className="text-blue-800 underline">
                  {t.name}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
        <RotaView rota={rota} now={at} addAction={addOnCallShift} removeAction={removeOnCallShift} />
      </NoticeProvider>
    </AppShell>
  );
}
