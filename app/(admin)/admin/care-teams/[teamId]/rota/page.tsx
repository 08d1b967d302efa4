import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { addOnCallShift, removeOnCallShift } from "@/app/_rota/actions";
import { readRotaWindow, rotaTeamId } from "@/app/_rota/page";
import { AdminFrame } from "@/components/admin/admin-frame";
import { RotaView } from "@/components/rota/rota-view";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("rota"))("pageTitle") };
}

/** A care team's on-call rota, as an admin of its organisation keeps it. */
export default async function AdminRotaPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const id = rotaTeamId(teamId);
  const at = now();
  const { user, rota } = await readForPage(
    { roles: ["admin"], auditAction: "on_call_rota_viewed", resourceType: "care_team", resourceId: id },
    async ({ tx, user }) => ({ user, rota: await readRotaWindow(tx, user.organisationId, id, at) }),
  );
  const t = await getTranslations("rota");
  return (
    <AdminFrame
      user={user}
      section="care-teams"
      title={t("heading", { team: rota.team.name })}
      back={{ href: `/admin/care-teams/${rota.team.id}`, label: rota.team.name }}
      lead={t("lead")}
    >
      <RotaView rota={rota} now={at} addAction={addOnCallShift} removeAction={removeOnCallShift} />
    </AdminFrame>
  );
}
