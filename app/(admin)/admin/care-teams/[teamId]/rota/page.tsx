import { addOnCallShift, removeOnCallShift } from "@/app/_rota/actions";
import { AdminFrame } from "@/components/admin/admin-frame";
import { RotaView } from "@/components/rota/rota-view";
import { readRota } from "@/db/queries/rota";
import { AppError } from "@/lib/errors";
import { ROTA_WINDOW_DAYS } from "@/lib/notifications/rota";
import { isUuid } from "@/lib/uuid";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "On-call rota" };

/** A care team's on-call rota, as an admin of its organisation keeps it. */
export default async function AdminRotaPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const id = isUuid(teamId) ? teamId.toLowerCase() : "00000000-0000-0000-0000-000000000000";
  const at = now();
  const { user, rota } = await readForPage(
    { roles: ["admin"], auditAction: "on_call_rota_viewed", resourceType: "care_team", resourceId: id },
    async ({ tx, user }) => {
      const rota = await readRota(tx, {
        organisationId: user.organisationId,
        teamId: id,
        from: at,
        to: new Date(at.getTime() + ROTA_WINDOW_DAYS * 86_400_000),
      });
      if (!rota) throw new AppError("not_found");
      return { user, rota };
    },
  );
  return (
    <AdminFrame
      user={user}
      section="care-teams"
      title={`On-call rota: ${rota.team.name}`}
      back={{ href: `/admin/care-teams/${rota.team.id}`, label: rota.team.name }}
      lead="Who holds the bleep, and when. A red alert calls first on call at once, then second on call and the team's leads."
    >
      <RotaView rota={rota} now={at} addAction={addOnCallShift} removeAction={removeOnCallShift} />
    </AdminFrame>
  );
}
