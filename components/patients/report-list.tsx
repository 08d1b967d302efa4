import Link from "next/link";
import { ColumnHeads } from "@/components/ui/column-heads";
import type { RecordReport } from "@/db/queries/record";
import { SYMPTOM_ITEMS, type SymptomCode, symptomItem } from "@/lib/grading/items";
import { isValidatedWording } from "@/lib/grading/wording";
import { LOCALE_ENGLISH_NAMES } from "@/lib/i18n/locales";
import { ATTRIBUTE_LABELS, answerLabel, formatDateTime, gradeClass, redFlagLabel, SOURCE_LABELS } from "./format";

const ORDER = new Map(SYMPTOM_ITEMS.map((item, i) => [item.code as string, i]));
const byFormOrder = (a: { symptom: string }, b: { symptom: string }) =>
  (ORDER.get(a.symptom) ?? 99) - (ORDER.get(b.symptom) ?? 99);

/**
 * The latest reports, newest first, each opening to every answer as the patient gave it (skipped
 * questions included), the composite grade of each symptom, temperature, red flags and note.
 */
export function ReportList({
  reports,
  alertsByReport,
  staff,
  olderHref,
  newerHref,
}: {
  reports: RecordReport[];
  /** Severity of the alert a report raised, where alerts are shared. */
  alertsByReport: Map<string, "red" | "amber">;
  staff: Record<string, string>;
  olderHref: string | null;
  newerHref: string | null;
}) {
  return (
    <div>
      {reports.length === 0 ? (
        <p className="mt-2">No reports yet.</p>
      ) : (
        <ol className="mt-2 space-y-2">
          {reports.map((r) => {
            const grades = [...r.grades].sort(byFormOrder);
            const worst = grades.reduce<number | null>(
              (m, g) => (g.grade === null ? m : Math.max(m ?? 0, g.grade)),
              null,
            );
            const severity = alertsByReport.get(r.id);
            const by =
              r.source === "clinician_phone" && r.submittedBy
                ? `taken by phone by ${staff[r.submittedBy] ?? "a member of staff"}`
                : SOURCE_LABELS[r.source];
            const answers = new Map<string, { attribute: string; value: number | null }[]>();
            for (const a of r.answers) {
              const list = answers.get(a.symptom) ?? [];
              list.push(a);
              answers.set(a.symptom, list);
            }
            return (
              <li key={r.id}>
                <details className="rounded border border-slate-300 bg-white p-3">
                  <summary className="cursor-pointer">
                    <span className="font-medium">{formatDateTime(r.reportedAt)}</span>{" "}
                    <span className="text-slate-700">{by}</span>
                    {" · "}
                    worst grade {worst ?? "–"}
                    {r.temperatureC !== null && <> · {r.temperatureC.toFixed(1)} °C</>}
                    {r.redFlags.length > 0 && <span className="font-semibold text-red-800"> · red flag</span>}
                    {!isValidatedWording(r.locale) && (
                      <span className="text-amber-900"> · answered in {LOCALE_ENGLISH_NAMES[r.locale]}</span>
                    )}
                    {severity && (
                      <span className={`font-semibold ${severity === "red" ? "text-red-800" : "text-amber-900"}`}>
                        {" "}
                        · {severity === "red" ? "red" : "amber"} alert
                      </span>
                    )}
                  </summary>
                  <div className="mt-2 space-y-2">
                    {r.redFlags.length > 0 && (
                      <p className="font-semibold text-red-800">Red flags: {r.redFlags.map(redFlagLabel).join("; ")}</p>
                    )}
                    {r.canWait !== null && <p>Could wait for a call back: {r.canWait ? "yes" : "no"}</p>}
                    {r.note && <p>Note from the patient: “{r.note}”</p>}
                    {!isValidatedWording(r.locale) && (
                      <p className="font-semibold text-amber-900">
                        Answered in {LOCALE_ENGLISH_NAMES[r.locale]}: not the validated wording
                      </p>
                    )}
                    {grades.length > 0 && (
                      <table className="w-full border-collapse text-left text-sm">
                        <caption className="sr-only">
                          Every answer in the report of {formatDateTime(r.reportedAt)}
                        </caption>
                        <ColumnHeads
                          labels={["Symptom", "Answers", "Grade"]}
                          rowClassName="border-b border-slate-300"
                          cellClassName="p-1"
                        />
                        <tbody>
                          {grades.map((g) => (
                            <tr key={g.symptom} className="border-b border-slate-100 align-top">
                              <th scope="row" className="p-1 font-normal">
                                {symptomItem(g.symptom as SymptomCode).shortLabel}
                              </th>
                              <td className="p-1">
                                <ul>
                                  {(answers.get(g.symptom) ?? []).map((a) => (
                                    <li key={a.attribute}>
                                      {ATTRIBUTE_LABELS[a.attribute as keyof typeof ATTRIBUTE_LABELS] ?? a.attribute}:{" "}
                                      {answerLabel(a.attribute, a.value)}
                                    </li>
                                  ))}
                                </ul>
                              </td>
                              <td className="p-1">
                                <span className={`rounded px-1.5 ${gradeClass(g.grade)}`}>
                                  {g.grade === null ? "Not graded" : g.grade}
                                </span>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </div>
                </details>
              </li>
            );
          })}
        </ol>
      )}
      {(olderHref || newerHref) && (
        <nav aria-label="Reports pages" className="mt-3 flex gap-4">
          {newerHref && (
            <Link href={newerHref} className="text-blue-800 underline">
              Latest reports
            </Link>
          )}
          {olderHref && (
            <Link href={olderHref} className="text-blue-800 underline">
              Older reports
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
