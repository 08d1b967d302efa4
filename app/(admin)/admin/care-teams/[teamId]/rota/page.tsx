import { addOnCallShift, removeOnCallShift } from "@/app/_rota/actions";
import { ROTA_LEAD, readRotaWindow, rotaTeamId } from "@/app/_rota/page";
import { AdminFrame } from "@/components/admin/admin-frame";
import { RotaView } from "@/components/rota/rota-view";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "On-call rota" };

/** A care team's on-call rota, as an admin of its organisation keeps it. */
export default async function AdminRotaPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const id = rotaTeamId(teamId);
  const at = now();
  const { user, rota } = await readForPage(
    { roles: ["admin"], auditAction: "on_call_rota_viewed", resourceType: "care_team", resourceId: id },
    async ({ tx, user }) => ({ user, rota: await readRotaWindow(tx, user.organisationId, id, at) }),
  );
  return (
    <AdminFrame
      user={user}
      section="care-teams"
      title={`On-call rota: ${rota.team.name}`}
      back={{ href: `/admin/care-teams/${rota.team.id}`, label: rota.team.name }}
      lead={ROTA_LEAD}
    >
      <RotaView rota={rota} now={at} addAction={addOnCallShift} removeAction={removeOnCallShift} />
    </AdminFrame>
  );
}
