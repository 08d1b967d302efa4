import { describe, expect, it } from "vitest";
import { SYMPTOM_CODES } from "../grading/items";
import {
  AGENT_USUAL_SYMPTOMS,
  CORE_USUAL_SYMPTOMS,
  DEFAULT_EXTRA_SYMPTOMS,
  knownAgentsOf,
  usualAnswersFrom,
  usualSymptomsFor,
} from "./usual-symptoms";

const TCH = {
  regimen: "TCH (docetaxel, carboplatin, trastuzumab)",
  drugs: ["docetaxel", "carboplatin", "trastuzumab"],
};

describe("the symptoms asked first", () => {
  it("are the core and each agent's own, in the form's order, once each", () => {
    expect(usualSymptomsFor(TCH)).toEqual([
      "mouth_sores",
      "nausea",
      "vomiting",
      "diarrhoea",
      "shortness_of_breath",
      "numbness_tingling",
      "general_pain",
      "fatigue",
      "bruising",
      "shaking_chills",
    ]);
  });

  it("are the core and the default set without a plan, or when no agent of it is known", () => {
    const fallback = SYMPTOM_CODES.filter((c) => CORE_USUAL_SYMPTOMS.includes(c) || DEFAULT_EXTRA_SYMPTOMS.includes(c));
    expect(usualSymptomsFor(null)).toEqual(fallback);
    expect(usualSymptomsFor({ regimen: "Trial drug XY-123", drugs: ["xy-123"] })).toEqual(fallback);
  });

  it("always include the core, and ask fewer than all 24 for every agent known", () => {
    for (const agent of Object.keys(AGENT_USUAL_SYMPTOMS)) {
      const usual = usualSymptomsFor({ regimen: agent, drugs: [agent] });
      for (const core of CORE_USUAL_SYMPTOMS) expect(usual).toContain(core);
      expect(usual.length).toBeLessThan(SYMPTOM_CODES.length / 2);
    }
  });

  it("name agents whatever their case or spacing, and read the regimen's name when no drug is known", () => {
    expect(knownAgentsOf({ regimen: "", drugs: [" Docetaxel ", "CARBOPLATIN"] })).toEqual(["docetaxel", "carboplatin"]);
    expect(knownAgentsOf({ regimen: "CAPOX (capecitabine, oxaliplatin)", drugs: ["Xeloda"] })).toEqual([
      "oxaliplatin",
      "capecitabine",
    ]);
    expect(knownAgentsOf({ regimen: "Carboplatin and paclitaxel", drugs: [] })).toEqual(["paclitaxel", "carboplatin"]);
  });

  it("name only codes the form asks", () => {
    for (const codes of Object.values(AGENT_USUAL_SYMPTOMS)) for (const c of codes) expect(SYMPTOM_CODES).toContain(c);
  });
});

describe("'Same as my last report'", () => {
  it("takes the usual symptoms the last report answered, with their follow-ups, and nothing else", () => {
    const last = {
      nausea: { frequency: 2, severity: 1 },
      hair_loss: { amount: 3 },
      fatigue: { severity: 0 },
    };
    expect(usualAnswersFrom(last, ["nausea", "fatigue", "vomiting"])).toEqual({
      nausea: { frequency: 2, severity: 1 },
      fatigue: { severity: 0 },
    });
  });

  it("leaves a symptom whose first question was not answered", () => {
    expect(usualAnswersFrom({ nausea: { severity: 2 } }, ["nausea"])).toEqual({});
  });
});
