import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { CreateStaffForm } from "@/components/admin/staff-forms";
import { listCareTeams } from "@/db/queries/care-teams";
import { readForPage } from "@/server/http/page";
import { createStaff } from "../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staffAdmin"))("newTitle") };
}

export default async function NewStaffPage() {
  const { user, teams } = await readForPage(
    { roles: ["admin"], auditAction: "staff_form_viewed", resourceType: "staff_list" },
    async ({ tx, user }) => ({ user, teams: await listCareTeams(tx, { organisationId: user.organisationId }) }),
  );
  const t = await getTranslations("staffAdmin");
  return (
    <AdminFrame
      user={user}
      section="staff"
      title={t("newTitle")}
      back={{ href: "/admin", label: t("allStaff") }}
      lead={t("newLead")}
    >
      <CreateStaffForm
        action={createStaff}
        teams={teams.filter((t) => !t.archivedAt).map((t) => ({ id: t.id, name: t.name }))}
      />
    </AdminFrame>
  );
}
