/**
 * Trends a clinician should notice without an alert being raised: a symptom whose grade has risen
 * at each of its last three reports, and a symptom whose worst grade in the current cycle is worse
 * than in the cycle before. Each symptom is named once, with whichever of the two holds, so the
 * record and the printed summary show one short list rather than a warning per report.
 */
import { SYMPTOM_ITEMS, type SymptomCode } from "../grading/items";
import type { ToxicityGrid } from "./toxicity";
import type { GradedReport } from "./visit-summary";

/** How many of a symptom's reports in a row, each graded higher than the one before, make a rise. */
export const RISING_REPORTS = 3;

export type SymptomTrend = {
  symptom: SymptomCode;
  label: string;
  /** The grades of its last reports, oldest first, when each was higher than the one before. */
  rising: number[] | null;
  /** Its worst grade in the current cycle against the cycle before, when worse. */
  worseCycle: { cycle: number; grade: number; previousCycle: number; previousGrade: number } | null;
};

/** The last `RISING_REPORTS` grades of each symptom, oldest first, where each rose over the one before. */
function risingGrades(reports: readonly GradedReport[]): Map<SymptomCode, number[]> {
  const bySymptom = new Map<SymptomCode, number[]>();
  const oldestFirst = [...reports].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  for (const r of oldestFirst) {
    for (const g of r.grades) {
      if (g.grade === null) continue;
      bySymptom.set(g.symptom, [...(bySymptom.get(g.symptom) ?? []), g.grade].slice(-RISING_REPORTS));
    }
  }
  const rising = new Map<SymptomCode, number[]>();
  for (const [symptom, grades] of bySymptom) {
    if (grades.length === RISING_REPORTS && grades.every((g, i) => i === 0 || g > grades[i - 1])) {
      rising.set(symptom, grades);
    }
  }
  return rising;
}

/** Each symptom worse in cycle `current` than in the cycle before it, from the toxicity grid. */
function worseThanLastCycle(grid: ToxicityGrid, current: number): Map<SymptomCode, SymptomTrend["worseCycle"]> {
  const now = grid.columns.findIndex((c) => c.cycleNumber === current);
  const before = grid.columns.findLastIndex((c, i) => i < now && c.cycleNumber !== null);
  const previousCycle = grid.columns[before]?.cycleNumber;
  const worse = new Map<SymptomCode, SymptomTrend["worseCycle"]>();
  if (now < 0 || previousCycle == null) return worse;
  for (const row of grid.rows) {
    const grade = row.cells[now];
    const previousGrade = row.cells[before];
    if (grade != null && previousGrade != null && grade > previousGrade) {
      worse.set(row.symptom, { cycle: current, grade, previousCycle, previousGrade });
    }
  }
  return worse;
}

/**
 * The trends of a record, in the questionnaire's order: `reports` are its graded reports (any
 * order); `grid` and `currentCycle` (the cycle the patient is in, or last started) compare cycles,
 * and may be null when the record has no plan.
 */
export function symptomTrends(
  reports: readonly GradedReport[],
  grid: ToxicityGrid | null,
  currentCycle: number | null,
): SymptomTrend[] {
  const rising = risingGrades(reports);
  const worse = grid && currentCycle !== null ? worseThanLastCycle(grid, currentCycle) : new Map();
  return SYMPTOM_ITEMS.filter((item) => rising.has(item.code) || worse.has(item.code)).map((item) => ({
    symptom: item.code,
    label: item.shortLabel,
    rising: rising.get(item.code) ?? null,
    worseCycle: worse.get(item.code) ?? null,
  }));
}

/** A trend in one sentence: "Nausea rose at each of its last 3 reports (grade 0, then 1, then 2)." */
export function describeTrend(trend: SymptomTrend): string {
  const parts: string[] = [];
  if (trend.rising) {
    parts.push(`rose at each of its last ${trend.rising.length} reports (grade ${trend.rising.join(", then ")})`);
  }
  if (trend.worseCycle) {
    const w = trend.worseCycle;
    parts.push(
      `is worse in cycle ${w.cycle} (grade ${w.grade}) than in cycle ${w.previousCycle} (grade ${w.previousGrade})`,
    );
  }
  return `${trend.label} ${parts.join(", and ")}.`;
}
