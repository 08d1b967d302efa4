import { describe, expect, test } from "vitest";
import { symptomsToChart, temperaturesSince } from "./visit-summary";

const at = (day: number) => new Date(Date.UTC(2026, 11, day, 9));
const report = (day: number, temperatureC: number | null, grades: Record<string, number | null>) => ({
  reportedAt: at(day),
  temperatureC,
  grades: Object.entries(grades).map(([symptom, grade]) => ({ symptom: symptom as "nausea", grade })),
});

describe("the visit summary's charts", () => {
  const reports = [
    report(1, 37.0, { nausea: 3, fatigue: 1 }), // before the span
    report(5, 38.4, { nausea: 1, fatigue: 2, diarrhea: 1 }),
    report(3, null, { nausea: 2, fatigue: null }),
  ];

  test("chart the symptoms that reached grade 2 or more in the span, in questionnaire order, with every grade", () => {
    const series = symptomsToChart(reports, at(2));
    expect(series.map((s) => s.symptom)).toEqual(["nausea", "fatigue"]);
    expect(series[0].points).toEqual([
      { at: at(3), grade: 2 },
      { at: at(5), grade: 1 },
    ]);
    expect(series[1]).toMatchObject({ label: "Fatigue", points: [{ at: at(5), grade: 2 }] });
  });

  test("leave out a symptom whose grade 2 was before the span", () => {
    expect(symptomsToChart([report(1, null, { nausea: 3 }), report(4, null, { nausea: 1 })], at(2))).toEqual([]);
  });

  test("list the span's temperatures, oldest first", () => {
    expect(temperaturesSince(reports, at(2))).toEqual([{ at: at(5), celsius: 38.4 }]);
  });
});
