import { AdminFrame } from "@/components/admin/admin-frame";
import { CreateStaffForm } from "@/components/admin/staff-forms";
import { listCareTeams } from "@/db/queries/care-teams";
import { readForPage } from "@/server/http/page";
import { createStaff } from "../../actions";

export const metadata = { title: "Add a staff member" };

export default async function NewStaffPage() {
  const { user, teams } = await readForPage(
    { roles: ["admin"], auditAction: "staff_form_viewed", resourceType: "staff_list" },
    async ({ tx, user }) => ({ user, teams: await listCareTeams(tx, { organisationId: user.organisationId }) }),
  );
  return (
    <AdminFrame
      user={user}
      section="staff"
      title="Add a staff member"
      back={{ href: "/admin", label: "All staff" }}
      lead="The account has no password until the person opens their one-time link and chooses one. You can add more roles afterwards."
    >
      <CreateStaffForm
        action={createStaff}
        teams={teams.filter((t) => !t.archivedAt).map((t) => ({ id: t.id, name: t.name }))}
      />
    </AdminFrame>
  );
}
