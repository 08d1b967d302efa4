import { describe, expect, it } from "vitest";
import { type CompositeAnswers, compositeGrade, gradeSymptom } from "./composite";
import { COMPOSITE_TABLES } from "./composite-table";
// Verbatim copy of ../shared/spec/pro-ctcae-composite-grading.json, kept in the project so the
// test runs in a clean clone. The implementation reads composite-table.ts, never this file.
import published from "./pro-ctcae-composite-grading.json";

type TableName = keyof typeof published.tables;

// Which answer keys each published table's digits stand for, in key order.
const ATTRIBUTES_BY_TABLE: Record<TableName, (keyof CompositeAnswers)[][]> = {
  freq: [["frequency"]],
  freq_sev: [["frequency", "severity"]],
  freq_int: [["frequency", "interference"]],
  freq_sev_int: [["frequency", "severity", "interference"]],
  sev: [["severity"]],
  sev_int: [["severity", "interference"]],
  // One-attribute interference items and hair loss (amount) share a table: check both.
  interference_or_amount: [["interference"], ["amount"]],
};

const publishedRows = Object.entries(published.tables).flatMap(([table, rows]) =>
  Object.entries(rows).map(([key, grade]) => ({ table: table as TableName, key, grade })),
);

function answersFor(attributes: (keyof CompositeAnswers)[], key: string): CompositeAnswers {
  const answers: CompositeAnswers = {};
  for (const attribute of attributes) answers[attribute] = null;
  // The published rows with a 0 first answer ("00", "000") have the follow-ups skipped.
  attributes.forEach((attribute, index) => {
    answers[attribute] = Number(key[index]);
  });
  return answers;
}

describe("published composite table", () => {
  it("has all 179 rows", () => {
    expect(publishedRows).toHaveLength(179);
  });

  it("is the table the implementation uses (no drift)", () => {
    expect(COMPOSITE_TABLES).toStrictEqual(published.tables);
  });

  it.each(publishedRows)("$table[$key] = $grade", ({ table, key, grade }) => {
    for (const attributes of ATTRIBUTES_BY_TABLE[table]) {
      expect(compositeGrade(answersFor(attributes, key))).toBe(grade);
    }
  });

  it("never gives 4", () => {
    const grades = publishedRows.map((row) => row.grade);
    expect(Math.max(...grades)).toBe(3);
  });
});

describe("published quirks", () => {
  it("frequency 1 / severity 0 / interference 0 is 0 in the three-attribute table", () => {
    expect(compositeGrade({ frequency: 1, severity: 0, interference: 0 })).toBe(0);
    expect(compositeGrade({ frequency: 2, severity: 0, interference: 0 })).toBe(0);
  });

  it("frequency 1 / severity 0 is 1 in the two-attribute table", () => {
    expect(compositeGrade({ frequency: 1, severity: 0 })).toBe(1);
  });

  it("very severe alone is 3 but very much interference alone is only 2", () => {
    expect(compositeGrade({ severity: 4 })).toBe(3);
    expect(compositeGrade({ amount: 4 })).toBe(2);
    expect(compositeGrade({ interference: 4 })).toBe(2);
  });
});

describe("first answer zero", () => {
  it("grades 0 with skipped follow-ups (null)", () => {
    expect(compositeGrade({ frequency: 0, severity: null })).toBe(0);
    expect(compositeGrade({ frequency: 0, severity: null, interference: null })).toBe(0);
    expect(compositeGrade({ severity: 0, interference: null })).toBe(0);
    expect(compositeGrade({ frequency: 0, interference: null })).toBe(0);
  });

  it("grades 0 whatever the follow-ups say", () => {
    expect(compositeGrade({ frequency: 0, severity: 4 })).toBe(0);
    expect(compositeGrade({ frequency: 0, severity: 4, interference: 4 })).toBe(0);
    expect(compositeGrade({ severity: 0, interference: 4 })).toBe(0);
  });

  it("single-attribute items grade 0 at 0", () => {
    expect(compositeGrade({ frequency: 0 })).toBe(0);
    expect(compositeGrade({ severity: 0 })).toBe(0);
    expect(compositeGrade({ amount: 0 })).toBe(0);
  });
});

describe("missing answers give null, not 0", () => {
  it("first answer missing", () => {
    expect(compositeGrade({ frequency: null, severity: 3 })).toBeNull();
    expect(compositeGrade({ frequency: null, severity: null })).toBeNull();
    expect(compositeGrade({ severity: null })).toBeNull();
    expect(compositeGrade({ amount: null })).toBeNull();
    expect(compositeGrade({ severity: undefined, interference: 2 })).toBeNull();
  });

  it("a follow-up missing after a non-zero first answer", () => {
    expect(compositeGrade({ frequency: 4, severity: null })).toBeNull();
    expect(compositeGrade({ frequency: 3, severity: 3, interference: null })).toBeNull();
    expect(compositeGrade({ frequency: 3, severity: null, interference: 3 })).toBeNull();
    expect(compositeGrade({ severity: 4, interference: null })).toBeNull();
  });
});

describe("bad input", () => {
  it.each([
    { severity: 5 },
    { severity: -1 },
    { severity: 1.5 },
    { severity: Number.NaN },
    { frequency: 2, severity: 7 },
    { frequency: 0, severity: 9 },
    { amount: 5 },
  ])("rejects out-of-range answer %o with RangeError", (answers) => {
    expect(() => compositeGrade(answers)).toThrow(RangeError);
  });

  it("rejects attribute sets no published table covers", () => {
    expect(() => compositeGrade({})).toThrow(TypeError);
    expect(() => compositeGrade({ interference: 1, amount: 1 })).toThrow(TypeError);
    expect(() => compositeGrade({ frequency: 1, amount: 1 })).toThrow(TypeError);
  });
});

describe("gradeSymptom", () => {
  it("uses the item's own table", () => {
    // Same digits, different tables: nausea is freq_sev, abdominal pain freq_sev_int.
    expect(gradeSymptom("nausea", { frequency: 2, severity: 2 })).toBe(2);
    expect(gradeSymptom("heartburn", { frequency: 2, severity: 1 })).toBe(1);
    expect(gradeSymptom("abdominal_pain", { frequency: 1, severity: 0, interference: 0 })).toBe(0);
    expect(gradeSymptom("fatigue", { severity: 2, interference: 4 })).toBe(3);
    expect(gradeSymptom("diarrhoea", { frequency: 4 })).toBe(3);
    expect(gradeSymptom("hair_loss", { amount: 3 })).toBe(2);
    expect(gradeSymptom("constipation", { severity: 3 })).toBe(3);
  });

  it("treats an attribute the item asks but the patient skipped as missing", () => {
    expect(gradeSymptom("nausea", { frequency: 3 })).toBeNull();
    expect(gradeSymptom("nausea", {})).toBeNull();
    expect(gradeSymptom("nausea", { frequency: 0 })).toBe(0);
  });

  it("ignores attributes the item does not ask", () => {
    expect(gradeSymptom("constipation", { severity: 1, frequency: 4 })).toBe(1);
  });

  it("gives null for presence items", () => {
    expect(gradeSymptom("rash", { presence: 1 })).toBeNull();
    expect(gradeSymptom("bruising", { presence: 1 })).toBeNull();
  });

  it("rejects out-of-range answers", () => {
    expect(() => gradeSymptom("cough", { severity: 5, interference: 1 })).toThrow(RangeError);
  });
});
