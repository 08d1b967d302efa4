import { describe, expect, it } from "vitest";
import { isGradedItem, SYMPTOM_ITEMS } from "../grading/items";
import { formatDuration, patientAdvice, SELF_CARE_ADVICE } from "./advice";
import { resolveTriageSettings, type TriageInput, triageReport } from "./rules";

const line = "0131 555 0100";

function triage(overrides: Partial<TriageInput>, settings = resolveTriageSettings()) {
  return triageReport(
    { grades: [], previousGrades: {}, temperatureC: null, redFlags: [], canWait: null, ...overrides },
    settings,
  );
}

describe("patientAdvice", () => {
  it("emergency: call 999 now", () => {
    const advice = patientAdvice(triage({ redFlags: ["chest_pain"] }), { hospitalLine: line });
    expect(advice.level).toBe("red");
    expect(advice.headline).toMatch(/^Call 999 now/);
    expect(advice.body[0]).toMatch(/^Call 999 now/);
    expect(advice.body.join(" ")).toContain(line);
  });

  it("red without emergency: call the hospital line now, not 999 first", () => {
    const advice = patientAdvice(triage({ temperatureC: 38.2 }), { hospitalLine: line });
    expect(advice.level).toBe("red");
    expect(advice.headline).toBe("Call the 24-hour line now");
    expect(advice.body[0]).toBe(`Please call the 24-hour line on ${line} now. Do not wait for us to call you.`);
  });

  it("amber: the care team will contact you within the target", () => {
    const advice = patientAdvice(triage({ grades: [{ symptom: "nausea", grade: 2 }] }), { hospitalLine: line });
    expect(advice.level).toBe("amber");
    expect(advice.body[0]).toBe("A member of your care team will contact you within 8 hours.");
    expect(advice.body[1]).toContain(line);
  });

  it("amber uses the organisation's target", () => {
    const settings = resolveTriageSettings({ amberResponseMinutes: 90 });
    const advice = patientAdvice(triage({ grades: [{ symptom: "cough", grade: 2 }] }, settings), {
      hospitalLine: line,
    });
    expect(advice.body[0]).toBe("A member of your care team will contact you within 1 hour 30 minutes.");
  });

  it("green: self-care for each grade 1-2 symptom, then when to call", () => {
    const result = triage({
      grades: [
        { symptom: "nausea", grade: 1 },
        { symptom: "fatigue", grade: 0 },
        { symptom: "constipation", grade: null },
        { symptom: "hair_loss", grade: 1 },
      ],
    });
    const advice = patientAdvice(result, { hospitalLine: line });
    expect(advice.level).toBe("green");
    expect(advice.body).toEqual([
      "Nausea: Eat small meals often, sip fluids, and take your anti-sickness medicine as prescribed.",
      `Hair loss: ${SELF_CARE_ADVICE.hair_loss}`,
      `If you get worse, or you are worried, call the 24-hour line on ${line}.`,
    ]);
  });

  it("green after a can-wait downgrade still gives the grade 2 symptom's self-care", () => {
    const settings = resolveTriageSettings({ canWaitDowngradesSingleAmber: true });
    const result = triage({ grades: [{ symptom: "diarrhoea", grade: 2 }], canWait: true }, settings);
    const advice = patientAdvice(result, { hospitalLine: line });
    expect(advice.level).toBe("green");
    expect(advice.body[0]).toBe(`Diarrhoea: ${SELF_CARE_ADVICE.diarrhoea}`);
  });

  it("has a self-care sentence for every graded symptom and none for presence items", () => {
    for (const item of SYMPTOM_ITEMS) {
      expect(Boolean(SELF_CARE_ADVICE[item.code]), item.code).toBe(isGradedItem(item));
    }
  });
});

describe("formatDuration", () => {
  it.each([
    [30, "30 minutes"],
    [1, "1 minute"],
    [60, "1 hour"],
    [480, "8 hours"],
    [90, "1 hour 30 minutes"],
    [121, "2 hours 1 minute"],
  ])("%i minutes is %s", (minutes, words) => {
    expect(formatDuration(minutes)).toBe(words);
  });
});
