/**
 * A treatment plan as FHIR: the plan is a CarePlan, and each agent of each cycle a MedicationRequest
 * based on it, shaped after mCODE's CancerRelatedMedicationRequest: the treatment intent as its
 * extension, the reason a cycle was held or cancelled as `statusReason`, and the reason for a reduced
 * dose as a note. mCODE's `reasonReference` (the cancer Condition) is left out: the diagnosis is part
 * of the patient's demographics here, which a reader of the plan may not have been given.
 *
 * A MedicationRequest's id is the cycle's id and the agent's place in the plan's drugs
 * (`<cycle id>-2`), so every agent of every cycle has one, whether or not a dose was recorded for it.
 */
import { type CycleStatus, cycleStartedOn } from "../treatment/cycles";
import { agentDosesOf } from "../treatment/doses";
import type { PlanIntent, TreatmentPlanView } from "../treatment/plan";
import { PLAN_INTENT_LABELS } from "../treatment/plan";
import { isUuid } from "../uuid";
import type { CodeableConcept, Resource } from "./types";

const SNOMED = "http://snomed.info/sct";
/** mCODE's treatment intent extension, on its CancerRelatedMedicationRequest. */
export const MCODE_TREATMENT_INTENT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent";

/** mCODE's treatment intents (SNOMED CT): adjuvant and neoadjuvant treatment aim to cure. */
const INTENT_CODES: Record<PlanIntent, { code: string; display: string }> = {
  curative: { code: "373808002", display: "Curative - procedure intent" },
  adjuvant: { code: "373808002", display: "Curative - procedure intent" },
  neoadjuvant: { code: "373808002", display: "Curative - procedure intent" },
  palliative: { code: "363676003", display: "Palliative - procedure intent" },
};

const intentConcept = (intent: PlanIntent): CodeableConcept => ({
  coding: [{ system: SNOMED, ...INTENT_CODES[intent] }],
  text: PLAN_INTENT_LABELS[intent],
});

/** A cycle's status as a MedicationRequest's: planned cycles of a stopped plan are stopped too. */
function requestStatus(status: CycleStatus, planStopped: boolean): string {
  if (status === "given") return "completed";
  if (status === "cancelled") return "cancelled";
  if (planStopped) return "stopped";
  return status === "planned" ? "active" : "on-hold";
}

/** The plan's status as a CarePlan's: stopped early is revoked; every cycle settled is completed. */
function planStatus(plan: TreatmentPlanView): string {
  if (plan.stoppedOn !== null) return "revoked";
  const settled = plan.cycles.every((c) => c.status === "given" || c.status === "cancelled");
  return settled && plan.cycles.length >= plan.plannedCycles ? "completed" : "active";
}

export const medicationRequestId = (cycleId: string, agentIndex: number) => `${cycleId}-${agentIndex + 1}`;

/** The cycle id and agent index a MedicationRequest id names, or null for an id this server never gives. */
export function parseMedicationRequestId(id: string): { cycleId: string; agentIndex: number } | null {
  const match = /^([0-9a-fA-F-]{36})-(\d{1,2})$/.exec(id);
  if (!match || !isUuid(match[1]) || Number(match[2]) < 1) return null;
  return { cycleId: match[1].toLowerCase(), agentIndex: Number(match[2]) - 1 };
}

export function carePlanResource(plan: TreatmentPlanView): Resource {
  return {
    resourceType: "CarePlan",
    id: plan.id,
    meta: { lastUpdated: plan.updatedAt.toISOString() },
    status: planStatus(plan),
    intent: "plan",
    category: [{ coding: [{ system: SNOMED, code: "367336001", display: "Chemotherapy" }] }],
    title: plan.regimen,
    description: `${plan.plannedCycles} cycles of ${plan.cycleLengthDays} days: ${plan.drugs.join(", ")}. Intent: ${PLAN_INTENT_LABELS[plan.intent].toLowerCase()}.`,
    subject: { reference: `Patient/${plan.patientId}` },
    period: { start: plan.startDate, ...(plan.stoppedOn && { end: plan.stoppedOn }) },
    activity: medicationRequestResources(plan).map((r) => ({ reference: { reference: `MedicationRequest/${r.id}` } })),
  };
}

/** Each agent of each cycle, cycle by cycle in the plan's order of drugs. */
export function medicationRequestResources(plan: TreatmentPlanView): Resource[] {
  const cycles = [...plan.cycles].sort((a, b) => a.cycleNumber - b.cycleNumber);
  return cycles.flatMap((cycle) =>
    agentDosesOf(cycle, plan.drugs).map((dose, i): Resource => {
      const day = cycleStartedOn(cycle) ?? cycle.plannedDate;
      const settled = cycle.status === "held" || cycle.status === "cancelled" || cycle.status === "delayed";
      return {
        resourceType: "MedicationRequest",
        id: medicationRequestId(cycle.id, i),
        meta: { lastUpdated: plan.updatedAt.toISOString() },
        extension: [{ url: MCODE_TREATMENT_INTENT, valueCodeableConcept: intentConcept(plan.intent) }],
        status: requestStatus(cycle.status, plan.stoppedOn !== null),
        ...(settled && cycle.reason && { statusReason: { text: cycle.reason } }),
        intent: "order",
        category: [{ text: "Chemotherapy" }],
        medicationCodeableConcept: { text: dose.agent },
        subject: { reference: `Patient/${plan.patientId}` },
        basedOn: [{ reference: `CarePlan/${plan.id}` }],
        groupIdentifier: { value: `cycle-${cycle.cycleNumber}` },
        dosageInstruction: [
          {
            sequence: cycle.cycleNumber,
            text: `Cycle ${cycle.cycleNumber} of ${plan.plannedCycles}, ${dose.dosePercent}% of the full dose, on ${day}`,
            timing: { event: [day] },
          },
        ],
        ...(dose.reason && { note: [{ text: dose.reason }] }),
      };
    }),
  );
}
