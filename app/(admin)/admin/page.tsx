import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { PendingChanges } from "@/components/admin/pending-changes";
import { StaffDirectory } from "@/components/tables/staff/data-table";
import { parseStaffTableState } from "@/components/tables/staff/state";
import { listCareTeams } from "@/db/queries/care-teams";
import { listStaffPage } from "@/db/queries/staff";
import { listPendingStaffChanges } from "@/db/queries/staff-changes";
import { formatDateTime } from "@/lib/clinic-time";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { approveStaffChange, refuseStaffChange } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staffAdmin"))("pageTitle") };
}

/**
 * The organisation's staff accounts: searched, filtered, sorted and paged on the server from the
 * URL's state. Admins see staff accounts only; no patient data here or anywhere else.
 */
export default async function StaffPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const state = parseStaffTableState(await searchParams);
  const { user, page, teams, pending } = await readForPage(
    { roles: ["admin"], auditAction: "staff_list_viewed", resourceType: "staff_list" },
    async ({ tx, user }) => ({
      user,
      page: await listStaffPage(
        tx,
        user.organisationId,
        {
          search: state.q,
          role: state.role,
          team: state.team,
          status: state.status,
          sort: state.sort,
          dir: state.dir,
          page: state.page,
          pageSize: state.size,
        },
        now(),
      ),
      teams: await listCareTeams(tx, { organisationId: user.organisationId }),
      pending: await listPendingStaffChanges(tx, { organisationId: user.organisationId }),
    }),
  );
  const t = await getTranslations("staffAdmin");
  const tag = await getLocale();
  const rows = page.rows.map((r) => ({
    ...r,
    lastActiveLabel: r.lastActiveAt ? formatDateTime(r.lastActiveAt, tag) : null,
    createdLabel: formatDateTime(r.createdAt, tag),
  }));
  return (
    <AdminFrame
      user={user}
      section="staff"
      title={t("pageTitle")}
      lead={t("lead")}
      actions={
        <Link href="/admin/staff/new" className="rounded bg-blue-700 px-4 py-2 font-medium text-white">
          {t("add")}
        </Link>
      }
    >
      <PendingChanges changes={pending} me={user.userId} approve={approveStaffChange} refuse={refuseStaffChange} />
      <StaffDirectory
        // A new key per URL state resets the filter form's fields to what the URL says.
        key={JSON.stringify(state)}
        rows={rows}
        total={page.total}
        state={state}
        teams={teams.map((t) => ({ id: t.id, name: t.name, archived: t.archivedAt !== null }))}
      />
    </AdminFrame>
  );
}
