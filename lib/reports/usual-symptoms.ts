/**
 * Which PRO-CTCAE items a patient is asked first: the symptoms their treatment usually brings. The
 * rest of the 24 items stay one question away ("Anything else bothering you today?"), so a patient
 * on a phone answers a handful of questions on most days instead of all 24.
 *
 * The sets follow the agents' common toxicities (spec section 1 and the agents' summaries of product
 * characteristics): what every cytotoxic regimen can bring is always asked, each agent adds its own.
 */
import { type Attribute, SYMPTOM_CODES, type SymptomCode, symptomItem } from "../grading/items";

/**
 * Asked of everyone on chemotherapy: the gut (nausea, vomiting, diarrhoea), tiredness, and shaking
 * or chills, the patient's sign of an infection while their blood counts are low.
 */
export const CORE_USUAL_SYMPTOMS: readonly SymptomCode[] = [
  "nausea",
  "vomiting",
  "diarrhoea",
  "fatigue",
  "shaking_chills",
];

/** What is asked besides the core when the plan is unknown: no plan, or no agent we know. */
export const DEFAULT_EXTRA_SYMPTOMS: readonly SymptomCode[] = ["mouth_sores", "decreased_appetite"];

/** An agent's own usual symptoms, beyond the core; agents by their generic name, in lower case. */
export const AGENT_USUAL_SYMPTOMS: Readonly<Record<string, readonly SymptomCode[]>> = {
  // Taxanes: nerve damage builds up cycle after cycle; mouth sores and aches.
  docetaxel: ["numbness_tingling", "mouth_sores", "general_pain"],
  paclitaxel: ["numbness_tingling", "general_pain"],
  // Platinum: carboplatin lowers platelets; cisplatin and oxaliplatin damage nerves.
  carboplatin: ["bruising"],
  cisplatin: ["numbness_tingling", "decreased_appetite"],
  oxaliplatin: ["numbness_tingling"],
  // Fluoropyrimidines: sore mouth; capecitabine's hand-foot syndrome.
  fluorouracil: ["mouth_sores"],
  capecitabine: ["hand_foot", "mouth_sores"],
  // Anthracyclines and alkylators: sore mouth.
  epirubicin: ["mouth_sores"],
  doxorubicin: ["mouth_sores"],
  cyclophosphamide: ["mouth_sores"],
  // Antimetabolites and others.
  pemetrexed: ["mouth_sores", "rash"],
  gemcitabine: ["shortness_of_breath", "rash"],
  etoposide: ["mouth_sores", "bruising"],
  irinotecan: ["abdominal_pain"],
  vincristine: ["numbness_tingling", "constipation"],
  // Antibodies: trastuzumab can weaken the heart (breathlessness); rituximab infusion reactions.
  trastuzumab: ["shortness_of_breath"],
  pertuzumab: ["rash"],
  rituximab: ["rash"],
  // Folinic acid and prednisolone bring no symptom of their own to ask about.
  "folinic acid": [],
  prednisolone: ["insomnia"],
};

const KNOWN_AGENTS = Object.keys(AGENT_USUAL_SYMPTOMS);

/** What the usual symptoms are worked out from: the current plan's regimen name and agents. */
export type PlanAgents = { regimen: string; drugs: readonly string[] };

/**
 * The agents of a plan we know, by generic name: those of `drugs`, and, when none of them is known
 * (a brand name, a misspelling), those the regimen's name spells out ("TCH (docetaxel, ...)").
 */
export function knownAgentsOf(plan: PlanAgents): string[] {
  const named = plan.drugs.map((d) => d.trim().toLowerCase()).filter((d) => KNOWN_AGENTS.includes(d));
  if (named.length > 0) return [...new Set(named)];
  const regimen = plan.regimen.toLowerCase();
  return KNOWN_AGENTS.filter((agent) => new RegExp(`\\b${agent}\\b`).test(regimen));
}

/**
 * The symptoms asked first, in the form's order: the core, and each known agent's own; the core and
 * a default set when there is no plan or no agent of it is known.
 */
export function usualSymptomsFor(plan: PlanAgents | null): SymptomCode[] {
  const agents = plan ? knownAgentsOf(plan) : [];
  const wanted = new Set<SymptomCode>(CORE_USUAL_SYMPTOMS);
  const extras = agents.length > 0 ? agents.flatMap((a) => AGENT_USUAL_SYMPTOMS[a]) : DEFAULT_EXTRA_SYMPTOMS;
  for (const code of extras) wanted.add(code);
  return SYMPTOM_CODES.filter((code) => wanted.has(code));
}

/** Answers by symptom, then attribute, as the questionnaire holds them. */
export type AnswersBySymptom = Partial<Record<SymptomCode, Partial<Record<Attribute, number>>>>;

/**
 * The usual symptoms' answers of the last report, for "Same as my last report": only the symptoms
 * asked first today, and only those the last report answered (a symptom it skipped stays empty).
 */
export function usualAnswersFrom(last: AnswersBySymptom, usual: readonly SymptomCode[]): AnswersBySymptom {
  const filled: AnswersBySymptom = {};
  for (const code of usual) {
    const given = last[code];
    const first = symptomItem(code).attributes[0];
    if (given?.[first] === undefined) continue;
    filled[code] = { ...given };
  }
  return filled;
}

/** The patient's latest report, for "Same as my last report": its date as shown, and its answers. */
export type LastReport = { reportedOn: string; answers: AnswersBySymptom };

/** What the questionnaire asks first, and what it may offer to fill in from. */
export type QuestionnaireSymptoms = {
  /** The symptoms the patient's treatment usually brings, in the form's order. */
  usual: readonly SymptomCode[];
  lastReport: LastReport | null;
};
