/**
 * What the printed summary for a clinic visit charts: the symptoms that reached grade 2 or more since
 * the current cycle began (or, with no cycle given, over the last cycle's length of days), each
 * with every grade reported for it in that span, and the temperatures of the same span.
 */
import { SYMPTOM_ITEMS, type SymptomCode } from "../grading/items";

export type GradedReport = {
  reportedAt: Date;
  temperatureC: number | null;
  grades: readonly { symptom: SymptomCode; grade: number | null }[];
};

export type SymptomSeries = { symptom: SymptomCode; label: string; points: { at: Date; grade: number }[] };
export type TemperaturePoint = { at: Date; celsius: number };

/** The grade at or above which a symptom is charted on the summary. */
export const SUMMARY_CHART_GRADE = 2;

const LABELS = new Map(SYMPTOM_ITEMS.map((item) => [item.code, item.shortLabel]));

/** The symptoms that reached grade 2 or more from `since`, in the order of the questionnaire, with their grades. */
export function symptomsToChart(reports: readonly GradedReport[], since: Date): SymptomSeries[] {
  const inSpan = [...reports]
    .filter((r) => r.reportedAt >= since)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const series = new Map<SymptomCode, SymptomSeries>();
  for (const r of inSpan) {
    for (const g of r.grades) {
      if (g.grade === null) continue;
      const s = series.get(g.symptom) ?? { symptom: g.symptom, label: LABELS.get(g.symptom) ?? g.symptom, points: [] };
      s.points.push({ at: r.reportedAt, grade: g.grade });
      series.set(g.symptom, s);
    }
  }
  return SYMPTOM_ITEMS.map((item) => series.get(item.code)).filter(
    (s): s is SymptomSeries => s?.points.some((p) => p.grade >= SUMMARY_CHART_GRADE) === true,
  );
}

/** The temperatures reported from `since`, oldest first. */
export function temperaturesSince(reports: readonly GradedReport[], since: Date): TemperaturePoint[] {
  return reports
    .filter((r) => r.reportedAt >= since && r.temperatureC !== null)
    .map((r) => ({ at: r.reportedAt, celsius: r.temperatureC as number }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
