import { type SymptomCode, symptomItem } from "../grading/items";
import type { ItemAnswers, ReportAnswers } from "./validation";

/**
 * A report's answers from plain numbers, each symptom's in its item's attribute order, as the
 * form would send them: after a 0 first answer the item's other questions are skipped (null).
 * For generated reports (the demo centre, the scale seed).
 */
export function answersFromValues(values: readonly (readonly [SymptomCode, readonly number[]])[]): ReportAnswers {
  return Object.fromEntries(values.map(([symptom, answers]) => [symptom, itemAnswers(symptom, answers)]));
}

function itemAnswers(symptom: SymptomCode, values: readonly number[]): ItemAnswers {
  const skipped = values[0] === 0;
  return Object.fromEntries(
    symptomItem(symptom).attributes.map((attribute, position) => [
      attribute,
      skipped && position > 0 ? null : (values[position] ?? null),
    ]),
  );
}
