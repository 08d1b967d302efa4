/**
 * A treatment plan as it is saved and versioned: the whole plan in one snapshot, what changed
 * between two snapshots (the history shows these, with the previous values), and the rules a change
 * must meet. A dose reduction, a cycle held or cancelled, and stopping treatment are clinical
 * decisions: they record who decided and why.
 */
import { CYCLE_STATUS_LABELS, CYCLE_STATUSES, type CycleFacts, type CycleStatus } from "./cycles";
import { formatIsoDate, type IsoDate, isIsoDate } from "./dates";
import { agentDosesOf } from "./doses";

export const PLAN_INTENTS = ["curative", "adjuvant", "neoadjuvant", "palliative"] as const;
export type PlanIntent = (typeof PLAN_INTENTS)[number];
export const PLAN_INTENT_LABELS: Record<PlanIntent, string> = {
  curative: "Curative",
  adjuvant: "Adjuvant",
  neoadjuvant: "Neoadjuvant",
  palliative: "Palliative",
};

export type PlanSnapshot = {
  regimen: string;
  drugs: string[];
  intent: PlanIntent;
  cycleLengthDays: number;
  plannedCycles: number;
  startDate: IsoDate;
  /** The day treatment was stopped; null while it continues. */
  stoppedOn: IsoDate | null;
  cycles: CycleFacts[];
};

/** One cycle of a stored plan: its facts and its row id. */
export type TreatmentCycleView = CycleFacts & { id: string };

/**
 * A stored plan as it is read: the versioned snapshot (`PlanSnapshot`), with the plan's id,
 * patient, version, when it was stopped and last updated, and its cycles' ids.
 */
export type TreatmentPlanView = Omit<PlanSnapshot, "cycles"> & {
  id: string;
  patientId: string;
  stoppedAt: Date | null;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
  cycles: TreatmentCycleView[];
};

export const PLAN_LIMITS = {
  regimenMax: 120,
  drugMax: 80,
  drugsMax: 12,
  reasonMax: 1000,
  cycleReasonMax: 300,
  cycleLengthMin: 1,
  cycleLengthMax: 365,
  plannedCyclesMin: 1,
  plannedCyclesMax: 100,
} as const;

export type ChangeKind =
  | "dose_reduced"
  | "dose_increased"
  | "cycle_status"
  | "cycle_date"
  | "cycle_reason"
  | "cycle_added"
  | "stopped"
  | "restarted"
  | "plan";

export type PlanChange = {
  kind: ChangeKind;
  /** The cycle changed, or null for a change to the plan itself. */
  cycleNumber: number | null;
  /** What changed, in words: "Dose level", "Regimen". */
  what: string;
  from: string | null;
  to: string | null;
};

const PLAN_FIELDS: { key: keyof PlanSnapshot; what: string; show: (s: PlanSnapshot) => string }[] = [
  { key: "regimen", what: "Regimen", show: (s) => s.regimen },
  { key: "drugs", what: "Drugs", show: (s) => s.drugs.join(", ") },
  { key: "intent", what: "Intent", show: (s) => PLAN_INTENT_LABELS[s.intent] ?? s.intent },
  { key: "cycleLengthDays", what: "Cycle length", show: (s) => `${s.cycleLengthDays} days` },
  { key: "plannedCycles", what: "Planned cycles", show: (s) => String(s.plannedCycles) },
  { key: "startDate", what: "Start date", show: (s) => formatIsoDate(s.startDate) },
];

const statusLabel = (status: CycleStatus) => CYCLE_STATUS_LABELS[status] ?? status;

/** Every difference between two snapshots, plan fields first, then cycle by cycle. */
export function planChanges(previous: PlanSnapshot | null, next: PlanSnapshot): PlanChange[] {
  const changes: PlanChange[] = [];
  if (previous === null) return changes;
  for (const f of PLAN_FIELDS) {
    const a = f.show(previous);
    const b = f.show(next);
    if (a !== b) changes.push({ kind: "plan", cycleNumber: null, what: f.what, from: a, to: b });
  }
  if (previous.stoppedOn !== next.stoppedOn) {
    if (next.stoppedOn === null) {
      changes.push({ kind: "restarted", cycleNumber: null, what: "Treatment", from: "Stopped", to: "Continuing" });
    } else {
      changes.push({
        kind: "stopped",
        cycleNumber: null,
        what: "Treatment",
        from: previous.stoppedOn ? `Stopped ${formatIsoDate(previous.stoppedOn)}` : "Continuing",
        to: `Stopped ${formatIsoDate(next.stoppedOn)}`,
      });
    }
  }
  const before = new Map(previous.cycles.map((c) => [c.cycleNumber, c]));
  for (const c of [...next.cycles].sort((x, y) => x.cycleNumber - y.cycleNumber)) {
    const old = before.get(c.cycleNumber);
    const n = c.cycleNumber;
    if (!old) {
      changes.push({
        kind: "cycle_added",
        cycleNumber: n,
        what: "Cycle added",
        from: null,
        to: `${statusLabel(c.status)}, ${formatIsoDate(c.plannedDate)}, ${c.dosePercent}%`,
      });
      continue;
    }
    if (old.agentDoses && c.agentDoses) {
      // Both sides have doses per agent: the changes are the agents', not the cycle's level.
      changes.push(...agentDoseChanges(n, old, c, next.drugs));
    } else if (old.dosePercent !== c.dosePercent) {
      changes.push({
        kind: c.dosePercent < old.dosePercent ? "dose_reduced" : "dose_increased",
        cycleNumber: n,
        what: "Dose level",
        from: `${old.dosePercent}%`,
        to: `${c.dosePercent}%`,
      });
    }
    if (old.status !== c.status) {
      changes.push({
        kind: "cycle_status",
        cycleNumber: n,
        what: "Status",
        from: statusLabel(old.status),
        to: statusLabel(c.status),
      });
    }
    if (old.plannedDate !== c.plannedDate) {
      changes.push({
        kind: "cycle_date",
        cycleNumber: n,
        what: "Planned date",
        from: formatIsoDate(old.plannedDate),
        to: formatIsoDate(c.plannedDate),
      });
    }
    if (old.givenDate !== c.givenDate) {
      changes.push({
        kind: "cycle_date",
        cycleNumber: n,
        what: "Date given",
        from: old.givenDate ? formatIsoDate(old.givenDate) : null,
        to: c.givenDate ? formatIsoDate(c.givenDate) : null,
      });
    }
    if ((old.reason ?? "") !== (c.reason ?? "")) {
      changes.push({
        kind: "cycle_reason",
        cycleNumber: n,
        what: "Reason",
        from: old.reason || null,
        to: c.reason || null,
      });
    }
  }
  return changes;
}

/**
 * The changes to each agent's dose (with its reason) in one cycle, in the plan's order; one change of
 * the cycle's dose level when every agent moved alike, from one level to one level.
 */
function agentDoseChanges(cycleNumber: number, old: CycleFacts, next: CycleFacts, drugs: readonly string[]) {
  const before = new Map(agentDosesOf(old, drugs).map((d) => [d.agent, d]));
  const after = agentDosesOf(next, drugs);
  const moved = after.filter((d) => (before.get(d.agent)?.dosePercent ?? old.dosePercent) !== d.dosePercent);
  const froms = new Set(after.map((d) => before.get(d.agent)?.dosePercent ?? old.dosePercent));
  const tos = new Set(after.map((d) => d.dosePercent));
  if (moved.length > 0 && moved.length === after.length && froms.size === 1 && tos.size === 1) {
    return [
      {
        kind: next.dosePercent < old.dosePercent ? "dose_reduced" : "dose_increased",
        cycleNumber,
        what: "Dose level",
        from: `${old.dosePercent}%`,
        to: `${next.dosePercent}%`,
      } satisfies PlanChange,
    ];
  }
  const changes: PlanChange[] = [];
  for (const d of after) {
    const was = before.get(d.agent) ?? { dosePercent: old.dosePercent, reason: null };
    if (was.dosePercent !== d.dosePercent) {
      changes.push({
        kind: d.dosePercent < was.dosePercent ? "dose_reduced" : "dose_increased",
        cycleNumber,
        what: `${d.agent} dose`,
        from: `${was.dosePercent}%`,
        to: d.reason ? `${d.dosePercent}% (${d.reason})` : `${d.dosePercent}%`,
      });
      continue;
    }
    if ((was.reason ?? "") !== (d.reason ?? "")) {
      changes.push({
        kind: "cycle_reason",
        cycleNumber,
        what: `${d.agent} dose reason`,
        from: was.reason || null,
        to: d.reason || null,
      });
    }
  }
  return changes;
}

/** One change in a sentence: "Cycle 3 dose level: 100% → 80%", "Cycle 3 docetaxel dose: 100% → 80%". */
export function describeChange(change: PlanChange): string {
  const subject =
    change.cycleNumber === null
      ? change.what
      : `Cycle ${change.cycleNumber} ${change.what.charAt(0).toLowerCase()}${change.what.slice(1)}`;
  if (change.kind === "cycle_added") return `Cycle ${change.cycleNumber} added: ${change.to}`;
  return `${subject}: ${change.from ?? "none"} → ${change.to ?? "none"}`;
}

/** Changes that are clinical decisions: they must say who decided and why. */
export function isDecision(change: PlanChange): boolean {
  if (change.kind === "dose_reduced" || change.kind === "stopped") return true;
  if (change.kind === "cycle_status")
    return change.to === statusLabel("held") || change.to === statusLabel("cancelled");
  return false;
}

export type PlanProblem = { field: string; message: string };

export type ChangeContext = {
  /** Today, in the clinic's calendar. */
  today: IsoDate;
  /** Why the change is made; required for decisions and for a new plan's reason is optional. */
  reason: string;
  /** The clinician who decided, when the change includes a decision. */
  decidedBy: string | null;
};

/**
 * Checks a new or changed plan; each problem names the form field it belongs to, so the editor can
 * show it beside that field. An empty list means the change may be saved.
 */
export function validatePlan(next: PlanSnapshot, previous: PlanSnapshot | null, ctx: ChangeContext): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!next.regimen.trim()) add("regimen", "Enter the regimen's name.");
  if (next.drugs.length === 0) add("drugs", "Enter at least one drug.");
  if (!isIsoDate(next.startDate)) add("startDate", "Enter the start date.");
  if (next.stoppedOn !== null && !isIsoDate(next.stoppedOn)) add("stoppedOn", "Enter the date treatment stopped.");
  if (next.stoppedOn !== null && isIsoDate(next.stoppedOn) && next.stoppedOn > ctx.today) {
    add("stoppedOn", "The date treatment stopped cannot be in the future.");
  }

  const numbers = next.cycles.map((c) => c.cycleNumber);
  if (new Set(numbers).size !== numbers.length) add("cycles", "Each cycle number may appear once.");
  if (previous) {
    const kept = new Set(numbers);
    const dropped = previous.cycles.filter((c) => !kept.has(c.cycleNumber)).map((c) => c.cycleNumber);
    if (dropped.length) add("cycles", `Cycles are never removed; cancel cycle ${dropped.join(", ")} instead.`);
  }
  const sorted = [...next.cycles].sort((a, b) => a.cycleNumber - b.cycleNumber);
  sorted.forEach((c, index) => {
    const at = `cycles.${index}`;
    const n = c.cycleNumber;
    if (!isIsoDate(c.plannedDate)) add(`${at}.plannedDate`, `Enter cycle ${n}'s planned date.`);
    if (!Number.isInteger(c.dosePercent) || c.dosePercent < 0 || c.dosePercent > 100) {
      add(`${at}.dosePercent`, `Cycle ${n}'s dose level must be a whole percentage from 0 to 100.`);
    } else if (c.dosePercent === 0 && c.status !== "held" && c.status !== "cancelled") {
      add(`${at}.dosePercent`, `A dose level of 0% means cycle ${n} is held or cancelled: choose that status.`);
    }
    if (c.status === "given") {
      if (!c.givenDate) add(`${at}.givenDate`, `Enter the date cycle ${n} was given.`);
      else if (!isIsoDate(c.givenDate)) add(`${at}.givenDate`, `Cycle ${n}'s date given is not a real date.`);
      else if (c.givenDate > ctx.today) add(`${at}.givenDate`, `Cycle ${n} cannot have been given in the future.`);
    } else if (c.givenDate) {
      add(`${at}.givenDate`, `Only a given cycle has a date given; clear it or mark cycle ${n} as given.`);
    }
    // A cycle given with its own level only (no agents' doses) was checked just above.
    (c.agentDoses ? agentDosesOf(c, next.drugs) : []).forEach((d, j) => {
      const field = `${at}.agentDoses.${j}`;
      if (!Number.isInteger(d.dosePercent) || d.dosePercent < 0 || d.dosePercent > 100) {
        add(`${field}.dosePercent`, `Cycle ${n}'s ${d.agent} dose must be a whole percentage from 0 to 100.`);
        return;
      }
      if ((d.reason ?? "").length > PLAN_LIMITS.cycleReasonMax) {
        add(
          `${field}.reason`,
          `Keep the reason for cycle ${n}'s ${d.agent} dose under ${PLAN_LIMITS.cycleReasonMax} characters.`,
        );
      }
    });
    if ((c.status === "delayed" || c.status === "held" || c.status === "cancelled") && !c.reason?.trim()) {
      add(`${at}.reason`, `Say why cycle ${n} is ${statusLabel(c.status).toLowerCase()}.`);
    }
    if ((c.reason ?? "").length > PLAN_LIMITS.cycleReasonMax) {
      add(`${at}.reason`, `Keep cycle ${n}'s reason under ${PLAN_LIMITS.cycleReasonMax} characters.`);
    }
    const before = sorted[index - 1];
    if (before && isIsoDate(c.plannedDate) && isIsoDate(before.plannedDate) && c.plannedDate < before.plannedDate) {
      add(`${at}.plannedDate`, `Cycle ${n} is planned before cycle ${before.cycleNumber}.`);
    }
  });
  for (const c of next.cycles)
    if (!CYCLE_STATUSES.includes(c.status)) add("cycles", `Cycle ${c.cycleNumber} has an unknown status.`);

  const changes = planChanges(previous, next);
  const decisions = changes.filter(isDecision);
  if (previous !== null && changes.length === 0) add("form", "Nothing has changed: there is nothing to save.");
  if (decisions.length > 0) {
    const what = decisions.some((d) => d.kind === "stopped")
      ? "Stopping treatment"
      : decisions.some((d) => d.kind === "dose_reduced")
        ? "A dose reduction"
        : "Holding or cancelling a cycle";
    if (!ctx.reason.trim()) add("reason", `${what} needs a reason: say why it was decided.`);
    if (!ctx.decidedBy) add("decidedBy", `${what} needs the name of the clinician who decided it.`);
  } else if (previous !== null && !ctx.reason.trim()) {
    add("reason", "Say why the plan is changing.");
  }
  if (ctx.reason.length > PLAN_LIMITS.reasonMax)
    add("reason", `Keep the reason under ${PLAN_LIMITS.reasonMax} characters.`);
  return problems;
}

/** Stopping treatment cancels every cycle not yet given; the plan keeps them, marked with the reason. */
export function applyStop(next: PlanSnapshot, previous: PlanSnapshot | null, reason: string): PlanSnapshot {
  const stopping = next.stoppedOn !== null && (previous === null || previous.stoppedOn === null);
  if (!stopping) return next;
  const why = reason.trim().slice(0, PLAN_LIMITS.cycleReasonMax) || "Treatment stopped";
  return {
    ...next,
    cycles: next.cycles.map((c) =>
      c.status === "planned" || c.status === "delayed" ? { ...c, status: "cancelled", reason: c.reason || why } : c,
    ),
  };
}

/** "EC, 6 cycles of 21 days from 5 Jan 2026". */
export function describePlan(
  plan: Pick<PlanSnapshot, "regimen" | "plannedCycles" | "cycleLengthDays" | "startDate">,
): string {
  return `${plan.regimen}, ${plan.plannedCycles} cycle${plan.plannedCycles === 1 ? "" : "s"} of ${plan.cycleLengthDays} days from ${formatIsoDate(plan.startDate)}`;
}
