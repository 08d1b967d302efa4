import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PatientTable } from "@/components/patients/patient-table";
import { AppShell } from "@/components/ui/app-shell";
import { activeEmergencyAccessesOf } from "@/db/queries/emergency";
import { listVisiblePatients } from "@/db/queries/patients";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export async function generateMetadata() {
  const t = await getTranslations("patientsList");
  return { title: t("pageTitle") };
}

const PAGE_SIZE = 25;
const RECENT_DAYS = 7;

/**
 * The patients this clinician may see (by consent and care team, or an emergency access),
 * searchable by name or hospital number, with each one's last report, worst grade of the last week
 * and open alerts. Nurses and oncologists enrol new patients from here.
 */
export default async function PatientsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const search = (params.q ?? "").slice(0, 100);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.page ?? "1", 10) || 1));
  const at = now();
  const { user, rows, total, emergency } = await readForPage(
    { roles: CLINICAL_ROLES, auditAction: "patient_list_viewed", resourceType: "patient_list" },
    async ({ tx, user, audit }) => {
      const result = await listVisiblePatients(tx, {
        search,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        recentSince: new Date(at.getTime() - RECENT_DAYS * 86_400_000),
      });
      // Each patient shown is a read of their demographics, and appears in their access log.
      for (const p of result.rows) {
        audit({ action: "patient_listed", patientId: p.id, resourceType: "patient", resourceId: p.id });
      }
      return { user, ...result, emergency: await activeEmergencyAccessesOf(tx, user.userId) };
    },
  );
  const t = await getTranslations("patientsList");
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageHref = (n: number) => ({ query: { ...(search ? { q: search } : {}), page: n } });
  return (
    <AppShell user={user}>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t("pageTitle")}</h1>
        <Link href="/patients/new" className="rounded bg-blue-700 px-4 py-2 font-medium text-white">
          {t("enrol")}
        </Link>
      </div>
      <search className="mt-4">
        <form className="flex flex-wrap gap-2">
          <label htmlFor="q" className="sr-only">
            {t("searchLabel")}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={search}
            placeholder={t("searchPlaceholder")}
            className="w-72 rounded border border-slate-500 px-3 py-2"
          />
          <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white">
            {t("search")}
          </button>
          {search && (
            <Link href="/patients" className="self-center px-2 text-blue-800 underline">
              {t("clearSearch")}
            </Link>
          )}
        </form>
      </search>
      <p className="mt-4 text-slate-700" aria-live="polite">
        {total === 0 ? (search ? t("noMatch") : t("noneYet")) : t("count", { count: total })}
      </p>
      {rows.length > 0 && <PatientTable rows={rows} now={at} emergency={emergency} />}
      {pages > 1 && (
        <nav aria-label={t("pages")} className="mt-4 flex gap-4">
          {page > 1 && (
            <Link href={pageHref(page - 1)} className="text-blue-800 underline">
              {t("previous")}
            </Link>
          )}
          <span>{t("pageOf", { page, pages })}</span>
          {page < pages && (
            <Link href={pageHref(page + 1)} className="text-blue-800 underline">
              {t("next")}
            </Link>
          )}
        </nav>
      )}
    </AppShell>
  );
}
