import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { GradeHistory } from "@/components/charts/grade-history";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { gradeHistory, listReportsForPatient } from "@/db/queries/report-reads";
import { formatDateTime } from "@/lib/clinic-time";
import { symptomNameIn } from "@/lib/grading/wording";
import { localeOfTag } from "@/lib/i18n/locales";
import { gradeSeries } from "@/lib/reports/history";
import { requirePageSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("myReports"))("pageTitle") };
}

/** The patient's own reports: grades over the last eight weeks as charts and a table, then each report. */
export default async function MyReportsPage() {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const since = new Date(now().getTime() - 56 * 86_400_000);
  const { points, reports } = await readForPage(
    { roles: ["patient"], auditAction: "own_reports_viewed", consent: { patientId, categories: ["symptoms"] } },
    async ({ tx }) => ({
      points: await gradeHistory(tx, { patientId, since }),
      reports: await listReportsForPatient(tx, { patientId, limit: 30 }),
    }),
  );
  const tag = await getLocale();
  const locale = localeOfTag(tag);
  const series = gradeSeries(points).map((s) => ({ ...s, label: symptomNameIn(s.symptom, locale) }));
  const t = await getTranslations("myReports");
  const format = await getFormatter();
  const levelWords = { red: t("levelRed"), amber: t("levelAmber"), green: "" };
  const latestGrade = (points: { grade: number | null }[]) => {
    // The newest grade named after the list, as the chart writes it beside its last point.
    const newest = points.findLast((p) => p.grade !== null);
    return newest ? ` ${t("latest", { grade: newest.grade ?? 0 })}` : "";
  };
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-4xl">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <Section id="trends" heading={t("trends")} className="mt-6">
          <p className="text-slate-700">{t("gradeScale")}</p>
          <div className="mt-3">
            <GradeHistory series={series} empty={t("noneInPeriod")} />
          </div>
          {series.length > 0 && (
            <details className="mt-3 rounded bg-white p-3">
              <summary className="cursor-pointer font-medium">{t("showTable")}</summary>
              <table className="mt-2 w-full text-left">
                <caption className="sr-only">{t("tableCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="p-1">
                      {t("symptom")}
                    </th>
                    <th scope="col" className="p-1">
                      {t("gradesOldestFirst")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.symptom}>
                      <th scope="row" className="p-1 font-normal">
                        {s.label}
                      </th>
                      <td className="p-1">
                        {s.points.map((p) => p.grade ?? "–").join(", ")}
                        {latestGrade(s.points)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </Section>
        <Section id="history" heading={t("history")} className="mt-8">
          {reports.length === 0 ? (
            <p className="mt-2">{t("none")}</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {reports.map((r) => {
                const graded = r.grades.filter((g) => (g.grade ?? 0) > 0);
                return (
                  <li key={r.id} className="rounded bg-white p-3">
                    <p className="font-medium">
                      {formatDateTime(r.reportedAt, tag)}
                      {r.alert && ` · ${levelWords[r.alert.severity]}`}
                    </p>
                    <p className="text-slate-700">
                      {graded.length === 0
                        ? t("noSymptoms")
                        : graded
                            .map((g) =>
                              t("symptomGrade", { symptom: symptomNameIn(g.symptom, locale), grade: g.grade ?? 0 }),
                            )
                            .join(", ")}
                      {r.temperatureC !== null &&
                        ` · ${t("temperature", {
                          temperature: format.number(r.temperatureC, {
                            minimumFractionDigits: 1,
                            maximumFractionDigits: 1,
                          }),
                        })}`}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
        </Section>
      </div>
    </AppShell>
  );
}
