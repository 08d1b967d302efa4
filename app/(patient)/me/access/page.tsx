import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AppShell } from "@/components/ui/app-shell";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listAccessToPatient, listEmergencyAccessToPatient } from "@/db/queries/access-log";
import { describeAccess } from "@/lib/audit/describe";
import { formatDateTime, formatDateTimeSpan } from "@/lib/clinic-time";
import { localeOfTag } from "@/lib/i18n/locales";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accessLog"))("pageTitle") };
}

/** Entries (a person's repeated views within an hour are one) on a page of the access log. */
const PAGE_SIZE = 20;

/**
 * From the audit trail: every access to this patient's data by someone else, including
 * emergencies, newest first; what one person did again and again within an hour is one line.
 */
export default async function AccessLogPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const page = Math.max(1, Math.min(1000, Number.parseInt((await searchParams).page ?? "1", 10) || 1));
  const { entries, emergencies } = await readForPage(
    { roles: ["patient"], auditAction: "own_access_log_viewed", consent: { patientId, categories: ["demographics"] } },
    async ({ tx }) => ({
      entries: await listAccessToPatient(tx, {
        patientId,
        ownUserId: me.userId,
        limit: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
      }),
      emergencies: await listEmergencyAccessToPatient(tx, patientId),
    }),
  );
  const t = await getTranslations("accessLog");
  const tag = await getLocale();
  const shown = entries.slice(0, PAGE_SIZE);
  const older = entries.length > PAGE_SIZE;
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-3xl">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        {emergencies.length > 0 && (
          <section aria-labelledby="emergency" className="mt-6 rounded border border-amber-400 bg-amber-50 p-4">
            <h2 id="emergency" className="font-semibold">
              {t("emergencyHeading")}
            </h2>
            <ul className="mt-2 space-y-2">
              {emergencies.map((e) => (
                <li key={e.id}>
                  {e.renewal
                    ? t("emergencyRenewed", { who: e.who, when: formatDateTime(e.startedAt, tag), reason: e.reason })
                    : t("emergencyOpened", { who: e.who, when: formatDateTime(e.startedAt, tag), reason: e.reason })}
                </li>
              ))}
            </ul>
          </section>
        )}
        {shown.length === 0 ? (
          <p className="mt-6">{page > 1 ? t("nothingEarlier") : t("nobodyYet")}</p>
        ) : (
          <table className="mt-6 w-full border-collapse bg-white text-left">
            <caption className="sr-only">{t("caption")}</caption>
            <ColumnHeads labels={[t("when"), t("who"), t("what")]} rowClassName="border-b border-slate-300" />
            <tbody>
              {shown.map((e) => (
                <tr key={e.id} className="border-b border-slate-200 align-top">
                  <td className="p-2">{formatDateTimeSpan(e.firstAt, e.lastAt, tag)}</td>
                  <td className="p-2">
                    {e.who}
                    {e.role ? <span className="text-slate-700"> ({e.role})</span> : null}
                  </td>
                  <td className="p-2">
                    {e.app ? t("readBy", { app: e.app }) : describeAccess(e.action, localeOfTag(tag))}
                    {e.times > 1 && `, ${t("times", { count: e.times })}`}
                    {e.outcome === "denied" && ` ${t("refused")}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {(page > 1 || older) && (
          <nav aria-label={t("pages")} className="mt-4 flex gap-4">
            {page > 1 && (
              <a href={`?page=${page - 1}`} className="text-blue-800 underline">
                {t("newer")}
              </a>
            )}
            {older && (
              <a href={`?page=${page + 1}`} className="text-blue-800 underline">
                {t("older")}
              </a>
            )}
          </nav>
        )}
      </div>
    </AppShell>
  );
}
