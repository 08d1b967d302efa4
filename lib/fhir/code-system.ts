/**
 * Our PRO-CTCAE CodeSystem: every question, answer and composite-grade code the Questionnaire,
 * QuestionnaireResponses and Observations use (see lib/fhir/codes.ts for why it is our own).
 */
import { ANSWER_SCALES, type Attribute, SYMPTOM_ITEMS } from "../grading/items";
import { answerCode, CODE_SYSTEM_ID, gradeCode, itemCode, PRO_CTCAE_SYSTEM, questionCode } from "./codes";
import type { Resource } from "./types";

const capital = (word: string) => word[0].toUpperCase() + word.slice(1);

/** The CodeSystem resource, complete. */
export function proCtcaeCodeSystem(): Resource {
  const items = SYMPTOM_ITEMS.flatMap((item) => [
    { code: itemCode(item), display: item.shortLabel },
    ...item.attributes.map((attribute) => ({
      code: questionCode(item, attribute),
      display: `${item.shortLabel} ${attribute}`,
      definition: item.questions[attribute],
    })),
    { code: gradeCode(item), display: `${item.shortLabel} composite grade (0-3)` },
  ]);
  const answers = (Object.keys(ANSWER_SCALES) as Attribute[]).flatMap((attribute) =>
    ANSWER_SCALES[attribute].map((display, value) => ({
      code: answerCode(attribute, value),
      display,
      definition: `${capital(attribute)} answer ${value}: ${display}`,
    })),
  );
  const concept = [...items, ...answers];
  return {
    resourceType: "CodeSystem",
    id: CODE_SYSTEM_ID,
    url: PRO_CTCAE_SYSTEM,
    name: "ProCtcaeSerums",
    title: "PRO-CTCAE items, answers and composite grades",
    status: "active",
    content: "complete",
    caseSensitive: true,
    description:
      "Codes in the shape of the Medical Informatics Initiative PRO module (item number, attribute letter and abbreviation; attribute and answer index), for the core item set this service asks. Composite grades follow Basch et al., Clinical Trials 2021.",
    count: concept.length,
    concept,
  };
}
