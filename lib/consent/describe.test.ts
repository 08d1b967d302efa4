import { describe, expect, test } from "vitest";
import { CATEGORY_REVEALS, categoryReveals, describeConsentRule } from "./describe";

const rule = {
  effect: "allow" as const,
  grantee: { name: "Breast Oncology" },
  categories: ["symptoms", "alerts", "treatment"],
  validUntil: new Date("2027-03-03T12:00:00Z"),
};

describe("a consent rule in the reader's words", () => {
  test("in English, as the sharing page always said it", () => {
    expect(describeConsentRule(rule)).toBe(
      "Breast Oncology can see your symptom reports, alerts about you and your treatment plan until 3 March 2027.",
    );
    expect(describeConsentRule({ ...rule, effect: "deny", categories: ["symptoms"], validUntil: null })).toBe(
      "Breast Oncology cannot see your symptom reports.",
    );
  });

  test("each language joins the parts its own way and writes the date its own way", () => {
    expect(describeConsentRule(rule, "es")).toBe(
      "Breast Oncology puede ver sus informes de síntomas, las alertas sobre usted y su plan de tratamiento hasta el 3 de marzo de 2027.",
    );
    expect(describeConsentRule(rule, "ca")).toBe(
      "Breast Oncology pot veure els vostres informes de símptomes, les alertes sobre vós i el vostre pla de tractament fins al 3 de març del 2027.",
    );
    expect(describeConsentRule({ ...rule, effect: "deny", categories: ["demographics", "symptoms"] }, "nl")).toBe(
      "Breast Oncology mag uw persoonsgegevens en uw klachtenmeldingen niet zien tot 3 maart 2027.",
    );
  });

  test("what each part shows, in every language, in the same order", () => {
    expect(CATEGORY_REVEALS.map((c) => c.name)).toEqual([
      "Symptom reports",
      "Alerts",
      "Treatment plan",
      "Personal details",
    ]);
    expect(categoryReveals("nl").map((c) => c.category)).toEqual(CATEGORY_REVEALS.map((c) => c.category));
    expect(categoryReveals("es")[0]).toMatchObject({ name: "Informes de síntomas" });
  });
});
