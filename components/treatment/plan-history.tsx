import { useLocale, useTranslations } from "next-intl";
import { formatDateTime } from "@/components/patients/format";
import { ColumnHeads } from "@/components/ui/column-heads";
import type { PlanVersionView } from "@/db/queries/treatment-history";
import { describePlan } from "@/lib/treatment/plan";

/**
 * Every version of the plan, newest first: who saved it and when, who decided it, why, and each
 * change with its previous value.
 */
export function PlanHistory({ versions }: { versions: PlanVersionView[] }) {
  const t = useTranslations("treatmentPlan");
  const tag = useLocale();
  if (versions.length === 0) return <p className="mt-2">{t("noHistory")}</p>;
  return (
    <ol className="mt-2 space-y-3" aria-label={t("versions")}>
      {versions.map((v) => (
        <li key={v.id} className="rounded border border-slate-300 bg-white p-3">
          <article aria-labelledby={`version-${v.version}`}>
            <h3 id={`version-${v.version}`} className="font-semibold">
              {t("versionLine", { version: v.version, when: formatDateTime(v.changedAt, tag), who: v.changedBy.name })}
            </h3>
            {v.decidedBy && <p className="text-sm">{t("decidedBy", { name: v.decidedBy.name })}</p>}
            {v.reason && <p className="mt-1">{t("why", { reason: v.reason })}</p>}
            {v.created ? (
              <p className="mt-1">{t("created", { plan: describePlan(v.created) })}</p>
            ) : v.unreadable ? (
              <p className="mt-1 text-slate-700">{t("unreadable")}</p>
            ) : (
              <table className="mt-2 w-full border-collapse text-left text-sm">
                <caption className="sr-only">{t("changesCaption", { version: v.version })}</caption>
                <ColumnHeads
                  labels={[t("colWhat"), t("colBefore"), t("colAfter")]}
                  rowClassName="border-b border-slate-300"
                  cellClassName="p-1"
                />
                <tbody>
                  {v.changes.map((c, i) => (
                    <tr key={i} className="border-b border-slate-100">
                      <th scope="row" className="p-1 font-normal">
                        {c.cycleNumber === null ? c.what : `Cycle ${c.cycleNumber}: ${c.what.toLowerCase()}`}
                      </th>
                      <td className="p-1">{c.from ?? "–"}</td>
                      <td className="p-1 font-medium">{c.to ?? "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}
