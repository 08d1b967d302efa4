/**
 * Composite grade (0-3) for one PRO-CTCAE symptom, looked up in the published table.
 *
 * The grade is read from data, never computed by formula: the published table has quirks that a
 * formula would smooth away, and clinicians compare our grades with published studies.
 */
import { COMPOSITE_TABLES, type CompositeGrade, type CompositeTableName } from "./composite-table";
import { type Attribute, type GradedAttribute, isGradedItem, type SymptomCode, symptomItem } from "./items";

export type { CompositeGrade, CompositeTableName } from "./composite-table";

/** One answer as stored: 0-4 (index into the answer scale), or null when left unanswered. */
export type AnswerValue = number | null;

/**
 * The answers to one symptom item, with a key for every attribute the item asks.
 * A key that is present but null means "asked, not answered"; an absent key means "not asked".
 * Nausea is `{ frequency, severity }`, hair loss is `{ amount }`.
 */
export interface CompositeAnswers {
  frequency?: AnswerValue;
  severity?: AnswerValue;
  interference?: AnswerValue;
  amount?: AnswerValue;
}

/** Answers to any item keyed by attribute, as collected by the form (presence included). */
export type AnswersByAttribute = Partial<Record<Attribute, AnswerValue>>;

// Table keys list answers in this order: frequency, then severity, then interference or amount.
const KEY_ORDER: readonly GradedAttribute[] = ["frequency", "severity", "interference", "amount"];

function tableFor(asked: readonly GradedAttribute[]): CompositeTableName {
  switch (asked.join("+")) {
    case "frequency":
      return "freq";
    case "frequency+severity":
      return "freq_sev";
    case "frequency+interference":
      return "freq_int";
    case "frequency+severity+interference":
      return "freq_sev_int";
    case "severity":
      return "sev";
    case "severity+interference":
      return "sev_int";
    case "interference":
    case "amount":
      return "interference_or_amount";
    default:
      // No published table grades this combination, so any grade we made up would be unsafe.
      throw new TypeError(`No composite table for attributes: ${asked.join(", ") || "(none)"}`);
  }
}

function checkInRange(attribute: GradedAttribute, value: AnswerValue | undefined): void {
  if (value === null || value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > 4) {
    throw new RangeError(`${attribute} answer must be a whole number 0-4, got ${String(value)}`);
  }
}

/**
 * Composite grade for one symptom item's answers, exactly as the published table gives it.
 *
 * - The table is chosen by which keys are present (see {@link CompositeAnswers}).
 * - First answer 0 (frequency if asked, else severity, else interference/amount): grade 0, whatever
 *   follows, because the form skips the follow-ups and the published rule counts them as 0.
 * - First answer missing, or any follow-up missing after a non-zero first answer: null (missing,
 *   not 0), so a half-answered item never looks reassuring.
 *
 * @returns 0-3, or null when the grade cannot be given.
 * @throws RangeError when an answer is not a whole number 0-4 (callers validate input first).
 * @throws TypeError when the keys match no published table (e.g. no keys at all).
 */
export function compositeGrade(answers: CompositeAnswers): CompositeGrade | null {
  const asked = KEY_ORDER.filter((attribute) => attribute in answers);
  const table = COMPOSITE_TABLES[tableFor(asked)] as Readonly<Record<string, CompositeGrade>>;
  for (const attribute of asked) checkInRange(attribute, answers[attribute]);

  const values = asked.map((attribute) => answers[attribute] ?? null);
  const [first, ...followUps] = values;
  if (first === null) return null;
  if (first === 0) return 0;
  if (followUps.some((value) => value === null)) return null;

  const grade = table[values.join("")];
  // Every in-range combination with a non-zero first answer is in the table; the test suite checks
  // all 179 rows, so reaching this means the table data was damaged.
  if (grade === undefined) throw new Error(`Composite table has no row for ${values.join("")}`);
  return grade;
}

/**
 * Composite grade for a symptom from the form's answers. Only the attributes the item asks are
 * used; any it does not ask are ignored (input validation rejects those before this point).
 *
 * @returns 0-3, null when the grade cannot be given, and always null for presence (yes/no)
 *   items such as rash, which PRO-CTCAE does not composite-grade.
 * @throws RangeError for an unknown code or an out-of-range answer.
 */
export function gradeSymptom(code: SymptomCode, answersByAttribute: AnswersByAttribute): CompositeGrade | null {
  const item = symptomItem(code);
  if (!isGradedItem(item)) return null;
  const answers: CompositeAnswers = {};
  for (const attribute of item.attributes) answers[attribute] = answersByAttribute[attribute] ?? null;
  return compositeGrade(answers);
}
