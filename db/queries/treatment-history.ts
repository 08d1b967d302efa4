import "server-only";
import { desc, eq } from "drizzle-orm";
import { CYCLE_STATUSES, type CycleFacts, type CycleStatus } from "../../lib/treatment/cycles";
import { type IsoDate, isIsoDate } from "../../lib/treatment/dates";
import type { AgentDose } from "../../lib/treatment/doses";
import {
  PLAN_INTENTS,
  type PlanChange,
  type PlanIntent,
  type PlanSnapshot,
  planChanges,
} from "../../lib/treatment/plan";
import type { Tx } from "../client";
import { treatmentPlanVersions } from "../schema";
import { staffDisplayNames } from "./staff";
import { parseJson } from "./treatment-plans";

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

/** A version's doses per agent read back defensively: entries that are not a dose are left out. */
function readAgentDoses(value: unknown[]): AgentDose[] {
  return value.flatMap((d) => {
    if (!d || typeof d !== "object") return [];
    const { agent, dosePercent, reason } = d as Record<string, unknown>;
    if (typeof agent !== "string" || typeof dosePercent !== "number") return [];
    return [{ agent, dosePercent, reason: typeof reason === "string" ? reason : null }];
  });
}

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
      // Versions saved before doses per agent have none: every agent was at the cycle's level.
      ...(Array.isArray(c.agentDoses) ? { agentDoses: readAgentDoses(c.agentDoses) } : {}),
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

export type ListPlanVersionsParams = { planId: string; limit?: number };

/** Every version of a plan, newest first, with who changed what, when and why, and the previous values. */
export async function listPlanVersions(
  tx: Tx,
  { planId, limit = 100 }: ListPlanVersionsParams,
): Promise<PlanVersionView[]> {
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
