import "server-only";
/**
 * Reading treatment plans: a patient's current plan with its cycles, a plan by id, the plan as it is
 * versioned, and the clinicians who may be named as having decided a change. Runs inside `withRls`:
 * reading needs the patient's consent for `treatment`.
 */
import { sql } from "drizzle-orm";
import type { CycleStatus } from "../../lib/treatment/cycles";
import { clinicDate } from "../../lib/treatment/dates";
import { type AgentDose, withAgentDoses } from "../../lib/treatment/doses";
import type { PlanIntent, PlanSnapshot, TreatmentPlanView } from "../../lib/treatment/plan";
import type { Tx } from "../client";
import { queryRows } from "../sql";

export type { TreatmentCycleView, TreatmentPlanView } from "../../lib/treatment/plan";

export const toDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
export const parseJson = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

/** The row of treatment_plans plus its cycles, as one statement returns them. */
export function planFromRow(row: Record<string, unknown>): TreatmentPlanView {
  const cycles = parseJson<Record<string, unknown>[] | null>(row.cycles) ?? [];
  const stoppedAt = toDate(row.stopped_at);
  const drugs = parseJson<string[]>(row.drugs) ?? [];
  return {
    id: row.id as string,
    patientId: row.patient_id as string,
    regimen: row.regimen as string,
    drugs,
    intent: row.intent as PlanIntent,
    cycleLengthDays: Number(row.cycle_length_days),
    plannedCycles: Number(row.planned_cycles),
    startDate: String(row.start_date).slice(0, 10),
    stoppedAt,
    stoppedOn: stoppedAt ? clinicDate(stoppedAt) : null,
    version: Number(row.version),
    updatedAt: toDate(row.updated_at) as Date,
    updatedBy: (row.updated_by as string | null) ?? null,
    cycles: cycles.map((c) =>
      // Agents without a dose of their own (cycles stored before doses per agent) are at the cycle's level.
      withAgentDoses(
        {
          id: c.id as string,
          cycleNumber: Number(c.cycleNumber),
          plannedDate: String(c.plannedDate).slice(0, 10),
          givenDate: c.givenDate == null ? null : String(c.givenDate).slice(0, 10),
          dosePercent: Number(c.dosePercent),
          status: c.status as CycleStatus,
          reason: (c.reason as string | null) ?? null,
          agentDoses: (parseJson<Record<string, unknown>[] | null>(c.doses) ?? []).map(
            (d): AgentDose => ({
              agent: d.agent as string,
              dosePercent: Number(d.dosePercent),
              reason: (d.reason as string | null) ?? null,
            }),
          ),
        },
        drugs,
      ),
    ),
  };
}

export const PLAN_SELECT = sql`select p.id, p.patient_id, p.regimen, to_json(p.drugs) as drugs, p.intent, p.cycle_length_days,
    p.planned_cycles, p.start_date::text as start_date, p.stopped_at, p.version, p.updated_at, p.updated_by,
    (select json_agg(json_build_object('id', c.id, 'cycleNumber', c.cycle_number, 'plannedDate', c.planned_date,
              'givenDate', c.given_date, 'dosePercent', c.dose_percent, 'status', c.status, 'reason', c.reason,
              'doses', (select json_agg(json_build_object('agent', d.agent, 'dosePercent', d.dose_percent, 'reason', d.reason))
                          from treatment_cycle_doses d where d.cycle_id = c.id and d.patient_id = c.patient_id))
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

export type FindCurrentPlanParams = { patientId: string };

/** The patient's current treatment plan, or null (none, or the caller may not read it). */
export async function findCurrentPlan(tx: Tx, { patientId }: FindCurrentPlanParams): Promise<TreatmentPlanView | null> {
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

export type FindPlanByIdParams = { planId: string };

/** A plan by id, with its cycles. */
export async function findPlanById(tx: Tx, { planId }: FindPlanByIdParams): Promise<TreatmentPlanView | null> {
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`${PLAN_SELECT} where p.id = ${planId}`);
  return row ? planFromRow(row) : null;
}

export type Prescriber = { id: string; name: string };

export type ListPrescribersParams = { patientId: string };

/**
 * Who may be named as having decided a change to the patient's plan: the oncologists who may see
 * the patient's treatment (app.prescribers_for), by name.
 */
export async function listPrescribers(tx: Tx, { patientId }: ListPrescribersParams): Promise<Prescriber[]> {
  const rows = await queryRows<{ user_id: string; display_name: string }>(
    tx,
    sql`select user_id, display_name from app.prescribers_for(${patientId}::uuid)`,
  );
  return rows.map((r) => ({ id: r.user_id, name: r.display_name }));
}
