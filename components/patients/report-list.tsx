import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { ColumnHeads } from "@/components/ui/column-heads";
import type { RecordReport } from "@/db/queries/record";
import { SYMPTOM_ITEMS, type SymptomCode } from "@/lib/grading/items";
import { answerScalesIn, isValidatedWording, symptomNameIn } from "@/lib/grading/wording";
import { localeOfTag } from "@/lib/i18n/locales";
import { formatDateTime, gradeClass } from "./format";
import { symptomNamesValidated } from "./record-words";

const ORDER = new Map(SYMPTOM_ITEMS.map((item, i) => [item.code as string, i]));
const byFormOrder = (a: { symptom: string }, b: { symptom: string }) =>
  (ORDER.get(a.symptom) ?? 99) - (ORDER.get(b.symptom) ?? 99);

/**
 * The latest reports, newest first, each opening to every answer as the patient gave it (skipped
 * questions included), the composite grade of each symptom, temperature, red flags and note. The
 * questions and answers are named in the reader's language; a report answered in a wording that
 * is not the validated one says so, and so does the list when the reader's own wording is not.
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
  const t = useTranslations("reportList");
  const tr = useTranslations("report");
  const tag = useLocale();
  const locale = localeOfTag(tag);
  const scales = answerScalesIn(locale) as Record<string, readonly string[]>;
  const sources: Record<string, string> = {
    patient: t("byPatient"),
    device: t("fromDevice"),
    clinician_phone: t("byPhone"),
  };
  const attributes: Record<string, string> = {
    frequency: t("frequency"),
    severity: t("severity"),
    interference: t("interference"),
    amount: t("amount"),
    presence: t("presence"),
  };
  const redFlags: Record<string, string> = {
    chest_pain: tr("redFlagChestPain"),
    breathless_at_rest: tr("redFlagBreathlessAtRest"),
    uncontrolled_bleeding: tr("redFlagUncontrolledBleeding"),
    severe_confusion: tr("redFlagSevereConfusion"),
  };
  const languages = new Intl.DisplayNames(tag, { type: "language" });
  const decimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // An answer in the reader's wording, e.g. "Occasionally (2)"; "Skipped" for no answer.
  const answer = (attribute: string, value: number | null) => {
    if (value === null) return t("skipped");
    const label = scales[attribute]?.[value];
    return label ? `${label} (${value})` : String(value);
  };
  return (
    <div>
      {reports.length > 0 && !symptomNamesValidated(locale) && (
        <p className="mt-2 text-sm text-slate-700">{t("readerWording")}</p>
      )}
      {reports.length === 0 ? (
        <p className="mt-2">{t("none")}</p>
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
                ? t("byPhoneBy", { who: staff[r.submittedBy] ?? t("aStaffMember") })
                : (sources[r.source] ?? r.source);
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
                    <span className="font-medium">{formatDateTime(r.reportedAt, tag)}</span>{" "}
                    <span className="text-slate-700">{by}</span>
                    {" · "}
                    {t("worstGrade", { grade: worst ?? "–" })}
                    {r.temperatureC !== null && <> · {decimal.format(r.temperatureC)} °C</>}
                    {r.redFlags.length > 0 && <span className="font-semibold text-red-800"> · {t("redFlag")}</span>}
                    {!isValidatedWording(r.locale) && (
                      <span className="text-amber-900">
                        {" "}
                        · {t("answeredIn", { language: languages.of(r.locale) ?? r.locale })}
                      </span>
                    )}
                    {severity && (
                      <span className={`font-semibold ${severity === "red" ? "text-red-800" : "text-amber-900"}`}>
                        {" "}
                        · {severity === "red" ? t("redAlert") : t("amberAlert")}
                      </span>
                    )}
                  </summary>
                  <div className="mt-2 space-y-2">
                    {r.redFlags.length > 0 && (
                      <p className="font-semibold text-red-800">
                        {t("redFlags", { flags: r.redFlags.map((f) => redFlags[f] ?? f).join("; ") })}
                      </p>
                    )}
                    {r.canWait !== null && <p>{t("couldWait", { answer: r.canWait ? t("yes") : t("no") })}</p>}
                    {r.note && <p>{t("note", { note: r.note })}</p>}
                    {!isValidatedWording(r.locale) && (
                      <p className="font-semibold text-amber-900">
                        {t("notValidated", { language: languages.of(r.locale) ?? r.locale })}
                      </p>
                    )}
                    {grades.length > 0 && (
                      <table className="w-full border-collapse text-left text-sm">
                        <caption className="sr-only">
                          {t("caption", { when: formatDateTime(r.reportedAt, tag) })}
                        </caption>
                        <ColumnHeads
                          labels={[t("colSymptom"), t("colAnswers"), t("colGrade")]}
                          rowClassName="border-b border-slate-300"
                          cellClassName="p-1"
                        />
                        <tbody>
                          {grades.map((g) => (
                            <tr key={g.symptom} className="border-b border-slate-100 align-top">
                              <th scope="row" className="p-1 font-normal">
                                {symptomNameIn(g.symptom as SymptomCode, locale)}
                              </th>
                              <td className="p-1">
                                <ul>
                                  {(answers.get(g.symptom) ?? []).map((a) => (
                                    <li key={a.attribute}>
                                      {attributes[a.attribute] ?? a.attribute}: {answer(a.attribute, a.value)}
                                    </li>
                                  ))}
                                </ul>
                              </td>
                              <td className="p-1">
                                <span className={`rounded px-1.5 ${gradeClass(g.grade)}`}>
                                  {g.grade === null ? t("notGraded") : g.grade}
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
        <nav aria-label={t("pages")} className="mt-3 flex gap-4">
          {newerHref && (
            <Link href={newerHref} className="text-blue-800 underline">
              {t("latest")}
            </Link>
          )}
          {olderHref && (
            <Link href={olderHref} className="text-blue-800 underline">
              {t("older")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
