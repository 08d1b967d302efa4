import { gradeClass } from "@/components/patients/format";
import { ScrollRegion } from "@/components/patients/scroll-region";
import { formatIsoDate } from "@/lib/treatment/dates";
import type { ToxicityGrid as Grid } from "@/lib/treatment/toxicity";
import { GRADE_WORDS } from "@/lib/treatment/toxicity";

/**
 * Toxicity by cycle: the worst grade of each symptom in each cycle. Rows are symptoms that reached
 * grade 1 or more, columns cycles (with the day given and the dose level); each cell shows its
 * number as well as its colour, and symptoms that never rose above 0 are listed below.
 */
export function ToxicityGrid({ grid, doses }: { grid: Grid; doses?: ReadonlyMap<number, string> }) {
  if (grid.rows.length === 0 && grid.alwaysZero.length === 0) {
    return <p className="mt-2">No symptom has been graded yet.</p>;
  }
  return (
    <div>
      {grid.rows.length === 0 ? (
        <p className="mt-2">No symptom has been above grade 0.</p>
      ) : (
        <ScrollRegion label="Toxicity by cycle table" className="mt-2 overflow-x-auto rounded bg-white">
          <table className="w-full border-collapse text-left">
            <caption className="p-2 text-left text-sm text-slate-700">
              Worst grade in each cycle: 0 none, 1 mild, 2 moderate, 3 severe; a dash where the symptom was not
              reported.
            </caption>
            <thead>
              <tr className="border-b border-slate-300 align-bottom">
                <th scope="col" className="p-2">
                  Symptom
                </th>
                {grid.columns.map((c) => (
                  <th key={c.key} scope="col" className="p-2 text-center">
                    <abbr title={c.longLabel} className="no-underline">
                      {c.label}
                    </abbr>
                    <span className="sr-only"> ({c.longLabel})</span>
                    {c.from && c.cycleNumber !== null && (
                      <span className="block text-xs font-normal text-slate-700">
                        {formatIsoDate(c.from)}
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
                    {r.label}
                  </th>
                  {r.cells.map((g, i) => (
                    <td key={grid.columns[i].key} className={`p-2 text-center tabular-nums ${gradeClass(g)}`}>
                      {g === null ? (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className="sr-only">not reported</span>
                        </>
                      ) : (
                        <>
                          {g}
                          <span className="sr-only"> ({GRADE_WORDS[g]})</span>
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
          Reported, never above grade 0: {grid.alwaysZero.map((s) => s.label).join(", ")}.
        </p>
      )}
    </div>
  );
}

/** " · 80%", or " · docetaxel 80%, carboplatin 100%, trastuzumab 100%" when the agents differ; nothing at full dose. */
function doseShown(agents: string | undefined, level: number | null): string {
  const dose = agents ?? (level !== null ? `${level}%` : null);
  return dose && dose !== "100%" ? ` · ${dose}` : "";
}
