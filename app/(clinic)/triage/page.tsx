import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { LeadOverdueSection } from "@/components/alerts/overdue-list";
import { TriageQueueTable } from "@/components/tables/alerts/data-table";
import { AppShell } from "@/components/ui/app-shell";
import { parseQueueState } from "@/lib/alerts/queue-state";
import { withRedCount } from "@/lib/alerts/queue-title";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now as clockNow } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { acknowledgeAlert, addAlertNote, assignAlert, reopenAlert, resolveAlert } from "./actions";
import { loadTriageQueue } from "./queue";

type SearchParams = Record<string, string | string[] | undefined>;

/** The search parameters as one string, so the page and its title share one read of the queue. */
function queryOf(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  return query.toString();
}

/**
 * The queue as the request reads it, once: React's cache gives the title and the page the same
 * read (one transaction, one audit event) within a request.
 */
const readQueue = cache(async (query: string) => {
  const state = parseQueueState(new URLSearchParams(query));
  const now = clockNow();
  const { user, data } = await readForPage(
    { roles: CLINICAL_ROLES, auditAction: "triage_queue_viewed", resourceType: "triage_queue" },
    async (ctx) => ({ user: ctx.user, data: await loadTriageQueue(ctx, state, now) }),
  );
  return { state, now, user, data };
});

/** "(3 red) Triage queue": the open red alerts on the tab, so they are seen from another tab too. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const { data } = await readQueue(queryOf(await searchParams));
  const t = await getTranslations("triage");
  return { title: withRedCount(t("title"), data.redOpen, (count) => t("redCount", { count })) };
}

/**
 * The home page of oncologists and nurses: the open alerts of their care teams' patients (as far as
 * each patient's consent allows), most urgent first, with the overdue count at the top and, for a
 * team lead, every overdue alert of their teams. The view is in the URL. The queue takes the whole
 * width of a wide screen, one line an alert.
 */
export default async function TriagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { state, now, user, data } = await readQueue(queryOf(await searchParams));
  const t = await getTranslations("triage");
  return (
    <AppShell user={user} wide>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-slate-700">{t("lead")}</p>
      </div>
      <LeadOverdueSection lead={data.lead} now={now} />
      <TriageQueueTable
        key={now.toISOString()}
        rows={data.rows}
        total={data.total}
        overdue={data.overdue}
        redOpen={data.redOpen}
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
