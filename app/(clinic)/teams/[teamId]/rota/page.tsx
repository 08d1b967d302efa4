import Link from "next/link";
import { addOnCallShift, removeOnCallShift } from "@/app/_rota/actions";
import { NoticeProvider } from "@/components/admin/notice";
import { RotaView } from "@/components/rota/rota-view";
import { AppShell } from "@/components/ui/app-shell";
import { listCareTeams } from "@/db/queries/care-teams";
import { readRota } from "@/db/queries/rota";
import { AppError } from "@/lib/errors";
import { ROTA_WINDOW_DAYS } from "@/lib/notifications/rota";
import { isUuid } from "@/lib/uuid";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "On-call rota" };

/**
 * The on-call rota of one of the clinician's own care teams: everyone in the team sees who is on
 * call; its leads also add and remove shifts.
 */
export default async function TeamRotaPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const id = isUuid(teamId) ? teamId.toLowerCase() : "00000000-0000-0000-0000-000000000000";
  const at = now();
  const { user, rota, otherTeams } = await readForPage(
    { roles: ["oncologist", "nurse"], auditAction: "on_call_rota_viewed", resourceType: "care_team", resourceId: id },
    async ({ tx, user }) => {
      // Only the clinician's own teams: another team's rota is not theirs to read here.
      if (!user.memberships.some((m) => m.careTeamId === id && m.role !== "admin")) throw new AppError("not_found");
      const rota = await readRota(tx, {
        organisationId: user.organisationId,
        teamId: id,
        from: at,
        to: new Date(at.getTime() + ROTA_WINDOW_DAYS * 86_400_000),
      });
      if (!rota) throw new AppError("not_found");
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
        <p className="mt-1 max-w-3xl text-slate-700">
          Who holds the bleep, and when. A red alert calls first on call at once, then second on call and the team's
          leads.
        </p>
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
