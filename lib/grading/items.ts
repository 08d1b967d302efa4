/**
 * The core PRO-CTCAE item set a chemotherapy patient answers (spec section 1).
 *
 * PRO-CTCAE always asks about the last 7 days. Each symptom has one to three attributes, asked in a
 * fixed order; when the first answer is 0 ("Never", "None", "Not at all") the form skips the rest.
 * Item numbers are the NCI PRO-CTCAE numbers so exported data can be matched to the library.
 */

/** Something the patient is asked about a symptom. */
export type Attribute = "frequency" | "severity" | "interference" | "amount" | "presence";

/** Attributes that feed the composite grade; presence (yes/no) items are not graded. */
export type GradedAttribute = Exclude<Attribute, "presence">;

/** Stable code for a symptom: stored in the database and used in URLs and the API. */
export type SymptomCode =
  | "mouth_sores"
  | "difficulty_swallowing"
  | "taste_changes"
  | "decreased_appetite"
  | "nausea"
  | "vomiting"
  | "heartburn"
  | "constipation"
  | "diarrhoea"
  | "abdominal_pain"
  | "shortness_of_breath"
  | "cough"
  | "rash"
  | "itchy_skin"
  | "hair_loss"
  | "hand_foot"
  | "numbness_tingling"
  | "general_pain"
  | "insomnia"
  | "fatigue"
  | "anxiety"
  | "sadness"
  | "bruising"
  | "shaking_chills";

/** One PRO-CTCAE symptom item as the patient sees it. */
export interface SymptomItem {
  readonly code: SymptomCode;
  /** NCI PRO-CTCAE item number. */
  readonly itemNumber: number;
  /** Patient-facing name, as on the form. */
  readonly label: string;
  /** Short name for clinician lists and alert reasons ("Fatigue grade 3"). */
  readonly shortLabel: string;
  /** Attributes in the order they are asked; the first one drives the skip logic. */
  readonly attributes: readonly Attribute[];
  /** Patient-facing question for each attribute the item asks. */
  readonly questions: Readonly<Partial<Record<Attribute, string>>>;
}

/** A symptom item that gets a composite grade (every attribute is 0-4). */
export type GradedSymptomItem = SymptomItem & { readonly attributes: readonly GradedAttribute[] };

/** Answer labels per attribute; the index is the stored value (0-4, presence 0-1). */
export const ANSWER_SCALES = {
  frequency: ["Never", "Rarely", "Occasionally", "Frequently", "Almost constantly"],
  severity: ["None", "Mild", "Moderate", "Severe", "Very severe"],
  interference: ["Not at all", "A little bit", "Somewhat", "Quite a bit", "Very much"],
  amount: ["Not at all", "A little bit", "Somewhat", "Quite a bit", "Very much"],
  presence: ["No", "Yes"],
} as const satisfies Record<Attribute, readonly string[]>;

const LAST_7_DAYS = "In the last 7 days,";
const INSOMNIA = "INSOMNIA (INCLUDING DIFFICULTY FALLING ASLEEP, STAYING ASLEEP, OR WAKING UP EARLY)";

// The wording follows the PRO-CTCAE pattern so answers stay comparable with published data:
// the symptom is in capitals, severity asks about the WORST moment.
function often(symptom: string): string {
  return `${LAST_7_DAYS} how OFTEN did you have ${symptom}?`;
}
function worst(symptom: string, pronoun: "its" | "their" = "its"): string {
  return `${LAST_7_DAYS} what was the SEVERITY of your ${symptom} at ${pronoun} WORST?`;
}
function interfere(symptom: string): string {
  return `${LAST_7_DAYS} how much did ${symptom} INTERFERE with your usual or daily activities?`;
}

/** The 24 core items, in the order the form asks them. */
export const SYMPTOM_ITEMS: readonly SymptomItem[] = [
  {
    code: "mouth_sores",
    itemNumber: 3,
    label: "Mouth or throat sores",
    shortLabel: "Mouth or throat sores",
    attributes: ["severity", "interference"],
    questions: {
      severity: worst("MOUTH OR THROAT SORES", "their"),
      interference: interfere("MOUTH OR THROAT SORES"),
    },
  },
  {
    code: "difficulty_swallowing",
    itemNumber: 2,
    label: "Difficulty swallowing",
    shortLabel: "Difficulty swallowing",
    attributes: ["severity"],
    questions: { severity: worst("DIFFICULTY SWALLOWING") },
  },
  {
    code: "taste_changes",
    itemNumber: 7,
    label: "Problems with tasting food or drink",
    shortLabel: "Taste changes",
    attributes: ["severity"],
    questions: { severity: worst("PROBLEMS WITH TASTING FOOD OR DRINK", "their") },
  },
  {
    code: "decreased_appetite",
    itemNumber: 8,
    label: "Decreased appetite",
    shortLabel: "Decreased appetite",
    attributes: ["severity", "interference"],
    questions: {
      severity: worst("DECREASED APPETITE"),
      interference: interfere("DECREASED APPETITE"),
    },
  },
  {
    code: "nausea",
    itemNumber: 9,
    label: "Nausea (feeling sick)",
    shortLabel: "Nausea",
    attributes: ["frequency", "severity"],
    questions: { frequency: often("NAUSEA"), severity: worst("NAUSEA") },
  },
  {
    code: "vomiting",
    itemNumber: 10,
    label: "Vomiting (being sick)",
    shortLabel: "Vomiting",
    attributes: ["frequency", "severity"],
    questions: { frequency: often("VOMITING"), severity: worst("VOMITING") },
  },
  {
    code: "heartburn",
    itemNumber: 11,
    label: "Heartburn",
    shortLabel: "Heartburn",
    attributes: ["frequency", "severity"],
    questions: { frequency: often("HEARTBURN"), severity: worst("HEARTBURN") },
  },
  {
    code: "constipation",
    itemNumber: 15,
    label: "Constipation",
    shortLabel: "Constipation",
    attributes: ["severity"],
    questions: { severity: worst("CONSTIPATION") },
  },
  {
    code: "diarrhoea",
    itemNumber: 16,
    label: "Diarrhoea (loose or watery stools)",
    shortLabel: "Diarrhoea",
    attributes: ["frequency"],
    questions: { frequency: often("LOOSE OR WATERY STOOLS (DIARRHOEA)") },
  },
  {
    code: "abdominal_pain",
    itemNumber: 17,
    label: "Pain in the abdomen (belly area)",
    shortLabel: "Abdominal pain",
    attributes: ["frequency", "severity", "interference"],
    questions: {
      frequency: often("PAIN IN THE ABDOMEN (BELLY AREA)"),
      severity: worst("PAIN IN THE ABDOMEN (BELLY AREA)"),
      interference: interfere("PAIN IN THE ABDOMEN (BELLY AREA)"),
    },
  },
  {
    code: "shortness_of_breath",
    itemNumber: 19,
    label: "Shortness of breath",
    shortLabel: "Shortness of breath",
    attributes: ["severity", "interference"],
    questions: {
      severity: worst("SHORTNESS OF BREATH"),
      interference: interfere("SHORTNESS OF BREATH"),
    },
  },
  {
    code: "cough",
    itemNumber: 20,
    label: "Cough",
    shortLabel: "Cough",
    attributes: ["severity", "interference"],
    questions: { severity: worst("COUGH"), interference: interfere("COUGH") },
  },
  {
    code: "rash",
    itemNumber: 24,
    label: "Rash",
    shortLabel: "Rash",
    attributes: ["presence"],
    questions: { presence: `${LAST_7_DAYS} did you have any RASH?` },
  },
  {
    code: "itchy_skin",
    itemNumber: 28,
    label: "Itchy skin",
    shortLabel: "Itchy skin",
    attributes: ["severity"],
    questions: { severity: worst("ITCHY SKIN") },
  },
  {
    code: "hair_loss",
    itemNumber: 27,
    label: "Hair loss",
    shortLabel: "Hair loss",
    attributes: ["amount"],
    questions: { amount: `${LAST_7_DAYS} did you have any HAIR LOSS?` },
  },
  {
    code: "hand_foot",
    itemNumber: 30,
    label: "Hand-foot syndrome (a rash of the hands or feet that can cause cracking, peeling, redness or pain)",
    shortLabel: "Hand-foot syndrome",
    attributes: ["severity"],
    questions: {
      severity: worst(
        "HAND-FOOT SYNDROME (A RASH OF THE HANDS OR FEET THAT CAN CAUSE CRACKING, PEELING, REDNESS OR PAIN)",
      ),
    },
  },
  {
    code: "numbness_tingling",
    itemNumber: 39,
    label: "Numbness or tingling in your hands or feet",
    shortLabel: "Numbness or tingling",
    attributes: ["severity", "interference"],
    questions: {
      severity: worst("NUMBNESS OR TINGLING IN YOUR HANDS OR FEET"),
      interference: interfere("NUMBNESS OR TINGLING IN YOUR HANDS OR FEET"),
    },
  },
  {
    code: "general_pain",
    itemNumber: 48,
    label: "Pain",
    shortLabel: "Pain",
    attributes: ["frequency", "severity", "interference"],
    questions: { frequency: often("PAIN"), severity: worst("PAIN"), interference: interfere("PAIN") },
  },
  {
    code: "insomnia",
    itemNumber: 52,
    label: "Insomnia (difficulty falling asleep, staying asleep, or waking up early)",
    shortLabel: "Insomnia",
    attributes: ["severity", "interference"],
    questions: {
      severity: worst(INSOMNIA),
      interference: interfere(INSOMNIA),
    },
  },
  {
    code: "fatigue",
    itemNumber: 53,
    label: "Fatigue, tiredness or lack of energy",
    shortLabel: "Fatigue",
    attributes: ["severity", "interference"],
    questions: {
      severity: worst("FATIGUE, TIREDNESS, OR LACK OF ENERGY"),
      interference: interfere("FATIGUE, TIREDNESS, OR LACK OF ENERGY"),
    },
  },
  {
    code: "anxiety",
    itemNumber: 54,
    label: "Anxiety",
    shortLabel: "Anxiety",
    attributes: ["frequency", "severity", "interference"],
    questions: {
      frequency: `${LAST_7_DAYS} how OFTEN did you feel ANXIETY?`,
      severity: worst("ANXIETY"),
      interference: interfere("ANXIETY"),
    },
  },
  {
    code: "sadness",
    itemNumber: 56,
    label: "Sad or unhappy feelings",
    shortLabel: "Sad or unhappy feelings",
    attributes: ["frequency", "severity", "interference"],
    questions: {
      frequency: often("SAD OR UNHAPPY FEELINGS"),
      severity: worst("SAD OR UNHAPPY FEELINGS", "their"),
      interference: interfere("SAD OR UNHAPPY FEELINGS"),
    },
  },
  {
    code: "bruising",
    itemNumber: 73,
    label: "Bruising easily (black and blue marks)",
    shortLabel: "Bruising",
    attributes: ["presence"],
    questions: { presence: `${LAST_7_DAYS} did you BRUISE EASILY (BLACK AND BLUE MARKS)?` },
  },
  {
    code: "shaking_chills",
    itemNumber: 74,
    label: "Shaking chills",
    shortLabel: "Shaking chills",
    attributes: ["frequency", "severity"],
    questions: { frequency: often("SHAKING CHILLS"), severity: worst("SHAKING CHILLS", "their") },
  },
];

const itemsByCode: ReadonlyMap<string, SymptomItem> = new Map(SYMPTOM_ITEMS.map((item) => [item.code, item]));

/** Every symptom code, in form order (handy for enums and exhaustive checks). */
export const SYMPTOM_CODES: readonly SymptomCode[] = SYMPTOM_ITEMS.map((item) => item.code);

/** True when `value` is one of the catalogue's symptom codes. */
export function isSymptomCode(value: unknown): value is SymptomCode {
  return typeof value === "string" && itemsByCode.has(value);
}

/**
 * Looks up a symptom item by its code.
 * @throws RangeError for a code not in the catalogue (a programming error: codes are validated).
 */
export function symptomItem(code: SymptomCode): SymptomItem {
  const item = itemsByCode.get(code);
  if (!item) throw new RangeError(`Unknown symptom code: ${String(code)}`);
  return item;
}

/** True when the item gets a composite grade; presence (yes/no) items such as rash do not. */
export function isGradedItem(item: SymptomItem): item is GradedSymptomItem {
  return !item.attributes.includes("presence");
}
