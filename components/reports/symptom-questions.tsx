"use client";

import type { Attribute, SymptomItem } from "@/lib/grading/items";

/**
 * One PRO-CTCAE symptom: its first question, and its follow-ups once the first answer is above
 * zero (PRO-CTCAE skip logic). A fieldset whose legend names the symptom, one per question inside.
 */
export function SymptomQuestions({
  item,
  scales,
  given,
  onAnswer,
}: {
  /** The item in the wording the reader reads (lib/grading/wording.ts). */
  item: SymptomItem;
  /** The answer labels in that wording; the index is the stored value. */
  scales: Readonly<Record<Attribute, readonly string[]>>;
  given: Partial<Record<Attribute, number>>;
  onAnswer: (attr: Attribute, value: number) => void;
}) {
  const first = given[item.attributes[0]];
  return (
    <fieldset className="rounded-lg bg-white p-4">
      <legend className="px-1 text-lg font-semibold">{item.label}</legend>
      {item.attributes.map((attr, index) =>
        index > 0 && !(first !== undefined && first > 0) ? null : (
          <fieldset key={attr} className="mt-2">
            <legend className="text-slate-800">{item.questions[attr]}</legend>
            {/* On a phone the answers wrap two or three to a line, in their order, rather than five lines. */}
            <div className="mt-1 flex flex-wrap gap-2 sm:grid sm:grid-cols-5 sm:gap-1">
              {scales[attr].map((label, value) => (
                <label
                  key={label}
                  className="flex min-h-11 items-center gap-2 rounded border border-slate-200 px-3 sm:px-2"
                >
                  <input
                    type="radio"
                    className="h-5 w-5"
                    name={`${item.code}.${attr}`}
                    checked={given[attr] === value}
                    onChange={() => onAnswer(attr, value)}
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
        ),
      )}
    </fieldset>
  );
}
