import { LeadOverdueSection } from "@/components/alerts/overdue-list";
import { TriageQueueTable } from "@/components/tables/alerts/data-table";
import { AppShell } from "@/components/ui/app-shell";
import { parseQueueState } from "@/lib/alerts/queue-state";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now as clockNow } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { acknowledgeAlert, addAlertNote, assignAlert, reopenAlert, resolveAlert } from "./actions";
import { loadTriageQueue } from "./queue";

export const metadata = { title: "Triage queue" };

/**
 * The home page of oncologists and nurses: the open alerts of their care teams' patients (as far as
 * each patient's consent allows), most urgent first, with the overdue count at the top and, for a
 * team lead, every overdue alert of their teams. The view is in the URL.
 */
export default async function TriagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const state = parseQueueState(await searchParams);
  const now = clockNow();
  const { user, data } = await readForPage(
    { roles: CLINICAL_ROLES, auditAction: "triage_queue_viewed", resourceType: "triage_queue" },
    async (ctx) => ({ user: ctx.user, data: await loadTriageQueue(ctx, state, now) }),
  );
  return (
    <AppShell user={user}>
      <h1 className="text-2xl font-semibold">Triage queue</h1>
      <p className="mt-1 text-slate-700">
        Alerts from your care teams&apos; patients: red first, then the least time left to respond.
      </p>
      <LeadOverdueSection lead={data.lead} now={now} />
      <TriageQueueTable
        key={now.toISOString()}
        rows={data.rows}
        total={data.total}
        overdue={data.overdue}
        state={state}
        now={now.toISOString()}
        viewerId={user.userId}
        teams={data.teams}
        hasTeams={data.teamIds.length > 0}
        colleagues={data.colleagues}
        handlers={{
          acknowledge: acknowledgeAlert,
          assign: assignAlert,
          note: addAlertNote,
          resolve: resolveAlert,
          reopen: reopenAlert,
        }}
      />
    </AppShell>
  );
}
