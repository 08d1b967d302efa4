/**
 * Validation of a submitted symptom report, shared by the web form and `POST /api/v1/reports` so
 * both accept and reject exactly the same things with the same messages.
 *
 * Everything is strict: an unknown field, symptom or question is an error rather than ignored,
 * because a silently dropped answer could hide a symptom from triage.
 */
import { z } from "zod";
import { type CompositeGrade, gradeSymptom } from "../grading/composite";
import {
  ANSWER_SCALES,
  type Attribute,
  isGradedItem,
  SYMPTOM_ITEMS,
  type SymptomCode,
  type SymptomItem,
} from "../grading/items";
import { LOCALES } from "../i18n/locales";
import { hasForbiddenCharacters } from "../text";
import { RED_FLAG_CODES, RED_FLAG_LABELS } from "../triage/red-flags";

/** One item's answers after validation: every attribute it asks, 0-4 (presence 0-1) or null. */
export type ItemAnswers = Partial<Record<Attribute, number | null>>;

/** All answered items in a report, keyed by symptom code. */
export type ReportAnswers = Partial<Record<SymptomCode, ItemAnswers>>;

const MINUTE_MS = 60_000;
const CLOCK_SKEW_MS = 5 * MINUTE_MS;
const MAX_AGE_MS = 30 * 24 * 60 * MINUTE_MS;
const NOTE_MAX_CHARACTERS = 1000;
/** What a wrong temperature is told (the form says the same in the patient's language, messages/*.json). */
export const TEMPERATURE_MESSAGES = {
  range: "Temperature must be between 34.0 and 43.0 °C",
  decimals: "Temperature can have at most one decimal place",
  type: "Temperature must be a number in °C",
} as const;
const TEMPERATURE_MESSAGE = TEMPERATURE_MESSAGES.range;

function answerSchema(attribute: Attribute) {
  const message =
    attribute === "presence" ? "Answer must be 0 (No) or 1 (Yes)" : "Answer must be a whole number from 0 to 4";
  const highest = ANSWER_SCALES[attribute].length - 1;
  return z.number({ error: message }).int(message).min(0, message).max(highest, message).nullable().optional();
}

// The form skips follow-ups after a 0 first answer; a follow-up without a first answer means the
// client lost an answer, and guessing either way could misgrade the symptom.
function checkSkipLogic(item: SymptomItem, answers: ItemAnswers, ctx: z.RefinementCtx): void {
  const [first, ...followUps] = item.attributes;
  const firstValue = answers[first];
  const answered = followUps.filter((attribute) => answers[attribute] !== null && answers[attribute] !== undefined);
  if (answered.length === 0) return;
  if (firstValue === 0) {
    for (const attribute of answered) {
      ctx.addIssue({
        code: "custom",
        path: [attribute],
        message: `Must be empty when the ${first} answer is "${ANSWER_SCALES[first][0]}"`,
      });
    }
  } else if (firstValue === null || firstValue === undefined) {
    ctx.addIssue({ code: "custom", path: [first], message: `Required because ${answered.join(" and ")} is answered` });
  }
}

function itemSchema(item: SymptomItem) {
  const shape = Object.fromEntries(item.attributes.map((attribute) => [attribute, answerSchema(attribute)]));
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `Not a question about ${item.shortLabel.toLowerCase()}`
          : issue.code === "invalid_type"
            ? "Answers must be an object keyed by question"
            : undefined,
    })
    .superRefine((answers, ctx) => checkSkipLogic(item, answers as ItemAnswers, ctx))
    .transform((answers): ItemAnswers => {
      // Record skipped and unanswered questions explicitly as null: "asked, no answer".
      const recorded: ItemAnswers = {};
      for (const attribute of item.attributes) recorded[attribute] = (answers as ItemAnswers)[attribute] ?? null;
      return recorded;
    });
}

const answersSchema = z.strictObject(
  Object.fromEntries(SYMPTOM_ITEMS.map((item) => [item.code, itemSchema(item).optional()])),
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? "Unknown symptom"
        : issue.code === "invalid_type"
          ? "Answers must be an object keyed by symptom"
          : undefined,
  },
) as unknown as z.ZodType<ReportAnswers, unknown>;

const temperatureSchema = z
  .number({ error: TEMPERATURE_MESSAGES.type })
  .min(34, TEMPERATURE_MESSAGE)
  .max(43, TEMPERATURE_MESSAGE)
  // Thermometers show tenths; more digits suggest a unit or typing mistake.
  .refine((celsius) => Math.abs(celsius * 10 - Math.round(celsius * 10)) < 1e-9, {
    message: TEMPERATURE_MESSAGES.decimals,
  });

const redFlagsSchema = z
  .array(z.enum(RED_FLAG_CODES, { error: `Must be one of: ${RED_FLAG_CODES.join(", ")}` }), {
    error: "Red flags must be a list",
  })
  .superRefine((flags, ctx) => {
    flags.forEach((flag, index) => {
      if (flags.indexOf(flag) !== index) {
        ctx.addIssue({ code: "custom", path: [index], message: `"${RED_FLAG_LABELS[flag]}" is listed twice` });
      }
    });
  })
  .default([]);

const noteSchema = z
  .string({ error: "Note must be text" })
  // Browsers send textarea line breaks as CRLF; that is a newline, not a stray control character.
  .overwrite((note) => note.replace(/\r\n/g, "\n"))
  .trim()
  // Counted in characters as a person (and PostgreSQL) counts them, not UTF-16 units.
  .refine((note) => [...note].length <= NOTE_MAX_CHARACTERS, {
    message: `Note must be ${NOTE_MAX_CHARACTERS} characters or fewer`,
  })
  .refine((note) => !hasForbiddenCharacters(note), { message: "Note contains control characters" });

function reportedAtSchema(now: () => Date) {
  return z.iso
    .datetime({ offset: true, error: "Must be an ISO date and time with a time zone, e.g. 2025-03-01T09:30:00Z" })
    .superRefine((value, ctx) => {
      const at = Date.parse(value);
      const nowMs = now().getTime();
      if (at > nowMs + CLOCK_SKEW_MS) ctx.addIssue({ code: "custom", message: "Report time cannot be in the future" });
      else if (at < nowMs - MAX_AGE_MS) {
        ctx.addIssue({ code: "custom", message: "Report time cannot be more than 30 days ago" });
      }
    });
}

/**
 * Builds the report schema against a given clock. The server passes its own clock (which tests can
 * move) so "not in the future / not older than 30 days" agrees with the time the report is stored.
 */
export function makeSymptomReportInput(now: () => Date = () => new Date()) {
  return z.strictObject(
    {
      answers: answersSchema,
      temperatureC: temperatureSchema.nullable().optional(),
      redFlags: redFlagsSchema,
      canWait: z.boolean({ error: "Must be true, false or null" }).nullable().optional(),
      note: noteSchema.optional(),
      reportedAt: reportedAtSchema(now).optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? "Unknown field"
          : issue.code === "invalid_type"
            ? "Report must be an object"
            : undefined,
    },
  );
}

/** Schema for a submitted symptom report (web form and `POST /api/v1/reports`), on the device clock. */
export const symptomReportInput = makeSymptomReportInput();

/** A validated report: answers filled in with null for unanswered questions, red flags defaulted. */
export type SymptomReportInput = z.output<typeof symptomReportInput>;

/** A report as submitted, before validation (what a client sends). */
export type SymptomReportPayload = z.input<typeof symptomReportInput>;

/** A symptom's composite grade in a report, null when its answers were incomplete. */
export interface ReportGrade {
  symptom: SymptomCode;
  grade: CompositeGrade | null;
}

/**
 * Composite grade of every graded item the report includes, in form order. Items the patient did
 * not open are left out; an item opened but not finished is listed with grade null. Presence items
 * (rash, bruising) are not composite-graded and are left out.
 */
export function gradeReport(input: Pick<SymptomReportInput, "answers">): ReportGrade[] {
  return SYMPTOM_ITEMS.filter((item) => isGradedItem(item) && input.answers[item.code] !== undefined).map((item) => ({
    symptom: item.code,
    grade: gradeSymptom(item.code, input.answers[item.code] ?? {}),
  }));
}

/**
 * The language the questions were read in, sent with the form's report: it is recorded on the
 * report (only English is the validated wording) and the advice is given in it. English when absent.
 */
export const reportLocaleSchema = z
  .enum(LOCALES, { error: `Language must be one of: ${LOCALES.join(", ")}` })
  .optional();
