import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  DEFAULT_TRIAGE_SETTINGS,
  resolveTriageSettings,
  type SymptomGrade,
  type TriageInput,
  triageReport,
} from "./rules";

function report(overrides: Partial<TriageInput> = {}): TriageInput {
  return { grades: [], previousGrades: {}, temperatureC: null, redFlags: [], canWait: null, ...overrides };
}

const grades = (...pairs: [SymptomGrade["symptom"], SymptomGrade["grade"]][]): SymptomGrade[] =>
  pairs.map(([symptom, grade]) => ({ symptom, grade }));

describe("symptom grades", () => {
  it("all green: no alert", () => {
    const result = triageReport(report({ grades: grades(["nausea", 1], ["fatigue", 0]) }));
    expect(result).toEqual({
      level: "green",
      reasons: [],
      emergency: false,
      responseMinutes: null,
      symptomLevels: [
        { symptom: "nausea", grade: 1, level: "green" },
        { symptom: "fatigue", grade: 0, level: "green" },
      ],
    });
  });

  it("an empty report is green", () => {
    expect(triageReport(report()).level).toBe("green");
  });

  it("grade 3 is red within 30 minutes", () => {
    const result = triageReport(report({ grades: grades(["nausea", 3]) }));
    expect(result.level).toBe("red");
    expect(result.reasons).toEqual(["Nausea grade 3"]);
    expect(result.responseMinutes).toBe(30);
    expect(result.emergency).toBe(false);
  });

  it("grade 2 is amber within 8 hours", () => {
    const result = triageReport(report({ grades: grades(["fatigue", 2]) }));
    expect(result.level).toBe("amber");
    expect(result.reasons).toEqual(["Fatigue grade 2"]);
    expect(result.responseMinutes).toBe(480);
  });

  it("a missing grade is not a reason", () => {
    const result = triageReport(report({ grades: grades(["nausea", null], ["vomiting", 1]) }));
    expect(result.level).toBe("green");
    expect(result.reasons).toEqual([]);
    expect(result.symptomLevels.map((s) => s.symptom)).toEqual(["vomiting"]);
  });

  it("a missing grade does not hide a previous grade's rise either", () => {
    const result = triageReport(report({ grades: grades(["nausea", null]), previousGrades: { nausea: 0 } }));
    expect(result.level).toBe("green");
  });
});

describe("temperature edges (defaults 37.5 / 36.0)", () => {
  it.each([
    [37.4, "green", []],
    [37.5, "red", ["Temperature 37.5 C"]],
    [38.4, "red", ["Temperature 38.4 C"]],
    [36.1, "green", []],
    [36.0, "red", ["Temperature 36.0 C"]],
    [35.8, "red", ["Temperature 35.8 C"]],
    [36.8, "green", []],
  ] as const)("%s C is %s", (temperatureC, level, reasons) => {
    const result = triageReport(report({ temperatureC }));
    expect(result.level).toBe(level);
    expect(result.reasons).toEqual(reasons);
    expect(result.emergency).toBe(false);
  });

  it("compares the temperature the clinician will read (tenths)", () => {
    // 37.45 shows as 37.5 and is treated as 37.5; floating noise below a tenth never flips the edge.
    expect(triageReport(report({ temperatureC: 37.45 })).reasons).toEqual(["Temperature 37.5 C"]);
    expect(triageReport(report({ temperatureC: 36.1 - 1e-12 })).level).toBe("green");
  });

  it("organisation fever threshold 38.0 makes 37.8 green and 38.0 red", () => {
    const settings = resolveTriageSettings({ feverC: 38.0 });
    expect(triageReport(report({ temperatureC: 37.8 }), settings).level).toBe("green");
    expect(triageReport(report({ temperatureC: 37.9 }), settings).level).toBe("green");
    expect(triageReport(report({ temperatureC: 38.0 }), settings).reasons).toEqual(["Temperature 38.0 C"]);
  });
});

describe("rise since the previous report", () => {
  it("a rise of 1 is not a reason", () => {
    const result = triageReport(report({ grades: grades(["fatigue", 1]), previousGrades: { fatigue: 0 } }));
    expect(result.level).toBe("green");
    expect(result.reasons).toEqual([]);
  });

  it("a rise of 2 is at least amber and named", () => {
    const result = triageReport(report({ grades: grades(["fatigue", 2]), previousGrades: { fatigue: 0 } }));
    expect(result.level).toBe("amber");
    expect(result.reasons).toEqual(["Fatigue grade 2", "Fatigue rose from grade 0 to 2"]);
  });

  it("a rise to grade 3 stays red and is named after the red symptom", () => {
    const result = triageReport(report({ grades: grades(["nausea", 3]), previousGrades: { nausea: 1 } }));
    expect(result.level).toBe("red");
    expect(result.reasons).toEqual(["Nausea grade 3", "Nausea rose from grade 1 to 3"]);
  });

  it("improvement is not a reason", () => {
    const result = triageReport(report({ grades: grades(["nausea", 1]), previousGrades: { nausea: 3 } }));
    expect(result.level).toBe("green");
  });

  it("only the same symptom's previous grade counts", () => {
    const result = triageReport(report({ grades: grades(["nausea", 1]), previousGrades: { vomiting: 0 } }));
    expect(result.level).toBe("green");
  });

  it("with riseForAmber 1 a rise alone makes a green grade amber", () => {
    const settings = resolveTriageSettings({ riseForAmber: 1 });
    const result = triageReport(report({ grades: grades(["cough", 1]), previousGrades: { cough: 0 } }), settings);
    expect(result.level).toBe("amber");
    expect(result.reasons).toEqual(["Cough rose from grade 0 to 1"]);
    expect(result.symptomLevels).toEqual([{ symptom: "cough", grade: 1, level: "amber" }]);
  });
});

describe("aggregation", () => {
  it("two amber symptoms make the report red", () => {
    const result = triageReport(report({ grades: grades(["nausea", 2], ["diarrhoea", 2]) }));
    expect(result.level).toBe("red");
    expect(result.responseMinutes).toBe(30);
    expect(result.reasons).toEqual(["Nausea grade 2", "Diarrhoea grade 2", "Two or more amber symptoms"]);
  });

  it("an amber by grade and one amber by rise count as two", () => {
    const settings = resolveTriageSettings({ riseForAmber: 1 });
    const input = report({ grades: grades(["nausea", 2], ["cough", 1]), previousGrades: { cough: 0 } });
    expect(triageReport(input, settings).level).toBe("red");
  });

  it("one symptom amber by grade and by rise counts once", () => {
    const result = triageReport(report({ grades: grades(["fatigue", 2]), previousGrades: { fatigue: 0 } }));
    expect(result.level).toBe("amber");
    expect(result.reasons).not.toContain("Two or more amber symptoms");
  });

  it("twoAmbersMakeRed false keeps two ambers amber", () => {
    const settings = resolveTriageSettings({ twoAmbersMakeRed: false });
    const result = triageReport(report({ grades: grades(["nausea", 2], ["diarrhoea", 2]) }), settings);
    expect(result.level).toBe("amber");
    expect(result.reasons).toEqual(["Nausea grade 2", "Diarrhoea grade 2"]);
    expect(result.responseMinutes).toBe(480);
  });
});

describe("emergency red flags", () => {
  it("a red flag is red and an emergency", () => {
    const result = triageReport(report({ redFlags: ["chest_pain"] }));
    expect(result).toMatchObject({ level: "red", emergency: true, responseMinutes: 30 });
    expect(result.reasons).toEqual(["Chest pain (emergency red flag)"]);
  });

  it.each([
    ["breathless_at_rest", "Short of breath while resting (emergency red flag)"],
    ["uncontrolled_bleeding", "Bleeding that will not stop (emergency red flag)"],
    ["severe_confusion", "Severe confusion (emergency red flag)"],
  ] as const)("%s", (flag, reason) => {
    const result = triageReport(report({ redFlags: [flag] }));
    expect(result.emergency).toBe(true);
    expect(result.reasons).toEqual([reason]);
  });

  it("a high temperature alone is red but not an emergency", () => {
    expect(triageReport(report({ temperatureC: 39.0 })).emergency).toBe(false);
  });
});

describe("reason order", () => {
  it("red flags, temperature, red symptoms, amber symptoms, rises, aggregation", () => {
    const result = triageReport(
      report({
        grades: grades(["fatigue", 2], ["nausea", 3], ["diarrhoea", 2]),
        previousGrades: { fatigue: 0 },
        temperatureC: 38.4,
        redFlags: ["severe_confusion", "chest_pain"],
      }),
    );
    expect(result.reasons).toEqual([
      "Chest pain (emergency red flag)",
      "Severe confusion (emergency red flag)",
      "Temperature 38.4 C",
      "Nausea grade 3",
      "Fatigue grade 2",
      "Diarrhoea grade 2",
      "Fatigue rose from grade 0 to 2",
      "Two or more amber symptoms",
    ]);
  });
});

describe("can this wait until your next appointment?", () => {
  const oneAmber = { grades: grades(["nausea", 2]), canWait: true };
  const downgrading = resolveTriageSettings({ canWaitDowngradesSingleAmber: true });

  it("never downgrades by default", () => {
    expect(triageReport(report(oneAmber)).level).toBe("amber");
    expect(triageReport(report({ grades: grades(["nausea", 3]), canWait: true })).level).toBe("red");
  });

  it("with the organisation setting, lowers a single amber to green", () => {
    const result = triageReport(report(oneAmber), downgrading);
    expect(result.level).toBe("green");
    expect(result.responseMinutes).toBeNull();
    expect(result.reasons).toEqual([
      "Nausea grade 2",
      "Patient says it can wait until the next appointment (single amber lowered to green)",
    ]);
  });

  it("with the setting, only an explicit yes lowers it", () => {
    expect(triageReport(report({ ...oneAmber, canWait: false }), downgrading).level).toBe("amber");
    expect(triageReport(report({ ...oneAmber, canWait: null }), downgrading).level).toBe("amber");
  });

  it("with the setting, never lowers two ambers, red, temperature or red flags", () => {
    const noAggregation = resolveTriageSettings({ canWaitDowngradesSingleAmber: true, twoAmbersMakeRed: false });
    const twoAmbers = report({ grades: grades(["nausea", 2], ["cough", 2]), canWait: true });
    expect(triageReport(twoAmbers, noAggregation).level).toBe("amber");
    expect(triageReport(report({ ...oneAmber, temperatureC: 38.1 }), downgrading).level).toBe("red");
    expect(triageReport(report({ ...oneAmber, redFlags: ["chest_pain"] }), downgrading).level).toBe("red");
  });
});

describe("organisation settings", () => {
  it("defaults match the spec", () => {
    expect(resolveTriageSettings()).toEqual({
      redGrade: 3,
      amberGrade: 2,
      riseForAmber: 2,
      feverC: 37.5,
      lowTemperatureC: 36.0,
      twoAmbersMakeRed: true,
      redResponseMinutes: 30,
      amberResponseMinutes: 480,
      canWaitDowngradesSingleAmber: false,
    });
    expect(resolveTriageSettings(null)).toEqual(DEFAULT_TRIAGE_SETTINGS);
  });

  it("merges a partial override onto the defaults", () => {
    const settings = resolveTriageSettings({ amberResponseMinutes: 240, feverC: 38 });
    expect(settings).toEqual({ ...DEFAULT_TRIAGE_SETTINGS, amberResponseMinutes: 240, feverC: 38 });
    expect(triageReport(report({ grades: grades(["cough", 2]) }), settings).responseMinutes).toBe(240);
  });

  it("lower grade thresholds change the levels", () => {
    const settings = resolveTriageSettings({ redGrade: 2, amberGrade: 1 });
    expect(triageReport(report({ grades: grades(["cough", 2]) }), settings).level).toBe("red");
    expect(triageReport(report({ grades: grades(["cough", 1]) }), settings).level).toBe("amber");
  });

  it("ignores an explicitly undefined override", () => {
    expect(resolveTriageSettings({ feverC: undefined }).feverC).toBe(37.5);
  });

  it.each([
    [{ feverC: 37.8 }, "feverC"],
    [{ feverC: "38" }, "feverC"],
    [{ lowTemperatureC: 37 }, "lowTemperatureC"],
    [{ redGrade: 4 }, "redGrade"],
    [{ amberGrade: 1.5 }, "amberGrade"],
    [{ amberGrade: 3 }, "amberGrade"],
    [{ riseForAmber: 0 }, "riseForAmber"],
    [{ redResponseMinutes: 3000 }, "redResponseMinutes"],
    [{ redResponseMinutes: 600, amberResponseMinutes: 480 }, "redResponseMinutes"],
    [{ twoAmbersMakeRed: "yes" }, "twoAmbersMakeRed"],
  ])("rejects %o", (overrides, field) => {
    try {
      resolveTriageSettings(overrides);
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues.map((issue) => issue.path.join("."))).toContain(field);
    }
  });

  it("rejects unknown settings", () => {
    expect(() => resolveTriageSettings({ fever: 38 })).toThrow(ZodError);
    expect(() => resolveTriageSettings("38")).toThrow(ZodError);
  });
});

describe("programming errors", () => {
  it("rejects impossible input rather than guess", () => {
    expect(() => triageReport(report({ grades: [{ symptom: "nausea", grade: 4 as never }] }))).toThrow(RangeError);
    expect(() => triageReport(report({ grades: grades(["nausea", 1], ["nausea", 3]) }))).toThrow(RangeError);
    expect(() => triageReport(report({ temperatureC: Number.NaN }))).toThrow(RangeError);
    expect(() => triageReport(report({ redFlags: ["fainting" as never] }))).toThrow(RangeError);
    expect(() => triageReport(report({ grades: grades(["nausea", 1]), previousGrades: { nausea: 7 } }))).toThrow(
      RangeError,
    );
  });
});
