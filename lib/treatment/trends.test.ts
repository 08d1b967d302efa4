import { describe, expect, test } from "vitest";
import type { SymptomCode } from "../grading/items";
import type { CycleWindow } from "./cycles";
import { toxicityOfReports } from "./toxicity";
import { describeTrend, symptomTrends } from "./trends";

const windows: CycleWindow[] = [
  { cycleNumber: 1, from: "2026-01-05", to: "2026-01-26", dosePercent: 100 },
  { cycleNumber: 2, from: "2026-01-26", to: "2026-02-16", dosePercent: 100 },
  { cycleNumber: 3, from: "2026-02-16", to: null, dosePercent: 80 },
];
const report = (day: string, grades: Partial<Record<SymptomCode, number | null>>) => ({
  reportedAt: new Date(`${day}T12:00:00Z`),
  temperatureC: null,
  grades: Object.entries(grades).map(([symptom, grade]) => ({ symptom: symptom as SymptomCode, grade: grade ?? null })),
});
const trendsOf = (reports: ReturnType<typeof report>[], currentCycle: number | null = 3) =>
  symptomTrends(reports, toxicityOfReports(reports, windows), currentCycle);

describe("trends a clinician should notice", () => {
  test("a symptom that rose at each of its last three reports, named once with its grades", () => {
    const trends = trendsOf([
      report("2026-02-20", { nausea: 0, fatigue: 1 }),
      report("2026-02-17", { nausea: 2 }), // older, though listed later
      report("2026-02-22", { nausea: 1, fatigue: 1 }),
      report("2026-02-24", { nausea: 2, fatigue: 2 }),
    ]);
    expect(trends.map((t) => [t.symptom, t.rising])).toEqual([["nausea", [0, 1, 2]]]);
    expect(describeTrend(trends[0])).toBe("Nausea rose at each of its last 3 reports (grade 0, then 1, then 2).");
  });

  test("no rise when the last three reports do not each go up, or a symptom has fewer than three", () => {
    expect(
      trendsOf([
        report("2026-02-17", { nausea: 1, fatigue: 1 }),
        report("2026-02-20", { nausea: 2, fatigue: 2 }),
        report("2026-02-22", { nausea: 2 }),
        report("2026-02-23", { nausea: 3 }),
      ]),
    ).toEqual([]);
  });

  test("an unanswered question is not a grade: it neither breaks nor makes a rise", () => {
    const trends = trendsOf([
      report("2026-02-17", { nausea: 0 }),
      report("2026-02-18", { nausea: null }),
      report("2026-02-20", { nausea: 1 }),
      report("2026-02-22", { nausea: 3 }),
    ]);
    expect(trends.map((t) => t.rising)).toEqual([[0, 1, 3]]);
  });

  test("a symptom worse in the current cycle than in the one before", () => {
    const trends = trendsOf([
      report("2026-01-10", { diarrhoea: 3 }),
      report("2026-02-01", { diarrhoea: 1, nausea: 2 }),
      report("2026-02-18", { diarrhoea: 2, nausea: 2 }),
    ]);
    expect(trends).toEqual([
      {
        symptom: "diarrhoea",
        label: "Diarrhoea",
        rising: null,
        worseCycle: { cycle: 3, grade: 2, previousCycle: 2, previousGrade: 1 },
      },
    ]);
    expect(describeTrend(trends[0])).toBe("Diarrhoea is worse in cycle 3 (grade 2) than in cycle 2 (grade 1).");
  });

  test("cycles are compared only when the symptom was graded in both, and only for the current cycle", () => {
    const reports = [report("2026-01-10", { nausea: 1 }), report("2026-02-01", { nausea: 3 })];
    expect(trendsOf(reports, 3)).toEqual([]);
    expect(trendsOf([report("2026-02-18", { nausea: 2 })], 3)).toEqual([]);
    expect(trendsOf(reports, 2).map((t) => t.worseCycle)).toEqual([
      { cycle: 2, grade: 3, previousCycle: 1, previousGrade: 1 },
    ]);
    expect(trendsOf(reports, null)).toEqual([]);
  });

  test("both at once are one line", () => {
    const trends = trendsOf([
      report("2026-02-01", { nausea: 1 }),
      report("2026-02-17", { nausea: 0 }),
      report("2026-02-19", { nausea: 1 }),
      report("2026-02-21", { nausea: 2 }),
    ]);
    expect(trends.map(describeTrend)).toEqual([
      "Nausea rose at each of its last 3 reports (grade 0, then 1, then 2), and is worse in cycle 3 (grade 2) than in cycle 2 (grade 1).",
    ]);
  });
});
