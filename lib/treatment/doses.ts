/**
 * Doses per agent: each agent of the plan has its own percentage of the full dose in each cycle,
 * so docetaxel and carboplatin can be reduced while trastuzumab stays at 100%. A cycle's dose level
 * is the highest of its agents' (0%: nothing given, the cycle is held or cancelled).
 */
import type { CycleFacts } from "./cycles";

export type AgentDose = {
  /** The agent as the plan's drugs name it. */
  agent: string;
  /** Percent of the agent's full dose, 0-100. */
  dosePercent: number;
  /** Why the agent's dose differs from the full dose; null at the full dose or when not said. */
  reason: string | null;
};

/**
 * Each agent of the plan in the cycle, in the plan's order: the dose recorded for it, or the
 * cycle's dose level (cycles recorded before doses per agent, and an agent added to the plan later).
 */
export function agentDosesOf(cycle: Pick<CycleFacts, "dosePercent" | "agentDoses">, drugs: readonly string[]) {
  const recorded = new Map((cycle.agentDoses ?? []).map((d) => [d.agent, d]));
  return drugs.map(
    (agent): AgentDose => recorded.get(agent) ?? { agent, dosePercent: cycle.dosePercent, reason: null },
  );
}

/** The cycle's dose level from its agents' doses: the highest. */
export function cycleDoseLevel(doses: readonly AgentDose[], fallback: number): number {
  return doses.length === 0 ? fallback : Math.max(...doses.map((d) => d.dosePercent));
}

/**
 * The cycle with one dose for each agent of the plan (in the plan's order, none for an agent it no
 * longer has) and its dose level worked out from them.
 */
export function withAgentDoses<C extends CycleFacts>(cycle: C, drugs: readonly string[]): C {
  const given = agentDosesOf(cycle, drugs);
  // A cycle whose level was set on its own (not from its agents' doses) sets every agent to it.
  const levelSet = given.length > 0 && cycleDoseLevel(given, cycle.dosePercent) !== cycle.dosePercent;
  const agentDoses = given.map((d) => ({
    ...d,
    dosePercent: levelSet ? cycle.dosePercent : d.dosePercent,
    reason: d.reason?.trim() ? d.reason.trim() : null,
  }));
  return { ...cycle, agentDoses, dosePercent: cycleDoseLevel(agentDoses, cycle.dosePercent) };
}

/**
 * Gives each agent whose dose is reduced from `previous` without a reason of its own the change's
 * reason (cut to a cycle reason's length), so every reduced dose says why.
 */
export function withReductionReasons<C extends CycleFacts>(
  cycle: C,
  previous: CycleFacts | undefined,
  drugs: readonly string[],
  reason: string,
  maxLength: number,
): C {
  const before = new Map(previous ? agentDosesOf(previous, drugs).map((d) => [d.agent, d.dosePercent]) : []);
  const why = reason.trim().slice(0, maxLength) || null;
  return {
    ...cycle,
    agentDoses: agentDosesOf(cycle, drugs).map((d) =>
      d.dosePercent < (before.get(d.agent) ?? 100) && !d.reason ? { ...d, reason: why } : d,
    ),
  };
}

/** "80%" when every agent is at one level; otherwise "docetaxel 80%, carboplatin 80%, trastuzumab 100%". */
export function describeDoses(cycle: Pick<CycleFacts, "dosePercent" | "agentDoses">, drugs: readonly string[]) {
  const doses = agentDosesOf(cycle, drugs);
  if (doses.every((d) => d.dosePercent === cycle.dosePercent)) return `${cycle.dosePercent}%`;
  return doses.map((d) => `${d.agent} ${d.dosePercent}%`).join(", ");
}

/** The cycle's doses in words when any agent is below its full dose ("docetaxel 80%, ..." or "80%"); null at full dose. */
export function reducedDoses(cycle: Pick<CycleFacts, "dosePercent" | "agentDoses">, drugs: readonly string[]) {
  const doses = agentDosesOf(cycle, drugs);
  const reduced = doses.length > 0 ? doses.some((d) => d.dosePercent < 100) : cycle.dosePercent < 100;
  return reduced ? describeDoses(cycle, drugs) : null;
}
