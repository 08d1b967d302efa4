import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fieldErrors } from "../field-errors";
import { gradeReport, makeSymptomReportInput, symptomReportInput } from "./validation";

const NOW = new Date("2025-03-10T12:00:00Z");
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

function issuesFor(input: unknown) {
  const result = symptomReportInput.safeParse(input);
  if (result.success) throw new Error(`expected rejection of ${JSON.stringify(input)}`);
  return fieldErrors(result.error, { root: "report" });
}

const ok = { answers: { nausea: { frequency: 2, severity: 1 } } };

describe("malformed reports are rejected with the field named", () => {
  const cases: [string, unknown, string, RegExp][] = [
    ["not an object", "hello", "report", /object/],
    ["null report", null, "report", /object/],
    ["answers missing", {}, "answers", /object/],
    ["answers is a list", { answers: [] }, "answers", /keyed by symptom/],
    ["unknown top-level field", { ...ok, patientId: "p1" }, "patientId", /Unknown field/],
    ["unknown symptom", { answers: { fever: { severity: 2 } } }, "answers.fever", /Unknown symptom/],
    [
      "prototype key as symptom",
      { answers: JSON.parse('{"__proto__": {"severity": 1}}') },
      "answers.__proto__",
      /Unknown symptom/,
    ],
    ["item answers not an object", { answers: { nausea: 3 } }, "answers.nausea", /keyed by question/],
    [
      "attribute the item does not ask",
      { answers: { nausea: { frequency: 1, severity: 1, interference: 2 } } },
      "answers.nausea.interference",
      /Not a question about nausea/,
    ],
    [
      "foreign attribute",
      { answers: { cough: { severity: 1, loudness: 3 } } },
      "answers.cough.loudness",
      /Not a question/,
    ],
    [
      "presence on a graded item",
      { answers: { fatigue: { presence: 1 } } },
      "answers.fatigue.presence",
      /Not a question/,
    ],
    ["severity on a presence item", { answers: { rash: { severity: 2 } } }, "answers.rash.severity", /Not a question/],
    ["answer above 4", { answers: { nausea: { frequency: 5, severity: 1 } } }, "answers.nausea.frequency", /0 to 4/],
    ["negative answer", { answers: { constipation: { severity: -1 } } }, "answers.constipation.severity", /0 to 4/],
    [
      "fractional answer",
      { answers: { fatigue: { severity: 2.5, interference: 1 } } },
      "answers.fatigue.severity",
      /whole number/,
    ],
    [
      "answer as a string",
      { answers: { nausea: { frequency: "2", severity: 1 } } },
      "answers.nausea.frequency",
      /0 to 4/,
    ],
    ["answer as a boolean", { answers: { hair_loss: { amount: true } } }, "answers.hair_loss.amount", /0 to 4/],
    ["presence answer 2", { answers: { rash: { presence: 2 } } }, "answers.rash.presence", /0 \(No\) or 1 \(Yes\)/],
    [
      "presence answer as yes",
      { answers: { bruising: { presence: "yes" } } },
      "answers.bruising.presence",
      /0 \(No\) or 1 \(Yes\)/,
    ],
    [
      "follow-up after Never",
      { answers: { nausea: { frequency: 0, severity: 2 } } },
      "answers.nausea.severity",
      /empty when the frequency answer is "Never"/,
    ],
    [
      "follow-up after None",
      { answers: { fatigue: { severity: 0, interference: 1 } } },
      "answers.fatigue.interference",
      /empty when the severity answer is "None"/,
    ],
    [
      "third answer after Never",
      { answers: { anxiety: { frequency: 0, severity: null, interference: 3 } } },
      "answers.anxiety.interference",
      /empty/,
    ],
    [
      "follow-up without the first answer",
      { answers: { vomiting: { severity: 3 } } },
      "answers.vomiting.frequency",
      /Required because severity is answered/,
    ],
    [
      "follow-up with a null first answer",
      { answers: { general_pain: { frequency: null, severity: 2, interference: 2 } } },
      "answers.general_pain.frequency",
      /Required because severity and interference/,
    ],
    [
      "temperature too high",
      { ...ok, temperatureC: 43.1 },
      "temperatureC",
      /^Temperature must be between 34.0 and 43.0 °C$/,
    ],
    ["temperature too low", { ...ok, temperatureC: 33.9 }, "temperatureC", /between 34.0 and 43.0/],
    ["temperature in Fahrenheit", { ...ok, temperatureC: 100.4 }, "temperatureC", /between 34.0 and 43.0/],
    ["temperature with two decimals", { ...ok, temperatureC: 37.55 }, "temperatureC", /one decimal place/],
    ["temperature as text", { ...ok, temperatureC: "38.2" }, "temperatureC", /number/],
    ["temperature NaN", { ...ok, temperatureC: Number.NaN }, "temperatureC", /number/],
    ["red flags not a list", { ...ok, redFlags: "chest_pain" }, "redFlags", /list/],
    ["unknown red flag", { ...ok, redFlags: ["chest_pain", "fainting"] }, "redFlags.1", /Must be one of/],
    [
      "repeated red flag",
      { ...ok, redFlags: ["chest_pain", "severe_confusion", "chest_pain"] },
      "redFlags.2",
      /listed twice/,
    ],
    ["canWait as text", { ...ok, canWait: "yes" }, "canWait", /true, false or null/],
    ["note not text", { ...ok, note: 42 }, "note", /text/],
    ["note too long", { ...ok, note: "a".repeat(1001) }, "note", /1000 characters or fewer/],
    ["note with a bell character", { ...ok, note: "feeling\u0007 odd" }, "note", /control characters/],
    ["note with a NUL", { ...ok, note: "a\u0000b" }, "note", /control characters/],
    ["note with a lone carriage return", { ...ok, note: "line\rover" }, "note", /control characters/],
    ["note with an escape sequence", { ...ok, note: "\u001b[31mred" }, "note", /control characters/],
    ["reportedAt not a date", { ...ok, reportedAt: "yesterday" }, "reportedAt", /ISO date and time/],
    ["reportedAt without a time zone", { ...ok, reportedAt: "2025-03-10T11:00:00" }, "reportedAt", /time zone/],
    ["reportedAt an impossible date", { ...ok, reportedAt: "2025-02-30T11:00:00Z" }, "reportedAt", /ISO/],
    ["reportedAt in the future", { ...ok, reportedAt: minutesFromNow(6) }, "reportedAt", /future/],
    ["reportedAt over 30 days ago", { ...ok, reportedAt: minutesFromNow(-30 * 24 * 60 - 1) }, "reportedAt", /30 days/],
  ];

  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("%s", (_name, input, field, message) => {
    const issues = issuesFor(input);
    const match = issues.find((issue) => issue.field === field);
    expect(match, JSON.stringify(issues)).toBeDefined();
    expect(match?.message).toMatch(message);
  });

  it("reports every problem at once", () => {
    const issues = issuesFor({
      answers: { nausea: { frequency: 0, severity: 2 }, foo: {} },
      temperatureC: 50,
      extra: true,
    });
    expect(issues.map((issue) => issue.field).sort()).toEqual(
      ["answers.foo", "answers.nausea.severity", "extra", "temperatureC"].sort(),
    );
  });
});

describe("valid reports are accepted", () => {
  it("fills unanswered questions with null and defaults red flags", () => {
    const parsed = symptomReportInput.parse({
      answers: { nausea: { frequency: 0 }, fatigue: { severity: 2 }, rash: { presence: 1 }, hair_loss: {} },
    });
    expect(parsed).toEqual({
      answers: {
        nausea: { frequency: 0, severity: null },
        fatigue: { severity: 2, interference: null },
        rash: { presence: 1 },
        hair_loss: { amount: null },
      },
      redFlags: [],
    });
  });

  it("accepts a full report", () => {
    const input = {
      answers: {
        abdominal_pain: { frequency: 4, severity: 4, interference: 4 },
        diarrhoea: { frequency: 3 },
        nausea: { frequency: 0, severity: null },
      },
      temperatureC: 38.4,
      redFlags: ["chest_pain", "severe_confusion"],
      canWait: false,
      note: "  Worse since Tuesday.\r\n\tCould not eat.  ",
      reportedAt: minutesFromNow(-60),
    };
    const parsed = symptomReportInput.parse(input);
    expect(parsed.note).toBe("Worse since Tuesday.\n\tCould not eat.");
    expect(parsed.redFlags).toEqual(["chest_pain", "severe_confusion"]);
    expect(parsed.temperatureC).toBe(38.4);
    expect(parsed.canWait).toBe(false);
  });

  it.each([
    ["empty answers", { answers: {} }],
    ["temperature at the low edge", { ...ok, temperatureC: 34.0 }],
    ["temperature at the high edge", { ...ok, temperatureC: 43 }],
    ["temperature 36.6 (floating point)", { ...ok, temperatureC: 36.6 }],
    ["null temperature and canWait", { ...ok, temperatureC: null, canWait: null }],
    ["note of exactly 1000 characters after trimming", { ...ok, note: ` ${"a".repeat(1000)} ` }],
    ["1000 emoji count as 1000 characters", { ...ok, note: "😀".repeat(1000) }],
    ["reportedAt within the 5 minute clock skew", { ...ok, reportedAt: minutesFromNow(5) }],
    ["reportedAt with an offset", { ...ok, reportedAt: "2025-03-10T12:30:00+01:00" }],
    ["reportedAt 30 days ago exactly", { ...ok, reportedAt: minutesFromNow(-30 * 24 * 60) }],
    [
      "first answer 0 with explicit null follow-ups",
      { answers: { sadness: { frequency: 0, severity: null, interference: null } } },
    ],
    ["first answer only (partial item)", { answers: { general_pain: { frequency: 3 } } }],
    ["presence No", { answers: { bruising: { presence: 0 } } }],
  ])("%s", (_name, input) => {
    const result = symptomReportInput.safeParse(input);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });
});

describe("gradeReport", () => {
  it("grades each included graded item, in form order, null when incomplete", () => {
    const input = symptomReportInput.parse({
      answers: {
        fatigue: { severity: 2, interference: 4 },
        nausea: { frequency: 1, severity: 0 },
        abdominal_pain: { frequency: 1, severity: 0, interference: 0 },
        general_pain: { frequency: 3 },
        rash: { presence: 1 },
        diarrhoea: { frequency: 0 },
      },
    });
    expect(gradeReport(input)).toEqual([
      { symptom: "nausea", grade: 1 },
      { symptom: "diarrhoea", grade: 0 },
      { symptom: "abdominal_pain", grade: 0 },
      { symptom: "general_pain", grade: null },
      { symptom: "fatigue", grade: 3 },
    ]);
  });

  it("is empty for a report with no graded answers", () => {
    expect(gradeReport(symptomReportInput.parse({ answers: { bruising: { presence: 1 } } }))).toEqual([]);
  });
});

describe("makeSymptomReportInput", () => {
  it("checks reportedAt against the clock it is given", () => {
    const serverNow = new Date("2025-06-01T12:00:00Z");
    const schema = makeSymptomReportInput(() => serverNow);
    // Fine for the server's clock, far in the future for the (fake) device clock.
    const input = { ...ok, reportedAt: "2025-06-01T11:00:00Z" };
    expect(schema.safeParse(input).success).toBe(true);
    expect(symptomReportInput.safeParse(input).success).toBe(false);
    expect(schema.safeParse({ ...ok, reportedAt: "2025-05-01T11:00:00Z" }).success).toBe(false);
  });
});
