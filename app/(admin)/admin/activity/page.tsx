import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { auditWords, describeAction, describeDetails } from "@/components/admin/change-history";
import { ColumnHeads } from "@/components/ui/column-heads";
import { FILTER_CONTROL, FilterField, FilterInput } from "@/components/ui/filter-field";
import { type ActivityFilter, listActivity } from "@/db/queries/activity";
import { listCareTeams } from "@/db/queries/care-teams";
import { ACTIVITY_CATEGORY_KEYS } from "@/lib/audit/activity";
import { formatDateTime } from "@/lib/clinic-time";
import { CATALOGUES } from "@/lib/i18n/catalogues";
import { readForPage } from "@/server/http/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activityAdmin"))("pageTitle") };
}

const PAGE = 50;
type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

function isoDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : value;
}

function parseFilter(params: Params): ActivityFilter {
  const category = one(params.category);
  const outcome = one(params.outcome);
  const before = Number.parseInt(one(params.before), 10);
  return {
    category: ACTIVITY_CATEGORY_KEYS.find((k) => k === category) ?? null,
    outcome: outcome === "allowed" || outcome === "denied" ? outcome : null,
    person: one(params.person).trim().slice(0, 100),
    from: isoDate(one(params.from)),
    to: isoDate(one(params.to)),
    before: Number.isSafeInteger(before) && before > 0 ? before : null,
    limit: PAGE,
  };
}

function hrefFor(f: ActivityFilter, patch: Partial<ActivityFilter>) {
  const next = { ...f, ...patch };
  const params = new URLSearchParams();
  if (next.category) params.set("category", next.category);
  if (next.outcome) params.set("outcome", next.outcome);
  if (next.person) params.set("person", next.person);
  if (next.from) params.set("from", next.from);
  if (next.to) params.set("to", next.to);
  if (next.before) params.set("before", String(next.before));
  const q = params.toString();
  return q ? `/admin/activity?${q}` : "/admin/activity";
}

/**
 * Staff and security events of the organisation from the audit trail: sign-ins, failures, locks,
 * role changes, invitations, account and settings changes. Only events that name no patient, and
 * only their codes: no clinical value ever appears here.
 */
export default async function ActivityPage({ searchParams }: { searchParams: Promise<Params> }) {
  const filter = parseFilter(await searchParams);
  const { user, page, teamNames } = await readForPage(
    { roles: ["admin"], auditAction: "activity_viewed", resourceType: "audit_events" },
    async ({ tx, user }) => ({
      user,
      page: await listActivity(tx, { organisationId: user.organisationId, ...filter }),
      teamNames: Object.fromEntries(
        (await listCareTeams(tx, { organisationId: user.organisationId })).map((t) => [t.id, t.name]),
      ),
    }),
  );
  const t = await getTranslations("activityAdmin");
  const words = await auditWords();
  const categories = CATALOGUES[words.locale].activityAdmin.categories;
  const filtered = Boolean(filter.category || filter.outcome || filter.person || filter.from || filter.to);
  return (
    <AdminFrame user={user} section="activity" title={t("pageTitle")} lead={t("lead")}>
      <Form
        action="/admin/activity"
        role="search"
        aria-label={t("filter")}
        className="mt-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-3"
      >
        <FilterField id="activity-category" label={t("kind")}>
          <select
            id="activity-category"
            name="category"
            defaultValue={filter.category ?? ""}
            className={FILTER_CONTROL}
          >
            <option value="">{t("allKinds")}</option>
            {ACTIVITY_CATEGORY_KEYS.map((k) => (
              <option key={k} value={k}>
                {categories[k]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="activity-outcome" label={t("outcome")}>
          <select id="activity-outcome" name="outcome" defaultValue={filter.outcome ?? ""} className={FILTER_CONTROL}>
            <option value="">{t("anyOutcome")}</option>
            <option value="allowed">{t("allowed")}</option>
            <option value="denied">{t("refused")}</option>
          </select>
        </FilterField>
        <FilterInput
          id="activity-person"
          label={t("person")}
          name="person"
          type="search"
          maxLength={100}
          defaultValue={filter.person}
          className={`${FILTER_CONTROL} w-56`}
        />
        <FilterInput id="activity-from" label={t("from")} name="from" type="date" defaultValue={filter.from ?? ""} />
        <FilterInput id="activity-to" label={t("to")} name="to" type="date" defaultValue={filter.to ?? ""} />
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white">
          {t("apply")}
        </button>
        {filtered ? (
          <Link href="/admin/activity" className="px-2 py-2 text-blue-800 underline">
            {t("clearFilters")}
          </Link>
        ) : null}
      </Form>

      <p role="status" className="mt-4 text-slate-700">
        {page.rows.length === 0
          ? filtered || filter.before
            ? t("noMatch")
            : t("noEvents")
          : filter.before
            ? t("showingOlder", { count: page.rows.length })
            : t("showing", { count: page.rows.length })}
      </p>
      {page.rows.length > 0 ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">{t("caption")}</caption>
            <ColumnHeads
              labels={[t("when"), t("event"), t("by"), t("account"), t("outcome")]}
              rowClassName="border-b-2 border-slate-300"
            />
            <tbody>
              {page.rows.map((r) => {
                const details = describeDetails(words, r.details, teamNames);
                return (
                  <tr key={r.id} className="border-b border-slate-200 align-top">
                    <td className="whitespace-nowrap p-2">{formatDateTime(r.occurredAt, words.tag)}</td>
                    <td className="p-2">
                      {describeAction(words, r.action)}
                      {details ? <span className="block text-sm text-slate-700">{details}</span> : null}
                    </td>
                    <td className="p-2">
                      {r.actorUserId && r.actorName ? (
                        <StaffLink userId={r.actorUserId} name={r.actorName} />
                      ) : r.actorUserId ? (
                        t("anotherAccount")
                      ) : (
                        <span className="text-slate-600">{t("notSignedIn")}</span>
                      )}
                      {r.actorRole ? (
                        <span className="block text-sm text-slate-600">{t("asRole", { role: r.actorRole })}</span>
                      ) : null}
                    </td>
                    <td className="p-2">
                      {r.targetUserId && r.targetName ? (
                        <StaffLink userId={r.targetUserId} name={r.targetName} />
                      ) : r.targetUserId ? (
                        <span className="text-slate-600">{t("notOnList")}</span>
                      ) : r.resourceType === "care_team" && r.resourceId ? (
                        <Link href={`/admin/care-teams/${r.resourceId}`} className="text-blue-800 underline">
                          {teamNames[r.resourceId] ?? t("aCareTeam")}
                        </Link>
                      ) : r.resourceType === "organisation" ? (
                        t("organisation")
                      ) : (
                        <span className="text-slate-600">—</span>
                      )}
                    </td>
                    <td className="p-2">
                      {r.outcome === "denied" ? (
                        <span className="font-medium text-red-800">{t("refused")}</span>
                      ) : (
                        t("allowed")
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label={t("pages")} className="mt-4 flex gap-4">
        {filter.before ? (
          <Link href={hrefFor(filter, { before: null })} className="text-blue-800 underline">
            {t("newest")}
          </Link>
        ) : null}
        {page.older ? (
          <Link href={hrefFor(filter, { before: page.older })} className="text-blue-800 underline">
            {t("older")}
          </Link>
        ) : null}
      </nav>
    </AdminFrame>
  );
}

function StaffLink({ userId, name }: { userId: string; name: string }) {
  return (
    <Link href={`/admin/staff/${userId}`} className="text-blue-800 underline">
      {name}
    </Link>
  );
}
