/**
 * The core PRO-CTCAE item set a chemotherapy patient answers (spec section 1).
 *
 * PRO-CTCAE always asks about the last 7 days. Each symptom has one to three attributes, asked in a
 * fixed order; when the first answer is 0 ("Never", "None", "Not at all") the form skips the rest.
 * Item numbers are the NCI PRO-CTCAE numbers so exported data can be matched to the library.
 */
import englishWording from "./wording/en.json";

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
export const ANSWER_SCALES: Readonly<Record<Attribute, readonly string[]>> = englishWording.answerScales;

/**
 * The wording the patient reads, English as shipped (wording/en.json). The symptom is in capitals
 * and severity asks about the WORST moment, as PRO-CTCAE does, so answers stay comparable with
 * published data. Other languages' wording is in wording/<language>.json (lib/grading/wording.ts).
 */
const EN = englishWording.items;

/** The 24 core items, in the order the form asks them. */
export const SYMPTOM_ITEMS: readonly SymptomItem[] = [
  {
    code: "mouth_sores",
    itemNumber: 3,
    label: EN.mouth_sores.label,
    shortLabel: "Mouth or throat sores",
    attributes: ["severity", "interference"],
    questions: EN.mouth_sores.questions,
  },
  {
    code: "difficulty_swallowing",
    itemNumber: 2,
    label: EN.difficulty_swallowing.label,
    shortLabel: "Difficulty swallowing",
    attributes: ["severity"],
    questions: EN.difficulty_swallowing.questions,
  },
  {
    code: "taste_changes",
    itemNumber: 7,
    label: EN.taste_changes.label,
    shortLabel: "Taste changes",
    attributes: ["severity"],
    questions: EN.taste_changes.questions,
  },
  {
    code: "decreased_appetite",
    itemNumber: 8,
    label: EN.decreased_appetite.label,
    shortLabel: "Decreased appetite",
    attributes: ["severity", "interference"],
    questions: EN.decreased_appetite.questions,
  },
  {
    code: "nausea",
    itemNumber: 9,
    label: EN.nausea.label,
    shortLabel: "Nausea",
    attributes: ["frequency", "severity"],
    questions: EN.nausea.questions,
  },
  {
    code: "vomiting",
    itemNumber: 10,
    label: EN.vomiting.label,
    shortLabel: "Vomiting",
    attributes: ["frequency", "severity"],
    questions: EN.vomiting.questions,
  },
  {
    code: "heartburn",
    itemNumber: 11,
    label: EN.heartburn.label,
    shortLabel: "Heartburn",
    attributes: ["frequency", "severity"],
    questions: EN.heartburn.questions,
  },
  {
    code: "constipation",
    itemNumber: 15,
    label: EN.constipation.label,
    shortLabel: "Constipation",
    attributes: ["severity"],
    questions: EN.constipation.questions,
  },
  {
    code: "diarrhoea",
    itemNumber: 16,
    label: EN.diarrhoea.label,
    shortLabel: "Diarrhoea",
    attributes: ["frequency"],
    questions: EN.diarrhoea.questions,
  },
  {
    code: "abdominal_pain",
    itemNumber: 17,
    label: EN.abdominal_pain.label,
    shortLabel: "Abdominal pain",
    attributes: ["frequency", "severity", "interference"],
    questions: EN.abdominal_pain.questions,
  },
  {
    code: "shortness_of_breath",
    itemNumber: 19,
    label: EN.shortness_of_breath.label,
    shortLabel: "Shortness of breath",
    attributes: ["severity", "interference"],
    questions: EN.shortness_of_breath.questions,
  },
  {
    code: "cough",
    itemNumber: 20,
    label: EN.cough.label,
    shortLabel: "Cough",
    attributes: ["severity", "interference"],
    questions: EN.cough.questions,
  },
  {
    code: "rash",
    itemNumber: 24,
    label: EN.rash.label,
    shortLabel: "Rash",
    attributes: ["presence"],
    questions: EN.rash.questions,
  },
  {
    code: "itchy_skin",
    itemNumber: 28,
    label: EN.itchy_skin.label,
    shortLabel: "Itchy skin",
    attributes: ["severity"],
    questions: EN.itchy_skin.questions,
  },
  {
    code: "hair_loss",
    itemNumber: 27,
    label: EN.hair_loss.label,
    shortLabel: "Hair loss",
    attributes: ["amount"],
    questions: EN.hair_loss.questions,
  },
  {
    code: "hand_foot",
    itemNumber: 30,
    label: EN.hand_foot.label,
    shortLabel: "Hand-foot syndrome",
    attributes: ["severity"],
    questions: EN.hand_foot.questions,
  },
  {
    code: "numbness_tingling",
    itemNumber: 39,
    label: EN.numbness_tingling.label,
    shortLabel: "Numbness or tingling",
    attributes: ["severity", "interference"],
    questions: EN.numbness_tingling.questions,
  },
  {
    code: "general_pain",
    itemNumber: 48,
    label: EN.general_pain.label,
    shortLabel: "Pain",
    attributes: ["frequency", "severity", "interference"],
    questions: EN.general_pain.questions,
  },
  {
    code: "insomnia",
    itemNumber: 52,
    label: EN.insomnia.label,
    shortLabel: "Insomnia",
    attributes: ["severity", "interference"],
    questions: EN.insomnia.questions,
  },
  {
    code: "fatigue",
    itemNumber: 53,
    label: EN.fatigue.label,
    shortLabel: "Fatigue",
    attributes: ["severity", "interference"],
    questions: EN.fatigue.questions,
  },
  {
    code: "anxiety",
    itemNumber: 54,
    label: EN.anxiety.label,
    shortLabel: "Anxiety",
    attributes: ["frequency", "severity", "interference"],
    questions: EN.anxiety.questions,
  },
  {
    code: "sadness",
    itemNumber: 56,
    label: EN.sadness.label,
    shortLabel: "Sad or unhappy feelings",
    attributes: ["frequency", "severity", "interference"],
    questions: EN.sadness.questions,
  },
  {
    code: "bruising",
    itemNumber: 73,
    label: EN.bruising.label,
    shortLabel: "Bruising",
    attributes: ["presence"],
    questions: EN.bruising.questions,
  },
  {
    code: "shaking_chills",
    itemNumber: 74,
    label: EN.shaking_chills.label,
    shortLabel: "Shaking chills",
    attributes: ["frequency", "severity"],
    questions: EN.shaking_chills.questions,
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
