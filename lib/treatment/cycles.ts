/**
 * Where a patient is in their treatment: the current cycle and day of cycle, and the span of days
 * each cycle covers, which is how reports and grades are attributed to a cycle.
 *
 * Day 1 of a cycle is the day it was given. A cycle that was given covers the days from then until
 * the next cycle was given; the last given cycle runs on while more cycles are to come (a delay is
 * usually toxicity, which belongs to that cycle), and for its planned length once treatment is
 * complete or stopped.
 */
import { addDays, daysBetween, formatIsoDate, type IsoDate } from "./dates";
import type { AgentDose } from "./doses";

export const CYCLE_STATUSES = ["planned", "given", "delayed", "held", "cancelled"] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
  planned: "Planned",
  given: "Given",
  delayed: "Delayed",
  held: "Held",
  cancelled: "Cancelled",
};

export type CycleFacts = {
  cycleNumber: number;
  plannedDate: IsoDate;
  givenDate: IsoDate | null;
  /** Percent of the full dose, 0-100: the highest of the agents' doses. */
  dosePercent: number;
  status: CycleStatus;
  reason: string | null;
  /**
   * Each agent's own dose (lib/treatment/doses.ts). Absent in versions saved before doses per agent
   * and where a cycle is made without them: every agent is then at `dosePercent`.
   */
  agentDoses?: AgentDose[];
};

export type PlanTimingFacts = {
  cycleLengthDays: number;
  plannedCycles: number;
  startDate: IsoDate;
  /** The day treatment was stopped, if it was. */
  stoppedOn: IsoDate | null;
  cycles: readonly CycleFacts[];
};

/** The day a given cycle started: the date given (the planned date if none was recorded). */
export function cycleStartedOn(cycle: CycleFacts): IsoDate | null {
  if (cycle.status !== "given") return null;
  return cycle.givenDate ?? cycle.plannedDate;
}

export type CycleWindow = {
  cycleNumber: number;
  /** First day of the cycle (inclusive). */
  from: IsoDate;
  /** The day after its last day (exclusive); null while it runs on. */
  to: IsoDate | null;
  dosePercent: number;
};

/** Given cycles in the order they were given, each with the span of days it covers. */
export function cycleWindows(plan: PlanTimingFacts): CycleWindow[] {
  const given = plan.cycles
    .map((c) => ({ cycle: c, from: cycleStartedOn(c) }))
    .filter((g): g is { cycle: CycleFacts; from: IsoDate } => g.from !== null)
    .sort((a, b) => a.from.localeCompare(b.from) || a.cycle.cycleNumber - b.cycle.cycleNumber);
  const moreToCome =
    plan.stoppedOn === null &&
    plan.cycles.some((c) => (c.status === "planned" || c.status === "delayed") && c.cycleNumber <= plan.plannedCycles);
  return given.map((g, i) => {
    const next = given[i + 1];
    let to: IsoDate | null;
    if (next) to = next.from;
    else if (moreToCome) to = null;
    else to = addDays(g.from, plan.cycleLengthDays);
    if (!next && plan.stoppedOn && to !== null && plan.stoppedOn > g.from && plan.stoppedOn < to) {
      to = addDays(plan.stoppedOn, 1);
    }
    return { cycleNumber: g.cycle.cycleNumber, from: g.from, to, dosePercent: g.cycle.dosePercent };
  });
}

/** The cycle a day belongs to: a cycle number, or before the first / after the last cycle. */
export function cycleOfDay(day: IsoDate, windows: readonly CycleWindow[]): number | "before" | "after" {
  if (windows.length === 0 || day < windows[0].from) return "before";
  for (let i = windows.length - 1; i >= 0; i--) {
    const w = windows[i];
    if (day >= w.from) return w.to === null || day < w.to ? w.cycleNumber : "after";
  }
  return "before";
}

export type CyclePosition =
  | { kind: "not_started"; nextCycle: number | null; nextDate: IsoDate | null }
  | {
      kind: "in_cycle";
      cycleNumber: number;
      dayOfCycle: number;
      cycleLengthDays: number;
      startedOn: IsoDate;
      dosePercent: number;
      /** Past the planned length with the next cycle not yet given. */
      overdue: boolean;
      nextCycle: number | null;
      nextDate: IsoDate | null;
    }
  | { kind: "completed"; lastCycle: number; lastDate: IsoDate }
  | { kind: "stopped"; stoppedOn: IsoDate; lastCycle: number | null };

/** The cycle the patient is in on `today`, or last started; undefined before the first. */
export function currentWindow(windows: readonly CycleWindow[], today: IsoDate): CycleWindow | undefined {
  return windows.filter((w) => w.from <= today).at(-1);
}

/** Where the patient is on `today`: the cycle and day of cycle (day 1 = the day it was given). */
export function cyclePosition(plan: PlanTimingFacts, today: IsoDate): CyclePosition {
  const last = currentWindow(cycleWindows(plan), today);
  if (plan.stoppedOn !== null && plan.stoppedOn <= today) {
    return { kind: "stopped", stoppedOn: plan.stoppedOn, lastCycle: last?.cycleNumber ?? null };
  }
  const upcoming = plan.cycles
    .filter((c) => (c.status === "planned" || c.status === "delayed") && c.cycleNumber <= plan.plannedCycles)
    .sort((a, b) => a.cycleNumber - b.cycleNumber)[0];
  if (!last) {
    return { kind: "not_started", nextCycle: upcoming?.cycleNumber ?? null, nextDate: upcoming?.plannedDate ?? null };
  }
  const dayOfCycle = daysBetween(last.from, today) + 1;
  if (!upcoming && last.to !== null && today >= last.to) {
    return { kind: "completed", lastCycle: last.cycleNumber, lastDate: last.from };
  }
  return {
    kind: "in_cycle",
    cycleNumber: last.cycleNumber,
    dayOfCycle,
    cycleLengthDays: plan.cycleLengthDays,
    startedOn: last.from,
    dosePercent: last.dosePercent,
    overdue: upcoming !== undefined && dayOfCycle > plan.cycleLengthDays,
    nextCycle: upcoming?.cycleNumber ?? null,
    nextDate: upcoming?.plannedDate ?? null,
  };
}

/** The position in one line, e.g. "Cycle 3, day 12 of 21". */
export function describeCyclePosition(position: CyclePosition): string {
  switch (position.kind) {
    case "not_started":
      return position.nextDate
        ? `Not started; cycle ${position.nextCycle} planned for ${formatIsoDate(position.nextDate)}`
        : "Not started";
    case "in_cycle": {
      const base = `Cycle ${position.cycleNumber}, day ${position.dayOfCycle} of ${position.cycleLengthDays}`;
      return position.overdue ? `${base} (cycle ${position.nextCycle} not yet given)` : base;
    }
    case "completed":
      return `Completed: ${position.lastCycle} cycle${position.lastCycle === 1 ? "" : "s"}, last given ${formatIsoDate(position.lastDate)}`;
    case "stopped":
      return `Treatment stopped on ${formatIsoDate(position.stoppedOn)}`;
  }
}

/**
 * The plan's cycles filled in to its planned number: missing cycles are added as planned, each
 * one cycle length after the one before; cycles beyond the planned number that were never given
 * are cancelled. Nothing is ever removed (a plan's cycles are kept for the record).
 */
export function reconcileCycles(
  plan: Pick<PlanTimingFacts, "cycleLengthDays" | "plannedCycles" | "startDate">,
  cycles: readonly CycleFacts[],
  cancelReason: string,
): CycleFacts[] {
  const byNumber = new Map(cycles.map((c) => [c.cycleNumber, { ...c }]));
  const highest = Math.max(plan.plannedCycles, ...cycles.map((c) => c.cycleNumber), 0);
  const out: CycleFacts[] = [];
  for (let n = 1; n <= highest; n++) {
    const existing = byNumber.get(n);
    if (existing) {
      if (n > plan.plannedCycles && existing.status !== "given" && existing.status !== "cancelled") {
        out.push({ ...existing, status: "cancelled", reason: existing.reason || cancelReason });
      } else out.push(existing);
      continue;
    }
    const previous = out.at(-1);
    const plannedDate = previous
      ? addDays(previous.givenDate ?? previous.plannedDate, plan.cycleLengthDays)
      : plan.startDate;
    // A reduced dose usually continues: a new cycle starts at the dose of the one before it.
    const dosePercent = previous && previous.dosePercent > 0 ? previous.dosePercent : 100;
    out.push({ cycleNumber: n, plannedDate, givenDate: null, dosePercent, status: "planned", reason: null });
  }
  return out;
}
