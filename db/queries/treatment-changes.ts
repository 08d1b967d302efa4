import "server-only";
/**
 * Changing treatment plans: creating one, and saving a change (cycles given, delayed or held, dose
 * changes, a stop) as the next version, with optimistic concurrency on `version`. Runs inside
 * `withRls`: the policies accept writes only from clinicians the patient has consented to, or who
 * hold an emergency access. Every saved change is a row in treatment_plan_versions with the whole
 * plan before and after, who saved it, who decided it and why.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { refused } from "../../lib/errors";
import { reconcileCycles } from "../../lib/treatment/cycles";
import { clinicDate, type IsoDate, startOfClinicDay } from "../../lib/treatment/dates";
import { agentDosesOf, withAgentDoses, withReductionReasons } from "../../lib/treatment/doses";
import {
  applyStop,
  PLAN_LIMITS,
  type PlanChange,
  type PlanSnapshot,
  planChanges,
  type TreatmentCycleView,
  type TreatmentPlanView,
  validatePlan,
} from "../../lib/treatment/plan";
import type { Tx } from "../client";
import { treatmentCycleDoses, treatmentCycles, treatmentPlans, treatmentPlanVersions } from "../schema";
import { queryRows } from "../sql";
import { staffDisplayNames } from "./staff";
import { findPlanById, listPrescribers, snapshotOf, toDate } from "./treatment-plans";

/** The instant recorded for a stop: now when it is today, otherwise midday of that day. */
function stoppedAtFor(stoppedOn: IsoDate | null, previous: TreatmentPlanView | null, now: Date): Date | null {
  if (stoppedOn === null) return null;
  if (previous?.stoppedOn === stoppedOn && previous.stoppedAt) return previous.stoppedAt;
  if (stoppedOn === clinicDate(now)) return now;
  return new Date(startOfClinicDay(stoppedOn) + 12 * 3_600_000);
}

/**
 * Writes each agent's dose in the cycles (by cycle id), in one statement: new rows, or the dose and
 * reason of those already there. An agent's row is never deleted; one no longer in the plan is not shown.
 */
async function writeAgentDoses(
  tx: Tx,
  patientId: string,
  drugs: readonly string[],
  cycles: { id: string; cycle: PlanSnapshot["cycles"][number] }[],
): Promise<void> {
  const rows = cycles.flatMap(({ id, cycle }) =>
    agentDosesOf(cycle, drugs).map((d) => ({
      cycleId: id,
      patientId,
      agent: d.agent,
      dosePercent: d.dosePercent,
      reason: d.reason,
    })),
  );
  if (rows.length === 0) return;
  await tx
    .insert(treatmentCycleDoses)
    .values(rows)
    .onConflictDoUpdate({
      target: [treatmentCycleDoses.cycleId, treatmentCycleDoses.agent],
      set: { dosePercent: sql`excluded.dose_percent`, reason: sql`excluded.reason` },
    });
}

/** Adds cycles to a plan with their agents' doses; nothing when there are none. */
async function insertCycles(
  tx: Tx,
  planId: string,
  patientId: string,
  drugs: readonly string[],
  cycles: PlanSnapshot["cycles"],
): Promise<void> {
  if (cycles.length === 0) return;
  const inserted = await tx
    .insert(treatmentCycles)
    .values(
      cycles.map((c) => ({
        planId,
        patientId,
        cycleNumber: c.cycleNumber,
        plannedDate: c.plannedDate,
        givenDate: c.givenDate,
        dosePercent: c.dosePercent,
        status: c.status,
        reason: c.reason,
      })),
    )
    .returning({ id: treatmentCycles.id, cycleNumber: treatmentCycles.cycleNumber });
  const byNumber = new Map(cycles.map((c) => [c.cycleNumber, c]));
  await writeAgentDoses(
    tx,
    patientId,
    drugs,
    inserted.map((row) => ({ id: row.id, cycle: byNumber.get(row.cycleNumber) as PlanSnapshot["cycles"][number] })),
  );
}

export type CreatePlanParams = {
  patientId: string;
  plan: PlanSnapshot;
  reason: string | null;
  changedBy: string;
  now: Date;
};

/** Creates a plan with its cycles as version 1 (no previous values). */
export async function createPlan(tx: Tx, p: CreatePlanParams): Promise<{ planId: string; version: number }> {
  const planId = randomUUID();
  await tx.insert(treatmentPlans).values({
    id: planId,
    patientId: p.patientId,
    regimen: p.plan.regimen,
    drugs: p.plan.drugs,
    intent: p.plan.intent,
    cycleLengthDays: p.plan.cycleLengthDays,
    plannedCycles: p.plan.plannedCycles,
    startDate: p.plan.startDate,
    stoppedAt: stoppedAtFor(p.plan.stoppedOn, null, p.now),
    version: 1,
    updatedBy: p.changedBy,
    updatedAt: p.now,
  });
  await insertCycles(tx, planId, p.patientId, p.plan.drugs, p.plan.cycles);
  await tx.insert(treatmentPlanVersions).values({
    planId,
    patientId: p.patientId,
    version: 1,
    changedBy: p.changedBy,
    reason: p.reason,
    previous: null,
    current: { ...p.plan, decidedBy: null },
    changedAt: p.now,
  });
  return { planId, version: 1 };
}

/**
 * Locks the plan row and checks it is still at the version the editor showed. Of two clinicians
 * saving at once, one waits here for the other and then finds the version moved on: a conflict,
 * reported in words with who saved the other change and when.
 */
async function lockPlanAtVersion(
  tx: Tx,
  p: { patientId: string; planId: string; expectedVersion: number },
): Promise<TreatmentPlanView> {
  const [locked] = await queryRows<{ version: number; updated_by: string | null; updated_at: unknown }>(
    tx,
    sql`select version, updated_by, updated_at from treatment_plans
        where id = ${p.planId} and patient_id = ${p.patientId} for update`,
  );
  if (!locked) throw refused({ kind: "plan_not_found" });
  if (Number(locked.version) !== p.expectedVersion) {
    const who = locked.updated_by ? (await staffDisplayNames(tx, [locked.updated_by])).get(locked.updated_by) : null;
    const at = toDate(locked.updated_at);
    throw refused({ kind: "plan_version_conflict", version: Number(locked.version), by: who ?? null, at: at ?? null });
  }
  const current = await findPlanById(tx, { planId: p.planId });
  if (!current) throw refused({ kind: "plan_not_found" });
  return current;
}

/** Writes `next` as the plan's next version: the plan row, changed cycles in one statement, new ones in one. */
async function writeNextVersion(
  tx: Tx,
  current: TreatmentPlanView,
  next: PlanSnapshot,
  p: { reason: string; decidedBy: string | null; changedBy: string; now: Date },
): Promise<number> {
  const version = current.version + 1;
  const updated = await tx
    .update(treatmentPlans)
    .set({
      regimen: next.regimen,
      drugs: next.drugs,
      intent: next.intent,
      cycleLengthDays: next.cycleLengthDays,
      plannedCycles: next.plannedCycles,
      startDate: next.startDate,
      stoppedAt: stoppedAtFor(next.stoppedOn, current, p.now),
      version,
      // updated_by: the database records the caller (db/sql/attribution.sql).
      updatedAt: p.now,
    })
    .where(and(eq(treatmentPlans.id, current.id), eq(treatmentPlans.version, current.version)))
    .returning({ version: treatmentPlans.version });
  if (updated.length !== 1) throw refused({ kind: "plan_changed" });

  const existing = new Map(current.cycles.map((c) => [c.cycleNumber, c]));
  const changed = next.cycles.filter((c) => {
    const old = existing.get(c.cycleNumber);
    return (
      old &&
      (old.plannedDate !== c.plannedDate ||
        old.givenDate !== c.givenDate ||
        old.dosePercent !== c.dosePercent ||
        old.status !== c.status ||
        (old.reason ?? null) !== (c.reason ?? null) ||
        JSON.stringify(agentDosesOf(old, next.drugs)) !== JSON.stringify(agentDosesOf(c, next.drugs)))
    );
  });
  if (changed.length > 0) {
    const values = sql.join(
      changed.map(
        (c) =>
          sql`(${(existing.get(c.cycleNumber) as TreatmentCycleView).id}::uuid, ${c.plannedDate}::date, ${c.givenDate}::date,
               ${c.dosePercent}::smallint, ${c.status}::cycle_status, ${c.reason}::text)`,
      ),
      sql`, `,
    );
    await tx.execute(sql`update treatment_cycles as c
      set planned_date = v.planned_date, given_date = v.given_date, dose_percent = v.dose_percent,
          status = v.status, reason = v.reason
      from (values ${values}) as v(id, planned_date, given_date, dose_percent, status, reason)
      where c.id = v.id and c.plan_id = ${current.id}`);
    await writeAgentDoses(
      tx,
      current.patientId,
      next.drugs,
      changed.map((c) => ({ id: (existing.get(c.cycleNumber) as TreatmentCycleView).id, cycle: c })),
    );
  }
  const added = next.cycles.filter((c) => !existing.has(c.cycleNumber));
  await insertCycles(tx, current.id, current.patientId, next.drugs, added);
  await tx.insert(treatmentPlanVersions).values({
    planId: current.id,
    patientId: current.patientId,
    version,
    changedBy: p.changedBy,
    reason: p.reason,
    previous: snapshotOf(current),
    current: { ...next, decidedBy: p.decidedBy },
    changedAt: p.now,
  });
  return version;
}

export type SavePlanParams = {
  patientId: string;
  /** The plan being changed, or null to start a new one. */
  planId: string | null;
  /** The version the editor was showing (0 for a new plan). */
  expectedVersion: number;
  /** The plan as the clinician left it in the editor. */
  plan: PlanSnapshot;
  reason: string;
  /** The clinician who decided a dose reduction, a hold or cancellation, or stopping treatment. */
  decidedBy: string | null;
  changedBy: string;
  now: Date;
};

export type SavedPlan = { planId: string; version: number; changes: PlanChange[] };

/**
 * Saves a plan from the editor: the cycles are filled in to the planned number, stopping cancels
 * the cycles not yet given, the rules of lib/treatment/plan are checked against the version the
 * change is made to (under the row lock), and the result is written as the next version. Problems
 * are a DomainError whose problems name the editor's fields.
 */
export async function savePlan(tx: Tx, p: SavePlanParams): Promise<SavedPlan> {
  const current = p.planId
    ? await lockPlanAtVersion(tx, { patientId: p.patientId, planId: p.planId, expectedVersion: p.expectedVersion })
    : null;
  const previous = current ? snapshotOf(current) : null;
  const reason = p.reason.trim();
  const reconciled: PlanSnapshot = {
    ...p.plan,
    regimen: p.plan.regimen.trim(),
    drugs: p.plan.drugs.map((d) => d.trim()).filter(Boolean),
    cycles: reconcileCycles(p.plan, p.plan.cycles, reason || "Fewer cycles planned"),
  };
  // One dose per agent of the plan in every cycle, and each cycle's level worked out from them.
  // A reduced dose without a reason of its own has the change's.
  const before = new Map(previous?.cycles.map((c) => [c.cycleNumber, c]));
  reconciled.cycles = reconciled.cycles.map((c) =>
    withReductionReasons(
      withAgentDoses(c, reconciled.drugs),
      before.get(c.cycleNumber),
      reconciled.drugs,
      reason,
      PLAN_LIMITS.cycleReasonMax,
    ),
  );
  const next = applyStop(reconciled, previous, reason);
  const problems = validatePlan(next, previous, { today: clinicDate(p.now), reason, decidedBy: p.decidedBy });
  if (p.decidedBy && !problems.some((x) => x.field === "decidedBy")) {
    const prescribers = await listPrescribers(tx, { patientId: p.patientId });
    if (!prescribers.some((c) => c.id === p.decidedBy)) {
      problems.push({ field: "decidedBy", message: "Choose the clinician who decided from the list." });
    }
  }
  if (problems.length > 0) {
    throw refused({ kind: "plan_invalid", problems });
  }
  if (!current) {
    const created = await createPlan(tx, {
      patientId: p.patientId,
      plan: next,
      reason: reason || null,
      changedBy: p.changedBy,
      now: p.now,
    });
    return { ...created, changes: [] };
  }
  const version = await writeNextVersion(tx, current, next, {
    reason,
    decidedBy: p.decidedBy,
    changedBy: p.changedBy,
    now: p.now,
  });
  return { planId: current.id, version, changes: planChanges(previous, next) };
}
