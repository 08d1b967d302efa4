/**
 * Toxicity by cycle: the worst composite grade of each symptom in each cycle, as a grid a
 * clinician reads at a glance (rows: symptoms in form order; columns: cycles in the order given).
 */
import { SYMPTOM_ITEMS, type SymptomCode } from "../grading/items";
import { type CycleWindow, cycleOfDay } from "./cycles";
import { clinicDate, type IsoDate } from "./dates";
import type { GradedReport } from "./visit-summary";

export type GradeObservation = { symptom: SymptomCode; grade: number | null; reportedAt: Date };

export type ToxicityColumn = {
  key: string;
  /** "C1", or "Before C1" / "After" for reports outside every cycle. */
  label: string;
  /** Read out by screen readers: "Cycle 1 (from 5 Jan 2026)". */
  longLabel: string;
  cycleNumber: number | null;
  from: IsoDate | null;
  to: IsoDate | null;
  dosePercent: number | null;
};

export type ToxicityRow = {
  symptom: SymptomCode;
  label: string;
  /** Worst grade in each column; null where the symptom was not graded in that span. */
  cells: (number | null)[];
  worst: number | null;
};

export type ToxicityGrid = {
  columns: ToxicityColumn[];
  /** Symptoms that reached grade 1 or more at least once. */
  rows: ToxicityRow[];
  /** Symptoms that were reported but never above grade 0. */
  alwaysZero: { symptom: SymptomCode; label: string }[];
};

/** Builds the grid; reports before the first cycle or after the last get a column of their own. */
export function toxicityByCycle(
  observations: readonly GradeObservation[],
  windows: readonly CycleWindow[],
): ToxicityGrid {
  const worst = new Map<string, number>(); // `${symptom}|${columnKey}` -> grade
  const reported = new Set<SymptomCode>();
  let before = false;
  let after = false;
  for (const o of observations) {
    if (o.grade === null) continue;
    reported.add(o.symptom);
    const where = cycleOfDay(clinicDate(o.reportedAt), windows);
    if (where === "before") before = true;
    if (where === "after") after = true;
    const key = `${o.symptom}|${where}`;
    worst.set(key, Math.max(worst.get(key) ?? 0, o.grade));
  }
  const first = windows[0];
  const columns: ToxicityColumn[] = [
    ...(before
      ? [
          {
            key: "before",
            label: first ? `Before C${first.cycleNumber}` : "No cycle given",
            longLabel: first ? `Before cycle ${first.cycleNumber}` : "Before treatment",
            cycleNumber: null,
            from: null,
            to: first?.from ?? null,
            dosePercent: null,
          },
        ]
      : []),
    ...windows.map((w) => ({
      key: String(w.cycleNumber),
      label: `C${w.cycleNumber}`,
      longLabel: `Cycle ${w.cycleNumber}`,
      cycleNumber: w.cycleNumber,
      from: w.from,
      to: w.to,
      dosePercent: w.dosePercent,
    })),
    ...(after
      ? [
          {
            key: "after",
            label: "After",
            longLabel: "After the last cycle",
            cycleNumber: null,
            from: windows.at(-1)?.to ?? null,
            to: null,
            dosePercent: null,
          },
        ]
      : []),
  ];
  const rows: ToxicityRow[] = [];
  const alwaysZero: ToxicityGrid["alwaysZero"] = [];
  for (const item of SYMPTOM_ITEMS) {
    if (!reported.has(item.code)) continue;
    const cells = columns.map((c) => worst.get(`${item.code}|${c.key}`) ?? null);
    const top = cells.reduce<number | null>((m, g) => (g === null ? m : Math.max(m ?? 0, g)), null);
    if (top === null || top === 0) alwaysZero.push({ symptom: item.code, label: item.shortLabel });
    else rows.push({ symptom: item.code, label: item.shortLabel, cells, worst: top });
  }
  return { columns, rows, alwaysZero };
}

/** The grid of a record's graded reports. */
export function toxicityOfReports(reports: readonly GradedReport[], windows: readonly CycleWindow[]): ToxicityGrid {
  return toxicityByCycle(
    reports.flatMap((r) => r.grades.map((g) => ({ ...g, reportedAt: r.reportedAt }))),
    windows,
  );
}

/** Words for a grade, for screen readers and legends. */
export const GRADE_WORDS = ["none", "mild", "moderate", "severe"] as const;

export function gradeWord(grade: number | null): string {
  return grade === null ? "not reported" : `grade ${grade}, ${GRADE_WORDS[grade] ?? "unknown"}`;
}
