import { describe, expect, it } from "vitest";
import { ANSWER_SCALES, isGradedItem, isSymptomCode, SYMPTOM_CODES, SYMPTOM_ITEMS, symptomItem } from "./items";

describe("symptom catalogue", () => {
  it("has the 24 core items with unique codes and item numbers", () => {
    expect(SYMPTOM_ITEMS).toHaveLength(24);
    expect(new Set(SYMPTOM_CODES).size).toBe(24);
    expect(new Set(SYMPTOM_ITEMS.map((item) => item.itemNumber)).size).toBe(24);
  });

  it("matches the spec's item numbers and attributes", () => {
    const summary = Object.fromEntries(
      SYMPTOM_ITEMS.map((item) => [item.code, `${item.itemNumber}:${item.attributes.join(",")}`]),
    );
    expect(summary).toEqual({
      mouth_sores: "3:severity,interference",
      difficulty_swallowing: "2:severity",
      taste_changes: "7:severity",
      decreased_appetite: "8:severity,interference",
      nausea: "9:frequency,severity",
      vomiting: "10:frequency,severity",
      heartburn: "11:frequency,severity",
      constipation: "15:severity",
      diarrhoea: "16:frequency",
      abdominal_pain: "17:frequency,severity,interference",
      shortness_of_breath: "19:severity,interference",
      cough: "20:severity,interference",
      rash: "24:presence",
      itchy_skin: "28:severity",
      hair_loss: "27:amount",
      hand_foot: "30:severity",
      numbness_tingling: "39:severity,interference",
      general_pain: "48:frequency,severity,interference",
      insomnia: "52:severity,interference",
      fatigue: "53:severity,interference",
      anxiety: "54:frequency,severity,interference",
      sadness: "56:frequency,severity,interference",
      bruising: "73:presence",
      shaking_chills: "74:frequency,severity",
    });
  });

  it("has exactly one last-7-days question per attribute asked", () => {
    for (const item of SYMPTOM_ITEMS) {
      expect(Object.keys(item.questions).sort(), item.code).toEqual([...item.attributes].sort());
      for (const question of Object.values(item.questions)) {
        expect(question).toMatch(/^In the last 7 days, .+\?$/);
      }
    }
  });

  it("words questions in the PRO-CTCAE style", () => {
    expect(symptomItem("nausea").questions.frequency).toBe("In the last 7 days, how OFTEN did you have NAUSEA?");
    expect(symptomItem("nausea").questions.severity).toBe(
      "In the last 7 days, what was the SEVERITY of your NAUSEA at its WORST?",
    );
    expect(symptomItem("fatigue").questions.interference).toBe(
      "In the last 7 days, how much did FATIGUE, TIREDNESS, OR LACK OF ENERGY INTERFERE with your usual or daily activities?",
    );
  });

  it("labels answers 0-4, presence No/Yes", () => {
    expect(ANSWER_SCALES.frequency).toEqual(["Never", "Rarely", "Occasionally", "Frequently", "Almost constantly"]);
    expect(ANSWER_SCALES.severity[4]).toBe("Very severe");
    expect(ANSWER_SCALES.interference[0]).toBe("Not at all");
    expect(ANSWER_SCALES.amount[3]).toBe("Quite a bit");
    expect(ANSWER_SCALES.presence).toEqual(["No", "Yes"]);
  });

  it("grades everything except the presence items", () => {
    const ungraded = SYMPTOM_ITEMS.filter((item) => !isGradedItem(item)).map((item) => item.code);
    expect(ungraded).toEqual(["rash", "bruising"]);
  });

  it("looks items up by code and rejects unknown codes", () => {
    expect(symptomItem("hand_foot").itemNumber).toBe(30);
    expect(isSymptomCode("mouth_sores")).toBe(true);
    expect(isSymptomCode("fever")).toBe(false);
    expect(isSymptomCode("toString")).toBe(false);
    expect(() => symptomItem("fever" as never)).toThrow(RangeError);
  });
});
