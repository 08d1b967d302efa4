import Link from "next/link";
import { ColumnHeads } from "@/components/ui/column-heads";
import type { PatientListRow } from "@/db/queries/patients";
import { ago, formatDateTime, gradeClass } from "./format";

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
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">Patients you may see</caption>
        <ColumnHeads
          labels={[
            "Name",
            "Hospital number",
            "Date of birth",
            "Diagnosis",
            "Care team",
            "Last report",
            "Worst grade, 7 days",
            "Open alerts",
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
                      Emergency access until {formatDateTime(until)}
                    </span>
                  )}
                </td>
                <td className="p-2 font-mono">{p.hospitalNumber}</td>
                <td className="p-2">{p.dateOfBirth}</td>
                <td className="p-2">{p.diagnosis}</td>
                <td className="p-2">{p.careTeam}</td>
                <td className="p-2">
                  {!p.symptomsShared ? (
                    <span className="text-slate-700">Withheld</span>
                  ) : p.lastReportAt ? (
                    <time dateTime={p.lastReportAt.toISOString()} title={formatDateTime(p.lastReportAt)}>
                      {ago(p.lastReportAt, now)}
                    </time>
                  ) : (
                    "No reports"
                  )}
                </td>
                <td className="p-2">
                  {!p.symptomsShared ? (
                    <span className="text-slate-700">Withheld</span>
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
                    <span className="text-slate-700">Withheld</span>
                  ) : open === 0 ? (
                    "None"
                  ) : (
                    <Link href={`/patients/${p.id}#alerts`} className="font-semibold text-blue-800 underline">
                      {[
                        p.openAlerts.red ? `${p.openAlerts.red} red` : null,
                        p.openAlerts.amber ? `${p.openAlerts.amber} amber` : null,
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
