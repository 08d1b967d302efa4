import { useLocale, useTranslations } from "next-intl";
import { gradeClass } from "@/components/patients/format";
import { symptomNamesValidated, toxicityColumnLabels } from "@/components/patients/record-words";
import { ScrollRegion } from "@/components/patients/scroll-region";
import { symptomNameIn } from "@/lib/grading/wording";
import { localeOfTag } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translate";
import { formatIsoDate } from "@/lib/treatment/dates";
import type { ToxicityGrid as Grid } from "@/lib/treatment/toxicity";

/**
 * Toxicity by cycle: the worst grade of each symptom in each cycle. Rows are symptoms that reached
 * grade 1 or more, columns cycles (with the day given and the dose level); each cell shows its
 * number as well as its colour, and symptoms that never rose above 0 are listed below. Symptom
 * names follow the reader's language, and say so when its wording is not the validated one.
 */
export function ToxicityGrid({ grid, doses }: { grid: Grid; doses?: ReadonlyMap<number, string> }) {
  const t = useTranslations("record");
  const tag = useLocale();
  const locale = localeOfTag(tag);
  if (grid.rows.length === 0 && grid.alwaysZero.length === 0) {
    return <p className="mt-2">{t("noneGraded")}</p>;
  }
  const labels = toxicityColumnLabels(translatorFor(locale), grid);
  const gradeWords = [t("grade0"), t("grade1"), t("grade2"), t("grade3")];
  return (
    <div>
      {grid.rows.length === 0 ? (
        <p className="mt-2">{t("noneAbove0")}</p>
      ) : (
        <ScrollRegion label={t("gridRegion")} className="mt-2 overflow-x-auto rounded bg-white">
          <table className="w-full border-collapse text-left">
            <caption className="p-2 text-left text-sm text-slate-700">{t("gridCaption")}</caption>
            <thead>
              <tr className="border-b border-slate-300 align-bottom">
                <th scope="col" className="p-2">
                  {t("symptom")}
                </th>
                {grid.columns.map((c, i) => (
                  <th key={c.key} scope="col" className="p-2 text-center">
                    <abbr title={labels[i]?.longLabel} className="no-underline">
                      {labels[i]?.label}
                    </abbr>
                    <span className="sr-only"> ({labels[i]?.longLabel})</span>
                    {c.from && c.cycleNumber !== null && (
                      <span className="block text-xs font-normal text-slate-700">
                        {formatIsoDate(c.from, tag)}
                        {doseShown(c.cycleNumber !== null ? doses?.get(c.cycleNumber) : undefined, c.dosePercent)}
                      </span>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((r) => (
                <tr key={r.symptom} className="border-b border-slate-200">
                  <th scope="row" className="p-2 font-medium">
                    {symptomNameIn(r.symptom, locale)}
                  </th>
                  {r.cells.map((g, i) => (
                    <td key={grid.columns[i].key} className={`p-2 text-center tabular-nums ${gradeClass(g)}`}>
                      {g === null ? (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className="sr-only">{t("notReported")}</span>
                        </>
                      ) : (
                        <>
                          {g}
                          <span className="sr-only"> ({gradeWords[g]})</span>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {grid.alwaysZero.length > 0 && (
        <p className="mt-2 text-slate-700">
          {t("alwaysZero", { symptoms: grid.alwaysZero.map((s) => symptomNameIn(s.symptom, locale)).join(", ") })}
        </p>
      )}
      {!symptomNamesValidated(locale) && <p className="mt-2 text-sm text-slate-700">{t("wordingNote")}</p>}
    </div>
  );
}

/** " · 80%", or " · docetaxel 80%, carboplatin 100%, trastuzumab 100%" when the agents differ; nothing at full dose. */
function doseShown(agents: string | undefined, level: number | null): string {
  const dose = agents ?? (level !== null ? `${level}%` : null);
  return dose && dose !== "100%" ? ` · ${dose}` : "";
}
