import Link from "next/link";
import { addOnCallShift, removeOnCallShift } from "@/app/_rota/actions";
import { ROTA_LEAD, readRotaWindow, rotaTeamId } from "@/app/_rota/page";
import { NoticeProvider } from "@/components/admin/notice";
import { RotaView } from "@/components/rota/rota-view";
import { AppShell } from "@/components/ui/app-shell";
import { listCareTeams } from "@/db/queries/care-teams";
import { AppError } from "@/lib/errors";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "On-call rota" };

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
  return (
    <AppShell user={user}>
      <NoticeProvider>
        <h1 className="text-2xl font-semibold">On-call rota: {rota.team.name}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{ROTA_LEAD}</p>
        {otherTeams.length > 0 ? (
          <p className="mt-2">
            Your other team{otherTeams.length === 1 ? "" : "s"}:{" "}
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
