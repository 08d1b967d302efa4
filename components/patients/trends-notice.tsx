import { describeTrend, type SymptomTrend } from "@/lib/treatment/trends";

/**
 * The record's trends to review: symptoms that rose at each of their last three reports or are
 * worse this cycle than last, one line each. A note for the clinician reading the record, not an
 * alert: nothing is raised, nobody is told.
 */
export function TrendsNotice({ trends }: { trends: SymptomTrend[] }) {
  if (trends.length === 0) return null;
  return (
    <section aria-labelledby="trends" className="mt-6 rounded border border-slate-400 bg-slate-50 p-4">
      <h2 id="trends" className="font-semibold">
        Trends to review
      </h2>
      <ul className="mt-1 list-disc pl-5">
        {trends.map((t) => (
          <li key={t.symptom}>{describeTrend(t)}</li>
        ))}
      </ul>
    </section>
  );
}
