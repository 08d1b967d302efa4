import { describe, expect, test } from "vitest";
import { DEFAULT_TRIAGE_SETTINGS, triageReport } from "../triage/rules";
import { mergedReasonsText, mergeReasons } from "./reasons";

describe("an alert's reasons, merged by symptom", () => {
  test("a symptom's grade and its rise become one phrase", () => {
    expect(mergeReasons(["Nausea grade 3", "Nausea rose from grade 1 to 3"])).toEqual(["Nausea grade 3, rose from 1"]);
  });

  test("each symptom keeps its own phrase, in the order of the grades; other reasons stay as they are", () => {
    expect(
      mergeReasons([
        "Temperature 38.5 C",
        "Fatigue grade 3",
        "Insomnia grade 2",
        "Fatigue rose from grade 1 to 3",
        "Insomnia rose from grade 0 to 2",
        "Two or more amber symptoms",
      ]),
    ).toEqual([
      "Temperature 38.5 C",
      "Fatigue grade 3, rose from 1",
      "Insomnia grade 2, rose from 0",
      "Two or more amber symptoms",
    ]);
  });

  test("a rise without a grade reason, or to another grade, is kept whole", () => {
    expect(mergeReasons(["Pain rose from grade 0 to 1"])).toEqual(["Pain rose from grade 0 to 1"]);
    expect(mergeReasons(["Pain grade 3", "Pain rose from grade 0 to 2"])).toEqual([
      "Pain grade 3",
      "Pain rose from grade 0 to 2",
    ]);
  });

  test("a rise listed before its grade still merges into it", () => {
    expect(mergeReasons(["Cough rose from grade 0 to 2", "Cough grade 2"])).toEqual(["Cough grade 2, rose from 0"]);
  });

  test("symptom names that contain another's are not confused", () => {
    expect(mergeReasons(["Pain grade 2", "Abdominal pain grade 3", "Abdominal pain rose from grade 1 to 3"])).toEqual([
      "Pain grade 2",
      "Abdominal pain grade 3, rose from 1",
    ]);
  });

  test("what triage writes merges as it should", () => {
    const triage = triageReport(
      {
        grades: [{ symptom: "nausea", grade: 3 }],
        previousGrades: { nausea: 1 },
        temperatureC: null,
        redFlags: [],
        canWait: null,
      },
      DEFAULT_TRIAGE_SETTINGS,
    );
    expect(triage.reasons).toEqual(["Nausea grade 3", "Nausea rose from grade 1 to 3"]);
    expect(mergedReasonsText(triage.reasons)).toBe("Nausea grade 3, rose from 1");
  });
});
