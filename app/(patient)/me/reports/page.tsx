import { GradeHistory } from "@/components/charts/grade-history";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { gradeHistory, listReportsForPatient } from "@/db/queries/report-reads";
import { formatDateTime } from "@/lib/clinic-time";
import { symptomItem } from "@/lib/grading/items";
import { gradeSeries } from "@/lib/reports/history";
import { requirePageSession } from "@/server/auth/session";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "My reports" };

const LEVEL_WORDS = { red: "Urgent", amber: "Care team to contact you", green: "" } as const;

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
  const series = gradeSeries(points);
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-4xl">
        <h1 className="text-2xl font-semibold">My reports</h1>
        <Section id="trends" heading="How your symptoms have changed (last 8 weeks)" className="mt-6">
          <p className="text-slate-700">Grade 0 is none, 3 is severe.</p>
          <div className="mt-3">
            <GradeHistory series={series} />
          </div>
          {series.length > 0 && (
            <details className="mt-3 rounded bg-white p-3">
              <summary className="cursor-pointer font-medium">Show the grades as a table</summary>
              <table className="mt-2 w-full text-left">
                <caption className="sr-only">Worst grade of each symptom, by report</caption>
                <thead>
                  <tr>
                    <th scope="col" className="p-1">
                      Symptom
                    </th>
                    <th scope="col" className="p-1">
                      Grades, oldest first
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
        <Section id="history" heading="Reports" className="mt-8">
          {reports.length === 0 ? (
            <p className="mt-2">You have not sent a report yet.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {reports.map((r) => {
                const graded = r.grades.filter((g) => (g.grade ?? 0) > 0);
                return (
                  <li key={r.id} className="rounded bg-white p-3">
                    <p className="font-medium">
                      {formatDateTime(r.reportedAt)}
                      {r.alert && ` · ${LEVEL_WORDS[r.alert.severity]}`}
                    </p>
                    <p className="text-slate-700">
                      {graded.length === 0
                        ? "No symptoms above grade 0."
                        : graded.map((g) => `${symptomItem(g.symptom).shortLabel} grade ${g.grade}`).join(", ")}
                      {r.temperatureC !== null && ` · Temperature ${r.temperatureC.toFixed(1)} °C`}
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

/** The newest grade named after the list, as the chart writes it beside its last point. */
function latestGrade(points: { grade: number | null }[]): string {
  const newest = points.findLast((p) => p.grade !== null);
  return newest ? ` (latest: grade ${newest.grade})` : "";
}
