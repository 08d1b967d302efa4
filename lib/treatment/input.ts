/**
 * What the plan editor sends, checked before anything else runs. Field paths match the editor's
 * fields and lib/treatment/plan's validatePlan ("regimen", "cycles.2.dosePercent"), so every
 * problem is shown beside its field.
 */
import { z } from "zod";
import { withoutForbiddenCharacters } from "../text";
import { CYCLE_STATUSES } from "./cycles";
import { isIsoDate } from "./dates";
import { PLAN_INTENTS, PLAN_LIMITS } from "./plan";

const isoDate = (message: string) => z.string({ error: message }).refine(isIsoDate, message);

const wholeNumber = (message: string, min: number, max: number) =>
  z.number({ error: message }).int(message).min(min, message).max(max, message);

const reasonText = (what: string) =>
  z
    .string()
    .trim()
    .max(PLAN_LIMITS.cycleReasonMax, `Keep the reason under ${PLAN_LIMITS.cycleReasonMax} characters.`)
    .refine(...withoutForbiddenCharacters(what))
    .nullable()
    .transform((v) => (v ? v : null));

/** One agent's dose in a cycle; agents that are not among the plan's drugs are left out when saved. */
export const agentDoseInput = z.strictObject({
  agent: z.string().trim().min(1, "Unknown agent.").max(PLAN_LIMITS.drugMax, "Unknown agent."),
  dosePercent: wholeNumber("Enter the dose as a whole percentage from 0 to 100.", 0, 100),
  reason: reasonText("The dose's reason"),
});

export const cycleInput = z.strictObject({
  cycleNumber: wholeNumber("Unknown cycle.", 1, PLAN_LIMITS.plannedCyclesMax),
  plannedDate: isoDate("Enter the planned date."),
  givenDate: isoDate("Enter a real date, or leave it empty.").nullable(),
  dosePercent: wholeNumber("Enter the dose level as a whole percentage from 0 to 100.", 0, 100),
  status: z.enum(CYCLE_STATUSES, { error: "Choose the cycle's status." }),
  reason: z
    .string()
    .trim()
    .max(PLAN_LIMITS.cycleReasonMax, `Keep the reason under ${PLAN_LIMITS.cycleReasonMax} characters.`)
    .refine(...withoutForbiddenCharacters("The cycle's reason"))
    .nullable()
    .transform((v) => (v ? v : null)),
  agentDoses: z.array(agentDoseInput).max(PLAN_LIMITS.drugsMax).optional(),
});

export const savePlanInput = z.strictObject({
  patientId: z.uuid("Unknown patient."),
  planId: z.uuid("Unknown plan.").nullable(),
  /** The version the editor showed; 0 for a new plan. */
  version: z.number().int().min(0),
  regimen: z
    .string({ error: "Enter the regimen's name." })
    .trim()
    .min(1, "Enter the regimen's name.")
    .max(PLAN_LIMITS.regimenMax, `Keep the regimen's name under ${PLAN_LIMITS.regimenMax} characters.`)
    .refine(...withoutForbiddenCharacters("The regimen's name")),
  drugs: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(PLAN_LIMITS.drugMax, `Keep each drug's name under ${PLAN_LIMITS.drugMax} characters.`)
        .refine(...withoutForbiddenCharacters("A drug's name")),
    )
    .min(1, "Enter at least one drug.")
    .max(PLAN_LIMITS.drugsMax, `List at most ${PLAN_LIMITS.drugsMax} drugs.`),
  intent: z.enum(PLAN_INTENTS, { error: "Choose the intent of treatment." }),
  cycleLengthDays: wholeNumber(
    `Enter the cycle length in whole days, from ${PLAN_LIMITS.cycleLengthMin} to ${PLAN_LIMITS.cycleLengthMax}.`,
    PLAN_LIMITS.cycleLengthMin,
    PLAN_LIMITS.cycleLengthMax,
  ),
  plannedCycles: wholeNumber(
    `Enter the number of cycles, from ${PLAN_LIMITS.plannedCyclesMin} to ${PLAN_LIMITS.plannedCyclesMax}.`,
    PLAN_LIMITS.plannedCyclesMin,
    PLAN_LIMITS.plannedCyclesMax,
  ),
  startDate: isoDate("Enter the start date."),
  stoppedOn: isoDate("Enter the date treatment stopped.").nullable(),
  cycles: z.array(cycleInput).max(PLAN_LIMITS.plannedCyclesMax),
  reason: z
    .string()
    .max(PLAN_LIMITS.reasonMax, `Keep the reason under ${PLAN_LIMITS.reasonMax} characters.`)
    .refine(...withoutForbiddenCharacters("The reason")),
  decidedBy: z.uuid("Choose the clinician who decided from the list.").nullable(),
});

export type SavePlanInput = z.infer<typeof savePlanInput>;
