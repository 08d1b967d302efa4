/**
 * The codes the FHIR API speaks. PRO-CTCAE questions and answers follow the code shapes of the
 * German Medical Informatics Initiative's PRO module (`proctcae-48a-frq` for item 48's first
 * attribute, frequency; `proctcae-frequency-3` for its answer "Frequently"), so that a mapping to
 * that module is a change of system, not of codes. They are published under our own CodeSystem
 * (lib/fhir/code-system.ts) because that module is not yet a released package whose canonical URL
 * and presence/amount codes we could check against; our resources must not claim a system's codes
 * that we cannot verify.
 */
import { ANSWER_SCALES, type Attribute, SYMPTOM_ITEMS, type SymptomItem } from "../grading/items";

/** The canonical base of what this server defines (code systems, the questionnaire). */
export const CANONICAL_BASE = "https://fhir.serums-oncology.example";
export const PRO_CTCAE_SYSTEM = `${CANONICAL_BASE}/CodeSystem/pro-ctcae`;
export const ALERT_LEVEL_SYSTEM = `${CANONICAL_BASE}/CodeSystem/alert-level`;
export const RED_FLAG_SYSTEM = `${CANONICAL_BASE}/CodeSystem/red-flag`;
export const HOSPITAL_NUMBER_SYSTEM = `${CANONICAL_BASE}/NamingSystem/hospital-number`;
/** A report's identifier: the idempotency key its sender chose (If-None-Exist: identifier=<key>). */
export const REPORT_KEY_SYSTEM = `${CANONICAL_BASE}/NamingSystem/report-key`;
export const QUESTIONNAIRE_ID = "pro-ctcae-core";
export const QUESTIONNAIRE_URL = `${CANONICAL_BASE}/Questionnaire/${QUESTIONNAIRE_ID}`;
export const CODE_SYSTEM_ID = "pro-ctcae";

export const LOINC = "http://loinc.org";
export const UCUM = "http://unitsofmeasure.org";
/** LOINC Body temperature. */
export const BODY_TEMPERATURE = "8310-5";
export const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

/** The MII abbreviation of each attribute in a question code. */
const ABBREVIATION: Record<Attribute, string> = {
  frequency: "frq",
  severity: "sev",
  interference: "int",
  amount: "amt",
  presence: "prs",
};

/** The item's group code: `proctcae-48`. */
export const itemCode = (item: SymptomItem): string => `proctcae-${item.itemNumber}`;

/** The question code of one attribute of an item: `proctcae-48a-frq` (a, b, c in the order asked). */
export function questionCode(item: SymptomItem, attribute: Attribute): string {
  const index = item.attributes.indexOf(attribute);
  if (index < 0) throw new RangeError(`${item.code} does not ask ${attribute}`);
  return `${itemCode(item)}${String.fromCharCode(97 + index)}-${ABBREVIATION[attribute]}`;
}

/** The code of an answer: `proctcae-frequency-3`. */
export const answerCode = (attribute: Attribute, value: number): string => `proctcae-${attribute}-${value}`;

/** The code of an item's composite grade (0-3): `proctcae-48-grade`. */
export const gradeCode = (item: SymptomItem): string => `${itemCode(item)}-grade`;

type QuestionRef = { item: SymptomItem; attribute: Attribute };
const QUESTIONS: ReadonlyMap<string, QuestionRef> = new Map(
  SYMPTOM_ITEMS.flatMap((item) =>
    item.attributes.map((attribute) => [questionCode(item, attribute), { item, attribute }]),
  ),
);
const GRADES: ReadonlyMap<string, SymptomItem> = new Map(SYMPTOM_ITEMS.map((item) => [gradeCode(item), item]));

/** The item and attribute a question code names, or null. */
export const questionOf = (code: string): QuestionRef | null => QUESTIONS.get(code) ?? null;

/** The item whose composite grade a code names, or null. */
export const gradedItemOf = (code: string): SymptomItem | null => GRADES.get(code) ?? null;

/** The answer value an answer code gives for `attribute`, or null when it is not one of its codes. */
export function answerValueOf(attribute: Attribute, code: string): number | null {
  const match = /^proctcae-([a-z]+)-(\d)$/.exec(code);
  if (!match || match[1] !== attribute) return null;
  const value = Number(match[2]);
  return value < answerCount(attribute) ? value : null;
}

/** How many answers the attribute's scale has. */
export const answerCount = (attribute: Attribute): number => ANSWER_SCALES[attribute].length;
