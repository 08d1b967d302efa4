/**
 * A QuestionnaireResponse a patient's app sends, read into the report the device API takes
 * (lib/reports/validation.ts), so that it is validated, graded and triaged exactly as a device
 * report. Only this server's Questionnaire is answered; an unknown question, an answer that is not
 * one of the question's, or a question answered twice is refused, never ignored: a dropped answer
 * could hide a symptom from triage.
 */

import type { FieldError } from "../field-errors";
import { MAX_FIELD_ERRORS } from "../field-errors";
import { type Attribute, isSymptomCode, type SymptomCode, symptomItem } from "../grading/items";
import { isRedFlag } from "../triage/red-flags";
import { answerValueOf, PRO_CTCAE_SYSTEM, QUESTIONNAIRE_URL, questionCode, questionOf, RED_FLAG_SYSTEM } from "./codes";
import { LINK } from "./questionnaire";

/** The report as the device API's schema takes it, before validation. */
export type ReportPayload = {
  answers: Partial<Record<SymptomCode, Partial<Record<Attribute, number>>>>;
  temperatureC?: number;
  redFlags?: string[];
  canWait?: boolean;
  note?: string;
  reportedAt?: string;
};

export type ReadResponse =
  | { ok: true; report: ReportPayload; subject: string | null; identifier: string | null }
  | { ok: false; errors: FieldError[] };

type Answer = Record<string, unknown>;
type Item = { linkId?: unknown; answer?: unknown; item?: unknown };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The elements of a QuestionnaireResponse this server reads or may safely pass over (narrative,
 * metadata, who wrote it). Any other is refused: it would carry something the report cannot keep.
 */
const TAKEN = new Set([
  "resourceType",
  "id",
  "meta",
  "language",
  "text",
  "identifier",
  "questionnaire",
  "status",
  "subject",
  "authored",
  "author",
  "source",
  "item",
]);

/** What a refusal may name as it was sent: an id-like word, never arbitrary input. */
const SAFE = /^[A-Za-z0-9\-.]{1,64}$/;

/** Reads the response; every problem is a field error named by the linkId (or element) it is about. */
export function readQuestionnaireResponse(body: unknown): ReadResponse {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => {
    if (errors.length < MAX_FIELD_ERRORS) errors.push({ field, message });
  };
  if (!isObject(body) || body.resourceType !== "QuestionnaireResponse") {
    return { ok: false, errors: [{ field: "resourceType", message: "Must be a QuestionnaireResponse" }] };
  }
  for (const key of Object.keys(body)) {
    if (!TAKEN.has(key)) fail(SAFE.test(key) ? key : "(body)", "Not an element this server takes");
  }
  if (body.questionnaire !== QUESTIONNAIRE_URL) fail("questionnaire", `Must be ${QUESTIONNAIRE_URL}`);
  if (body.status !== "completed") fail("status", "Must be completed");
  let subject: string | null = null;
  if (body.subject !== undefined) {
    const reference = isObject(body.subject) ? body.subject.reference : undefined;
    if (typeof reference !== "string" || !reference.startsWith("Patient/")) fail("subject", "Must be Patient/<id>");
    else subject = reference.slice("Patient/".length);
  }
  let identifier: string | null = null;
  if (body.identifier !== undefined) {
    if (!isObject(body.identifier) || typeof body.identifier.value !== "string") {
      fail("identifier", "Must be an Identifier with a value");
    } else identifier = body.identifier.value;
  }
  const report: ReportPayload = { answers: {} };
  if (body.authored !== undefined) {
    if (typeof body.authored !== "string") fail("authored", "Must be a date and time");
    else report.reportedAt = body.authored;
  }

  const seen = new Set<string>();
  const visit = (items: unknown, where: string) => {
    if (!Array.isArray(items)) {
      fail(where, "Must be a list of items");
      return;
    }
    for (const raw of items as Item[]) {
      if (!isObject(raw) || typeof raw.linkId !== "string") {
        fail(where, "Each item needs a linkId");
        continue;
      }
      const linkId = SAFE.test(raw.linkId) ? raw.linkId : `${where}.linkId`;
      if (linkId !== raw.linkId) {
        fail(linkId, "Not a question of this Questionnaire");
        continue;
      }
      if (raw.item !== undefined) {
        // A symptom's group: only its own questions may be in it.
        if (!/^proctcae-\d+$/.test(linkId)) fail(linkId, "Not a group of this Questionnaire");
        else visit(raw.item, linkId);
        if (raw.answer !== undefined) fail(linkId, "A group has no answer");
        continue;
      }
      if (seen.has(linkId)) {
        fail(linkId, "Answered more than once");
        continue;
      }
      seen.add(linkId);
      const answers = raw.answer;
      if (!Array.isArray(answers) || answers.length === 0 || !answers.every(isObject)) {
        fail(linkId, "Must have an answer");
        continue;
      }
      readAnswer(linkId, where, answers as Answer[]);
    }
  };

  const one = (linkId: string, answers: Answer[]) => {
    if (answers.length > 1) fail(linkId, "Takes one answer");
    return answers[0];
  };

  const readAnswer = (linkId: string, group: string, answers: Answer[]) => {
    const question = questionOf(linkId);
    if (question) {
      const { item, attribute } = question;
      if (group !== `proctcae-${item.itemNumber}` && group !== "item")
        fail(linkId, `Belongs in group proctcae-${item.itemNumber}`);
      const coding = one(linkId, answers).valueCoding;
      const code =
        isObject(coding) && (coding.system ?? PRO_CTCAE_SYSTEM) === PRO_CTCAE_SYSTEM ? coding.code : undefined;
      const value = typeof code === "string" ? answerValueOf(attribute, code) : null;
      if (value === null) {
        fail(
          linkId,
          `Must be a valueCoding of ${PRO_CTCAE_SYSTEM}, proctcae-${attribute}-0 to -${attribute === "presence" ? 1 : 4}`,
        );
        return;
      }
      report.answers[item.code] = { ...report.answers[item.code], [attribute]: value };
      return;
    }
    switch (linkId) {
      case LINK.temperature: {
        const value = one(linkId, answers).valueDecimal;
        if (typeof value !== "number") fail(linkId, "Must be a valueDecimal in °C");
        else report.temperatureC = value;
        return;
      }
      case LINK.redFlags: {
        const flags: string[] = [];
        for (const answer of answers) {
          const coding = answer.valueCoding;
          if (!isObject(coding) || coding.system !== RED_FLAG_SYSTEM || !isRedFlag(coding.code)) {
            fail(linkId, `Each must be a valueCoding of ${RED_FLAG_SYSTEM}`);
            return;
          }
          flags.push(coding.code);
        }
        report.redFlags = flags;
        return;
      }
      case LINK.canWait: {
        const value = one(linkId, answers).valueBoolean;
        if (typeof value !== "boolean") fail(linkId, "Must be a valueBoolean");
        else report.canWait = value;
        return;
      }
      case LINK.note: {
        const value = one(linkId, answers).valueString;
        if (typeof value !== "string") fail(linkId, "Must be a valueString");
        else report.note = value;
        return;
      }
      default:
        fail(linkId, "Not a question of this Questionnaire");
    }
  };

  if (body.item === undefined) fail("item", "Required: the answers");
  else visit(body.item, "item");
  return errors.length > 0 ? { ok: false, errors } : { ok: true, report, subject, identifier };
}

/** The linkId (or element) a validation error of the report is about: `answers.nausea.severity` → `proctcae-9b-sev`. */
export function linkIdOfReportField(field: string): string {
  const [head, symptom, attribute] = field.split(".");
  if (head === "answers" && symptom && attribute) {
    if (isSymptomCode(symptom)) {
      const item = symptomItem(symptom);
      if (item.attributes.includes(attribute as Attribute)) return questionCode(item, attribute as Attribute);
    }
  }
  const named: Record<string, string> = {
    temperatureC: LINK.temperature,
    redFlags: LINK.redFlags,
    canWait: LINK.canWait,
    note: LINK.note,
    reportedAt: "authored",
  };
  return named[head] ?? field;
}
