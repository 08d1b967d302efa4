import { describe, expect, it } from "vitest";
import { isGradedItem, SYMPTOM_ITEMS } from "../grading/items";
import { FALLBACK_HOSPITAL_LINE, formatDuration, patientAdvice, SELF_CARE_ADVICE } from "./advice";
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

describe("patientAdvice in the patient's language", () => {
  it("says the response target with each language's plural rules", () => {
    const within = (minutes: number, locale: "es" | "ca" | "nl") =>
      patientAdvice(
        triage({ grades: [{ symptom: "cough", grade: 2 }] }, resolveTriageSettings({ amberResponseMinutes: minutes })),
        { hospitalLine: line, locale },
      ).body[0];
    expect(within(60, "es")).toBe(
      "Un miembro de su equipo asistencial se pondrá en contacto con usted en un plazo de 1 hora.",
    );
    expect(within(90, "es")).toContain("en un plazo de 1 hora y 30 minutos.");
    expect(within(150, "ca")).toContain("en un termini de 2 hores i 30 minuts.");
    expect(within(61, "nl")).toBe("Iemand van uw zorgteam neemt binnen 1 uur en 1 minuut contact met u op.");
    expect(within(120, "nl")).toContain("binnen 2 uur contact");
  });

  it("names each symptom in the language's wording in a green report's self-care", () => {
    const advice = patientAdvice(triage({ grades: [{ symptom: "nausea", grade: 1 }] }), {
      hospitalLine: line,
      locale: "ca",
    });
    expect(advice.headline).toBe("Gràcies. Les respostes no requereixen una actuació urgent");
    expect(advice.body[0]).toMatch(/^Nàusees \(ganes de vomitar\): Faci àpats petits sovint/);
    expect(advice.body.at(-1)).toContain(line);
  });

  it("writes the fallback line in the patient's language too", () => {
    const advice = patientAdvice(triage({ temperatureC: 38.2 }), {
      hospitalLine: FALLBACK_HOSPITAL_LINE,
      locale: "nl",
    });
    expect(advice.body[0]).toBe(
      "Bel nu de 24-uurslijn op het nummer op uw chemotherapie-alarmkaart. Wacht niet tot wij u bellen.",
    );
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
