import { describe, expect, test } from "vitest";
import type { SymptomCode } from "../grading/items";
import type { CycleWindow } from "./cycles";
import { symptomSeries, temperaturePoints, timelineColumns, timelineTable, zoomRanges } from "./timeline";
import { gradeWord, toxicityByCycle } from "./toxicity";

const windows: CycleWindow[] = [
  { cycleNumber: 1, from: "2026-01-05", to: "2026-01-26", dosePercent: 100 },
  { cycleNumber: 2, from: "2026-01-26", to: "2026-02-16", dosePercent: 80 },
];
// Midday in London: the day is unambiguous.
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const obs = (symptom: SymptomCode, day: string, grade: number | null) => ({ symptom, reportedAt: at(day), grade });

describe("toxicity by cycle", () => {
  test("the worst grade of each symptom in each cycle", () => {
    const grid = toxicityByCycle(
      [
        obs("nausea", "2026-01-06", 2),
        obs("nausea", "2026-01-07", 3),
        obs("nausea", "2026-01-20", 1),
        obs("nausea", "2026-01-27", 1),
        obs("fatigue", "2026-01-28", 2),
        obs("fatigue", "2026-01-06", null), // unfinished: not a zero
        obs("diarrhoea", "2026-01-10", 0),
      ],
      windows,
    );
    expect(grid.columns.map((c) => c.label)).toEqual(["C1", "C2"]);
    expect(grid.columns.map((c) => c.dosePercent)).toEqual([100, 80]);
    expect(grid.rows).toEqual([
      { symptom: "nausea", label: "Nausea", cells: [3, 1], worst: 3 },
      { symptom: "fatigue", label: "Fatigue", cells: [null, 2], worst: 2 },
    ]);
    expect(grid.alwaysZero).toEqual([{ symptom: "diarrhoea", label: "Diarrhoea" }]);
  });

  test("reports outside every cycle get their own columns", () => {
    const grid = toxicityByCycle([obs("nausea", "2026-01-01", 1), obs("nausea", "2026-03-01", 2)], windows);
    expect(grid.columns.map((c) => c.label)).toEqual(["Before C1", "C1", "C2", "After"]);
    expect(grid.rows[0].cells).toEqual([1, null, null, 2]);
  });

  test("with no cycle given, everything is before treatment", () => {
    const grid = toxicityByCycle([obs("nausea", "2026-01-01", 1)], []);
    expect(grid.columns.map((c) => c.label)).toEqual(["No cycle given"]);
    expect(grid.rows[0].cells).toEqual([1]);
  });

  test("grade words", () => {
    expect(gradeWord(null)).toBe("not reported");
    expect(gradeWord(3)).toBe("grade 3, severe");
  });
});

describe("timeline", () => {
  const day = 86_400_000;
  const start = Date.parse("2026-01-01T00:00:00Z");
  const data = {
    start,
    end: start + 60 * day,
    windows,
    ...timelineColumns([
      // Given newest first: the columns are oldest first all the same.
      {
        at: start + 30 * day,
        temperatureC: null,
        grades: [
          { symptom: "nausea", grade: 0 },
          { symptom: "fatigue", grade: 1 },
          { symptom: "mouth_sores", grade: 0 },
        ],
      },
      {
        at: start + 5 * day,
        temperatureC: 38.2,
        grades: [
          { symptom: "nausea", grade: 2 },
          { symptom: "fatigue", grade: 0 },
          { symptom: "mouth_sores", grade: null },
        ],
      },
    ]),
  };

  test("the grades go as columns per symptom, only for symptoms that rose above 0 in the course", () => {
    expect(data.grades).toEqual([
      { symptom: "nausea", at: [start + 5 * day, start + 30 * day], grade: [2, 0] },
      { symptom: "fatigue", at: [start + 5 * day, start + 30 * day], grade: [0, 1] },
    ]);
    expect(data.temperatures).toEqual({ at: [start + 5 * day], celsius: [38.2] });
    expect(temperaturePoints(data.temperatures, { from: start + 6 * day, to: data.end })).toEqual([]);
    expect(temperaturePoints(data.temperatures, { from: start, to: data.end })).toEqual([
      { at: start + 5 * day, celsius: 38.2 },
    ]);
  });

  test("zoom ranges: the whole course, the last 4 weeks and each cycle", () => {
    const ranges = zoomRanges(data);
    expect(ranges.map((r) => r.key)).toEqual(["course", "recent", "cycle-1", "cycle-2"]);
    expect(new Date(ranges[2].from).toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(new Date(ranges[3].to).toISOString()).toBe("2026-02-16T00:00:00.000Z");
  });

  test("series keep symptoms that rose above 0 within the range", () => {
    expect(symptomSeries(data.grades, { from: start, to: start + 10 * day }).map((s) => s.symptom)).toEqual(["nausea"]);
    expect(symptomSeries(data.grades, { from: start, to: data.end }).map((s) => s.symptom)).toEqual([
      "nausea",
      "fatigue",
    ]);
  });

  test("the table has one row per report time with the temperature", () => {
    const rows = timelineTable(data, { from: start, to: data.end }, ["nausea", "fatigue"]);
    expect(rows).toEqual([
      { at: start + 5 * day, temperature: 38.2, grades: { nausea: 2, fatigue: 0 } },
      { at: start + 30 * day, temperature: null, grades: { nausea: 0, fatigue: 1 } },
    ]);
  });
});
