import "server-only";
/**
 * Treatment plans: reading a patient's current plan with its cycles, creating one, saving a change
 * as a new version (optimistic concurrency on `version`), and reading the plan's history.
 *
 * Runs inside `withRls`: reading needs the patient's consent for `treatment`; writing needs it too
 * (the policies accept writes only from clinicians the patient has consented to, or who hold an
 * emergency access). Every saved change is a row in treatment_plan_versions with the whole plan
 * before and after, who saved it, who decided it and why.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { refused } from "../../lib/errors";
import { CYCLE_STATUSES, type CycleFacts, type CycleStatus, reconcileCycles } from "../../lib/treatment/cycles";
import { clinicDate, type IsoDate, isIsoDate, startOfClinicDay } from "../../lib/treatment/dates";
import {
  applyStop,
  PLAN_INTENTS,
  type PlanChange,
  type PlanIntent,
  type PlanSnapshot,
  planChanges,
  validatePlan,
} from "../../lib/treatment/plan";
import type { Tx } from "../client";
import { treatmentCycles, treatmentPlans, treatmentPlanVersions } from "../schema";
import { queryRows } from "../sql";
import { staffDisplayNames } from "./staff";

export type TreatmentCycleView = CycleFacts & { id: string };

export type TreatmentPlanView = {
  id: string;
  patientId: string;
  regimen: string;
  drugs: string[];
  intent: PlanIntent;
  cycleLengthDays: number;
  plannedCycles: number;
  startDate: IsoDate;
  stoppedAt: Date | null;
  stoppedOn: IsoDate | null;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
  cycles: TreatmentCycleView[];
};

const toDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
const parseJson = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

/** The row of treatment_plans plus its cycles, as one statement returns them. */
export function planFromRow(row: Record<string, unknown>): TreatmentPlanView {
  const cycles = parseJson<Record<string, unknown>[] | null>(row.cycles) ?? [];
  const stoppedAt = toDate(row.stopped_at);
  return {
    id: row.id as string,
    patientId: row.patient_id as string,
    regimen: row.regimen as string,
    drugs: parseJson<string[]>(row.drugs) ?? [],
    intent: row.intent as PlanIntent,
    cycleLengthDays: Number(row.cycle_length_days),
    plannedCycles: Number(row.planned_cycles),
    startDate: String(row.start_date).slice(0, 10),
    stoppedAt,
    stoppedOn: stoppedAt ? clinicDate(stoppedAt) : null,
    version: Number(row.version),
    updatedAt: toDate(row.updated_at) as Date,
    updatedBy: (row.updated_by as string | null) ?? null,
    cycles: cycles.map((c) => ({
      id: c.id as string,
      cycleNumber: Number(c.cycleNumber),
      plannedDate: String(c.plannedDate).slice(0, 10),
      givenDate: c.givenDate == null ? null : String(c.givenDate).slice(0, 10),
      dosePercent: Number(c.dosePercent),
      status: c.status as CycleStatus,
      reason: (c.reason as string | null) ?? null,
    })),
  };
}

const PLAN_SELECT = sql`select p.id, p.patient_id, p.regimen, to_json(p.drugs) as drugs, p.intent, p.cycle_length_days,
    p.planned_cycles, p.start_date::text as start_date, p.stopped_at, p.version, p.updated_at, p.updated_by,
    (select json_agg(json_build_object('id', c.id, 'cycleNumber', c.cycle_number, 'plannedDate', c.planned_date,
              'givenDate', c.given_date, 'dosePercent', c.dose_percent, 'status', c.status, 'reason', c.reason)
            order by c.cycle_number)
       from treatment_cycles c where c.plan_id = p.id) as cycles
  from treatment_plans p`;

/**
 * The SQL that reads a patient's current plan (the one that starts last) with its cycles in cycle
 * order, in one statement: the plan by its patient index, the cycles by (plan_id, cycle_number).
 */
export function currentPlanQuery(patientId: string) {
  return sql`${PLAN_SELECT} where p.patient_id = ${patientId} order by p.start_date desc, p.id desc limit 1`;
}

/** The patient's current treatment plan, or null (none, or the caller may not read it). */
export async function findCurrentPlan(tx: Tx, patientId: string): Promise<TreatmentPlanView | null> {
  const [row] = await queryRows<Record<string, unknown>>(tx, currentPlanQuery(patientId));
  return row ? planFromRow(row) : null;
}

/** The plan as it is versioned. */
export function snapshotOf(plan: TreatmentPlanView): PlanSnapshot {
  return {
    regimen: plan.regimen,
    drugs: [...plan.drugs],
    intent: plan.intent,
    cycleLengthDays: plan.cycleLengthDays,
    plannedCycles: plan.plannedCycles,
    startDate: plan.startDate,
    stoppedOn: plan.stoppedOn,
    cycles: plan.cycles.map(({ id: _id, ...c }) => c).sort((a, b) => a.cycleNumber - b.cycleNumber),
  };
}

/** The instant recorded for a stop: now when it is today, otherwise midday of that day. */
function stoppedAtFor(stoppedOn: IsoDate | null, previous: TreatmentPlanView | null, now: Date): Date | null {
  if (stoppedOn === null) return null;
  if (previous?.stoppedOn === stoppedOn && previous.stoppedAt) return previous.stoppedAt;
  if (stoppedOn === clinicDate(now)) return now;
  return new Date(startOfClinicDay(stoppedOn) + 12 * 3_600_000);
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
  if (p.plan.cycles.length > 0) {
    await tx.insert(treatmentCycles).values(
      p.plan.cycles.map((c) => ({
        planId,
        patientId: p.patientId,
        cycleNumber: c.cycleNumber,
        plannedDate: c.plannedDate,
        givenDate: c.givenDate,
        dosePercent: c.dosePercent,
        status: c.status,
        reason: c.reason,
      })),
    );
  }
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
  const current = await findPlanById(tx, p.planId);
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
      updatedBy: p.changedBy,
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
        (old.reason ?? null) !== (c.reason ?? null))
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
  }
  const added = next.cycles.filter((c) => !existing.has(c.cycleNumber));
  if (added.length > 0) {
    await tx.insert(treatmentCycles).values(
      added.map((c) => ({
        planId: current.id,
        patientId: current.patientId,
        cycleNumber: c.cycleNumber,
        plannedDate: c.plannedDate,
        givenDate: c.givenDate,
        dosePercent: c.dosePercent,
        status: c.status,
        reason: c.reason,
      })),
    );
  }
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
  const next = applyStop(reconciled, previous, reason);
  const problems = validatePlan(next, previous, { today: clinicDate(p.now), reason, decidedBy: p.decidedBy });
  if (p.decidedBy && !problems.some((x) => x.field === "decidedBy")) {
    const clinicians = await listClinicians(tx);
    if (!clinicians.some((c) => c.id === p.decidedBy)) {
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

/** A plan by id, with its cycles. */
export async function findPlanById(tx: Tx, planId: string): Promise<TreatmentPlanView | null> {
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`${PLAN_SELECT} where p.id = ${planId}`);
  return row ? planFromRow(row) : null;
}

export type PlanVersionView = {
  id: string;
  version: number;
  changedAt: Date;
  changedBy: { id: string; name: string };
  decidedBy: { id: string; name: string } | null;
  reason: string | null;
  /** The plan as created (version 1), for the history's first entry. */
  created: PlanSnapshot | null;
  changes: PlanChange[];
  /** True when the stored values could not be read as a plan (the entry still shows who and when). */
  unreadable: boolean;
};

/** A stored snapshot read back defensively: null when it is not a plan. */
export function readSnapshot(value: unknown): (PlanSnapshot & { decidedBy?: string | null }) | null {
  const v = parseJson<Record<string, unknown> | null>(value);
  if (!v || typeof v !== "object") return null;
  const cycles = Array.isArray(v.cycles) ? (v.cycles as Record<string, unknown>[]) : null;
  if (
    typeof v.regimen !== "string" ||
    !Array.isArray(v.drugs) ||
    !PLAN_INTENTS.includes(v.intent as PlanIntent) ||
    typeof v.cycleLengthDays !== "number" ||
    typeof v.plannedCycles !== "number" ||
    !isIsoDate(v.startDate) ||
    !cycles
  ) {
    return null;
  }
  const readCycles: CycleFacts[] = [];
  for (const c of cycles) {
    if (
      typeof c.cycleNumber !== "number" ||
      !isIsoDate(c.plannedDate) ||
      typeof c.dosePercent !== "number" ||
      !CYCLE_STATUSES.includes(c.status as CycleStatus)
    ) {
      return null;
    }
    readCycles.push({
      cycleNumber: c.cycleNumber,
      plannedDate: c.plannedDate,
      givenDate: isIsoDate(c.givenDate) ? c.givenDate : null,
      dosePercent: c.dosePercent,
      status: c.status as CycleStatus,
      reason: typeof c.reason === "string" ? c.reason : null,
    });
  }
  return {
    regimen: v.regimen,
    drugs: (v.drugs as unknown[]).map(String),
    intent: v.intent as PlanIntent,
    cycleLengthDays: v.cycleLengthDays,
    plannedCycles: v.plannedCycles,
    startDate: v.startDate as IsoDate,
    stoppedOn: isIsoDate(v.stoppedOn) ? v.stoppedOn : null,
    cycles: readCycles,
    decidedBy: typeof v.decidedBy === "string" ? v.decidedBy : null,
  };
}

/** Every version of a plan, newest first, with who changed what, when and why, and the previous values. */
export async function listPlanVersions(tx: Tx, planId: string, limit = 100): Promise<PlanVersionView[]> {
  const rows = await tx
    .select({
      id: treatmentPlanVersions.id,
      version: treatmentPlanVersions.version,
      changedAt: treatmentPlanVersions.changedAt,
      changedBy: treatmentPlanVersions.changedBy,
      reason: treatmentPlanVersions.reason,
      previous: treatmentPlanVersions.previous,
      current: treatmentPlanVersions.current,
    })
    .from(treatmentPlanVersions)
    .where(eq(treatmentPlanVersions.planId, planId))
    .orderBy(desc(treatmentPlanVersions.version))
    .limit(limit);
  const parsed = rows.map((r) => ({ ...r, before: readSnapshot(r.previous), after: readSnapshot(r.current) }));
  const ids = new Set<string>();
  for (const r of parsed) {
    ids.add(r.changedBy);
    if (r.after?.decidedBy) ids.add(r.after.decidedBy);
  }
  const names = await staffDisplayNames(tx, [...ids]);
  const person = (id: string) => ({ id, name: names.get(id) ?? "A member of staff" });
  return parsed.map((r) => {
    const unreadable = r.after === null || (r.previous !== null && r.before === null);
    const { decidedBy, ...after } = r.after ?? { decidedBy: null };
    return {
      id: r.id,
      version: r.version,
      changedAt: r.changedAt,
      changedBy: person(r.changedBy),
      decidedBy: decidedBy ? person(decidedBy) : null,
      reason: r.reason,
      created: r.previous === null && r.after ? (after as PlanSnapshot) : null,
      changes: !unreadable && r.before && r.after ? planChanges(r.before, after as PlanSnapshot) : [],
      unreadable,
    };
  });
}

export type Clinician = { id: string; name: string; roles: string };

/** The organisation's clinicians, who may be named as having decided a change. */
export async function listClinicians(tx: Tx): Promise<Clinician[]> {
  const rows = await queryRows<{ user_id: string; display_name: string; roles: string }>(
    tx,
    sql`select user_id, display_name, roles from app.clinician_directory()`,
  );
  return rows.map((r) => ({ id: r.user_id, name: r.display_name, roles: r.roles }));
}
