import { describe, expect, it } from "vitest";
import { LOCALES } from "../i18n/locales";
import { ANSWER_SCALES, SYMPTOM_ITEMS } from "./items";
import { INSTRUMENT_WORDING, isValidatedWording, itemsIn } from "./wording";

describe("the instrument's wording in each language", () => {
  for (const locale of LOCALES) {
    it(`${locale} words every item and every question the instrument asks, and nothing else`, () => {
      const wording = INSTRUMENT_WORDING[locale];
      expect(wording.language).toBe(locale);
      expect(Object.keys(wording.items).sort()).toEqual(SYMPTOM_ITEMS.map((i) => i.code).sort());
      for (const item of SYMPTOM_ITEMS) {
        const worded = wording.items[item.code];
        expect(worded.label.trim(), item.code).not.toBe("");
        expect(Object.keys(worded.questions).sort(), item.code).toEqual([...item.attributes].sort());
        for (const question of Object.values(worded.questions)) expect(question?.trim()).not.toBe("");
      }
      for (const [attribute, labels] of Object.entries(ANSWER_SCALES)) {
        expect(wording.answerScales[attribute as keyof typeof ANSWER_SCALES]).toHaveLength(labels.length);
      }
    });
  }

  it("marks only the English shipped with the app as the validated wording", () => {
    expect(LOCALES.filter(isValidatedWording)).toEqual(["en"]);
  });

  it("keeps the items' codes and order in every language", () => {
    expect(itemsIn("nl").map((i) => i.code)).toEqual(SYMPTOM_ITEMS.map((i) => i.code));
    expect(itemsIn("es").find((i) => i.code === "nausea")?.label).toBe("Náuseas (ganas de vomitar)");
  });
});
