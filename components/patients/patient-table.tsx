import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { ColumnHeads } from "@/components/ui/column-heads";
import type { PatientListRow } from "@/db/queries/patients";
import { formatDateTime, gradeClass } from "./format";

/**
 * The patients a clinician may see, one row each: identity, then the last report, the worst grade
 * of the last seven days and the alerts still open. A value the patient has not shared with this
 * clinician says "Withheld", never a misleading "none".
 */
export function PatientTable({
  rows,
  now,
  emergency,
}: {
  rows: PatientListRow[];
  now: Date;
  /** Patients this clinician holds an emergency access to, with when it ends. */
  emergency: Map<string, Date>;
}) {
  const t = useTranslations("patientsList");
  const tag = useLocale();
  // "3 days ago", "2 hours ago", "just now", with each language's plural rules.
  const ago = (at: Date) => {
    const minutes = Math.round((now.getTime() - at.getTime()) / 60_000);
    if (minutes < 2) return t("justNow");
    if (minutes < 90) return t("minutesAgo", { count: minutes });
    const hours = Math.round(minutes / 60);
    if (hours < 36) return t("hoursAgo", { count: hours });
    return t("daysAgo", { count: Math.round(hours / 24) });
  };
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">{t("caption")}</caption>
        <ColumnHeads
          labels={[
            t("colName"),
            t("colHospitalNumber"),
            t("colBorn"),
            t("colDiagnosis"),
            t("colCareTeam"),
            t("colLastReport"),
            t("colWorstGrade"),
            t("colOpenAlerts"),
          ]}
          rowClassName="border-b border-slate-300"
        />
        <tbody>
          {rows.map((p) => {
            const until = emergency.get(p.id);
            const open = p.openAlerts.red + p.openAlerts.amber;
            return (
              <tr key={p.id} className="border-b border-slate-200 align-top">
                <td className="p-2">
                  <Link href={`/patients/${p.id}`} className="text-blue-700 underline">
                    {p.name}
                  </Link>
                  {until && (
                    <span className="mt-1 block text-sm font-semibold text-red-800">
                      {t("emergencyUntil", { when: formatDateTime(until, tag) })}
                    </span>
                  )}
                </td>
                <td className="p-2 font-mono">{p.hospitalNumber}</td>
                <td className="p-2">{p.dateOfBirth}</td>
                <td className="p-2">{p.diagnosis}</td>
                <td className="p-2">{p.careTeam}</td>
                <td className="p-2">
                  {!p.symptomsShared ? (
                    <span className="text-slate-700">{t("withheld")}</span>
                  ) : p.lastReportAt ? (
                    <time dateTime={p.lastReportAt.toISOString()} title={formatDateTime(p.lastReportAt, tag)}>
                      {ago(p.lastReportAt)}
                    </time>
                  ) : (
                    t("noReports")
                  )}
                </td>
                <td className="p-2">
                  {!p.symptomsShared ? (
                    <span className="text-slate-700">{t("withheld")}</span>
                  ) : p.worstRecentGrade === null ? (
                    "–"
                  ) : (
                    <span className={`rounded px-2 py-0.5 font-medium ${gradeClass(p.worstRecentGrade)}`}>
                      {p.worstRecentGrade}
                    </span>
                  )}
                </td>
                <td className="p-2">
                  {!p.alertsShared ? (
                    <span className="text-slate-700">{t("withheld")}</span>
                  ) : open === 0 ? (
                    t("none")
                  ) : (
                    <Link href={`/patients/${p.id}#alerts`} className="font-semibold text-blue-800 underline">
                      {[
                        p.openAlerts.red ? t("red", { count: p.openAlerts.red }) : null,
                        p.openAlerts.amber ? t("amber", { count: p.openAlerts.amber }) : null,
                      ]
                        .filter(Boolean)
                        .join(", ")}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
