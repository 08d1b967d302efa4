import Form from "next/form";
import Link from "next/link";
import { AdminFrame } from "@/components/admin/admin-frame";
import { describeDetails } from "@/components/admin/change-history";
import { describeAction, formatDateTime } from "@/components/admin/labels";
import { ColumnHeads } from "@/components/ui/column-heads";
import { FILTER_CONTROL, FilterField, FilterInput } from "@/components/ui/filter-field";
import { type ActivityFilter, listActivity } from "@/db/queries/activity";
import { listCareTeams } from "@/db/queries/care-teams";
import { ACTIVITY_CATEGORIES, ACTIVITY_CATEGORY_KEYS, type ActivityCategory } from "@/lib/audit/activity";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "Activity" };

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
  const filtered = Boolean(filter.category || filter.outcome || filter.person || filter.from || filter.to);
  return (
    <AdminFrame
      user={user}
      section="activity"
      title="Activity"
      lead="Sign-ins, failures, locks, role changes, invitations and settings changes, newest first. Times are UK time; date filters are UTC days."
    >
      <Form
        action="/admin/activity"
        role="search"
        aria-label="Filter activity"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-3"
      >
        <FilterField id="activity-category" label="Kind of event">
          <select
            id="activity-category"
            name="category"
            defaultValue={filter.category ?? ""}
            className={FILTER_CONTROL}
          >
            <option value="">All staff and security events</option>
            {ACTIVITY_CATEGORY_KEYS.map((k) => (
              <option key={k} value={k}>
                {ACTIVITY_CATEGORIES[k as ActivityCategory].label}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="activity-outcome" label="Outcome">
          <select id="activity-outcome" name="outcome" defaultValue={filter.outcome ?? ""} className={FILTER_CONTROL}>
            <option value="">Any outcome</option>
            <option value="allowed">Allowed</option>
            <option value="denied">Refused</option>
          </select>
        </FilterField>
        <FilterInput
          id="activity-person"
          label="Person (name or email)"
          name="person"
          type="search"
          maxLength={100}
          defaultValue={filter.person}
          className={`${FILTER_CONTROL} w-56`}
        />
        <FilterInput id="activity-from" label="From" name="from" type="date" defaultValue={filter.from ?? ""} />
        <FilterInput id="activity-to" label="To" name="to" type="date" defaultValue={filter.to ?? ""} />
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-medium text-white">
          Apply
        </button>
        {filtered ? (
          <Link href="/admin/activity" className="px-2 py-2 text-blue-800 underline">
            Clear filters
          </Link>
        ) : null}
      </Form>

      <p role="status" className="mt-4 text-slate-700">
        {page.rows.length === 0
          ? filtered || filter.before
            ? "No events match these filters."
            : "No staff or security events yet."
          : `Showing ${page.rows.length} event${page.rows.length === 1 ? "" : "s"}${filter.before ? " (older page)" : ""}.`}
      </p>
      {page.rows.length > 0 ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Staff and security events</caption>
            <ColumnHeads
              labels={["When", "Event", "By", "Account", "Outcome"]}
              rowClassName="border-b-2 border-slate-300"
            />
            <tbody>
              {page.rows.map((r) => {
                const details = describeDetails(r.details, teamNames);
                return (
                  <tr key={r.id} className="border-b border-slate-200 align-top">
                    <td className="whitespace-nowrap p-2">{formatDateTime(r.occurredAt)}</td>
                    <td className="p-2">
                      {describeAction(r.action)}
                      {details ? <span className="block text-sm text-slate-700">{details}</span> : null}
                    </td>
                    <td className="p-2">
                      {r.actorUserId && r.actorName ? (
                        <StaffLink userId={r.actorUserId} name={r.actorName} />
                      ) : r.actorUserId ? (
                        "Another account"
                      ) : (
                        <span className="text-slate-600">Not signed in</span>
                      )}
                      {r.actorRole ? <span className="block text-sm text-slate-600">as {r.actorRole}</span> : null}
                    </td>
                    <td className="p-2">
                      {r.targetUserId && r.targetName ? (
                        <StaffLink userId={r.targetUserId} name={r.targetName} />
                      ) : r.targetUserId ? (
                        <span className="text-slate-600">An account not on the staff list</span>
                      ) : r.resourceType === "care_team" && r.resourceId ? (
                        <Link href={`/admin/care-teams/${r.resourceId}`} className="text-blue-800 underline">
                          {teamNames[r.resourceId] ?? "A care team"}
                        </Link>
                      ) : r.resourceType === "organisation" ? (
                        "The organisation"
                      ) : (
                        <span className="text-slate-600">—</span>
                      )}
                    </td>
                    <td className="p-2">
                      {r.outcome === "denied" ? <span className="font-medium text-red-800">Refused</span> : "Allowed"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label="Pages of activity" className="mt-4 flex gap-4">
        {filter.before ? (
          <Link href={hrefFor(filter, { before: null })} className="text-blue-800 underline">
            Newest events
          </Link>
        ) : null}
        {page.older ? (
          <Link href={hrefFor(filter, { before: page.older })} className="text-blue-800 underline">
            Older events
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
