import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { ScrollRegion } from "@/components/patients/scroll-region";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listEmergencyAccesses } from "@/db/queries/emergency";
import { readForPage } from "@/server/http/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emergencyAdmin"))("pageTitle") };
}

const PAGE = 50;

/**
 * Every emergency access ("break the glass") to the organisation's patients, newest first: who,
 * when, for how long and whether it renewed an earlier one, for an admin to review. Not the reason:
 * that is clinical, read only by the clinician and the patient. Patients are named by hospital
 * number only, to find the record by in the hospital's systems: admins read no clinical data and
 * no other demographics.
 */
export default async function EmergencyAccessesPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const raw = (await searchParams).before;
  const before = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : null;
  const { user, list } = await readForPage(
    { roles: ["admin"], auditAction: "emergency_accesses_viewed", resourceType: "emergency_accesses" },
    async ({ tx, user }) => ({ user, list: await listEmergencyAccesses(tx, { limit: PAGE + 1, before }) }),
  );
  const rows = list.rows.slice(0, PAGE);
  const more = list.rows.length > PAGE;
  const active = rows.filter((r) => r.active).length;
  const t = await getTranslations("emergencyAdmin");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <AdminFrame user={user} section="activity" title={t("pageTitle")} lead={t("lead")}>
      <p role="status" className="mt-4 text-slate-700">
        {rows.length === 0
          ? before
            ? t("noneEarlier")
            : t("none")
          : active
            ? t("shownActive", { count: rows.length, active })
            : t("shown", { count: rows.length })}
      </p>
      {rows.length > 0 && (
        <ScrollRegion label={t("listLabel")} className="mt-2 overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">{t("caption")}</caption>
            <ColumnHeads
              labels={[t("started"), t("clinician"), t("hospitalNumber"), t("ends"), t("renewal")]}
              rowClassName="border-b border-slate-300"
            />
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">{when(r.startedAt)}</td>
                  <td className="p-2">{r.clinician.name}</td>
                  <td className="p-2 font-mono text-sm">{r.hospitalNumber}</td>
                  <td className="p-2 whitespace-nowrap">
                    {when(r.expiresAt)}
                    {r.active && <span className="ml-1 font-semibold text-red-800">{t("inForce")}</span>}
                  </td>
                  <td className="p-2">
                    {r.renewal ? (
                      <span className="font-semibold text-amber-900">{t("renewalYes")}</span>
                    ) : (
                      t("renewalNo")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {more && (
        <nav aria-label={t("pages")} className="mt-4">
          <Link
            href={`/admin/emergency-access?before=${encodeURIComponent(rows.at(-1)?.startedAt.toISOString() ?? "")}`}
            className="text-blue-800 underline"
          >
            {t("earlier")}
          </Link>
        </nav>
      )}
    </AdminFrame>
  );
}
