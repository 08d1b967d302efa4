/**
 * What the alert actions accept, validated with zod on the server. The client sends the alert, the
 * patient it belongs to (consent is decided for that patient before any data query, and the
 * query then checks the alert really is theirs) and the version it showed the clinician.
 */
import { z } from "zod";
import { checkboxes } from "../checkboxes";
import { withoutForbiddenCharacters } from "../text";
import { CONTRADICTORY_OUTCOMES, OUTCOME_CODES, outcomesContradict } from "./outcomes";

export const MAX_NOTE_LENGTH = 2000;

const target = {
  alertId: z.uuid("Unknown alert."),
  patientId: z.uuid("Unknown patient."),
  expectedVersion: z.coerce.number().int().min(1).max(1_000_000),
};

const note = z
  .string()
  .trim()
  .max(MAX_NOTE_LENGTH, `A note can be at most ${MAX_NOTE_LENGTH} characters.`)
  .refine(...withoutForbiddenCharacters("The note"));

export const acknowledgeAlertInput = z.strictObject(target);

export const assignAlertInput = z.strictObject({
  ...target,
  assigneeId: z.uuid("Choose a colleague."),
  note: note.optional(),
});

export const addAlertNoteInput = z.strictObject({
  alertId: target.alertId,
  patientId: target.patientId,
  note: note.min(1, "Write the note first."),
});

export const resolveAlertInput = z.strictObject({
  ...target,
  outcomeCodes: checkboxes(OUTCOME_CODES, {
    none: "Choose at least one outcome.",
    invalid: "Choose outcomes from the list.",
    repeated: "Choose each outcome once.",
  }).refine((codes) => !outcomesContradict(codes), CONTRADICTORY_OUTCOMES),
  note: note.optional(),
});

export const reopenAlertInput = z.strictObject({ ...target, note: note.optional() });

export type AcknowledgeAlertInput = z.infer<typeof acknowledgeAlertInput>;
export type AssignAlertInput = z.infer<typeof assignAlertInput>;
export type AddAlertNoteInput = z.infer<typeof addAlertNoteInput>;
export type ResolveAlertInput = z.infer<typeof resolveAlertInput>;
export type ReopenAlertInput = z.infer<typeof reopenAlertInput>;
