/**
 * The report form as a FHIR Questionnaire: the PRO-CTCAE core items of lib/grading/items.ts, one
 * group per symptom (`proctcae-48`) with a question per attribute (`proctcae-48a-frq`), then the
 * temperature, the emergency red flags, whether it can wait and a note. A follow-up question is
 * enabled only once the first attribute is answered with more than 0, as the form skips it.
 */
import { ANSWER_SCALES, type Attribute, SYMPTOM_ITEMS, type SymptomItem } from "../grading/items";
import { RED_FLAG_CODES, RED_FLAG_LABELS } from "../triage/red-flags";
import {
  answerCode,
  itemCode,
  PRO_CTCAE_SYSTEM,
  QUESTIONNAIRE_ID,
  QUESTIONNAIRE_URL,
  questionCode,
  RED_FLAG_SYSTEM,
} from "./codes";
import type { Coding, Resource } from "./types";

/** linkIds of the questions that are not PRO-CTCAE items. */
export const LINK = {
  temperature: "temperature",
  redFlags: "red-flags",
  canWait: "can-wait",
  note: "note",
} as const;

/** The coding of an answer on the attribute's scale. */
export const answerCoding = (attribute: Attribute, value: number): Coding => ({
  system: PRO_CTCAE_SYSTEM,
  code: answerCode(attribute, value),
  display: ANSWER_SCALES[attribute][value],
});

/** The coding of a red flag. */
export const redFlagCoding = (flag: (typeof RED_FLAG_CODES)[number]): Coding => ({
  system: RED_FLAG_SYSTEM,
  code: flag,
  display: RED_FLAG_LABELS[flag],
});

function questionItem(item: SymptomItem, attribute: Attribute): Record<string, unknown> {
  const [first] = item.attributes;
  const linkId = questionCode(item, attribute);
  const followUp = attribute !== first;
  return {
    linkId,
    code: [{ system: PRO_CTCAE_SYSTEM, code: linkId }],
    text: item.questions[attribute],
    type: "choice",
    answerOption: ANSWER_SCALES[attribute].map((_, value) => ({ valueCoding: answerCoding(attribute, value) })),
    ...(followUp && {
      enableWhen: [
        { question: questionCode(item, first), operator: "exists", answerBoolean: true },
        { question: questionCode(item, first), operator: "!=", answerCoding: answerCoding(first, 0) },
      ],
      enableBehavior: "all",
    }),
  };
}

/** The Questionnaire every QuestionnaireResponse of this server answers. */
export function reportQuestionnaire(): Resource {
  return {
    resourceType: "Questionnaire",
    id: QUESTIONNAIRE_ID,
    url: QUESTIONNAIRE_URL,
    name: "ProCtcaeCoreReport",
    title: "Symptom report: PRO-CTCAE core items, temperature and red flags",
    status: "active",
    subjectType: ["Patient"],
    description:
      "The symptom report patients send between chemotherapy cycles. PRO-CTCAE asks about the last 7 days; a follow-up question is asked only when the first answer of its symptom is more than 0.",
    item: [
      ...SYMPTOM_ITEMS.map((item) => ({
        linkId: itemCode(item),
        text: item.label,
        type: "group",
        item: item.attributes.map((attribute) => questionItem(item, attribute)),
      })),
      { linkId: LINK.temperature, text: "Temperature (°C)", type: "decimal" },
      {
        linkId: LINK.redFlags,
        text: "Do you have any of these now?",
        type: "choice",
        repeats: true,
        answerOption: RED_FLAG_CODES.map((flag) => ({ valueCoding: redFlagCoding(flag) })),
      },
      { linkId: LINK.canWait, text: "Can this wait until your next appointment?", type: "boolean" },
      { linkId: LINK.note, text: "Anything else your care team should know?", type: "text", maxLength: 1000 },
    ],
  };
}
