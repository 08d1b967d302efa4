import { describe, expect, test } from "vitest";
import type { CycleFacts } from "./cycles";
import { applyStop, describeChange, isDecision, type PlanSnapshot, planChanges, validatePlan } from "./plan";

const TODAY = "2026-02-10";
const cycle = (n: number, over: Partial<CycleFacts> = {}): CycleFacts => ({
  cycleNumber: n,
  plannedDate: ["2026-01-05", "2026-01-26", "2026-02-16", "2026-03-09"][n - 1],
  givenDate: null,
  dosePercent: 100,
  status: "planned",
  reason: null,
  ...over,
});
const BASE: PlanSnapshot = {
  regimen: "EC-T",
  drugs: ["epirubicin", "cyclophosphamide"],
  intent: "adjuvant",
  cycleLengthDays: 21,
  plannedCycles: 4,
  startDate: "2026-01-05",
  stoppedOn: null,
  cycles: [
    cycle(1, { status: "given", givenDate: "2026-01-05" }),
    cycle(2, { status: "given", givenDate: "2026-01-26" }),
    cycle(3),
    cycle(4),
  ],
};
const withCycle = (n: number, over: Partial<CycleFacts>): PlanSnapshot => ({
  ...BASE,
  cycles: BASE.cycles.map((c) => (c.cycleNumber === n ? { ...c, ...over } : c)),
});
const ctx = (over: Partial<{ reason: string; decidedBy: string | null }> = {}) => ({
  today: TODAY,
  reason: "",
  decidedBy: null,
  ...over,
});
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe("planChanges", () => {
  test("a dose reduction, with the previous value", () => {
    const changes = planChanges(BASE, withCycle(3, { dosePercent: 80 }));
    expect(changes).toEqual([{ kind: "dose_reduced", cycleNumber: 3, what: "Dose level", from: "100%", to: "80%" }]);
    expect(describeChange(changes[0])).toBe("Cycle 3 dose level: 100% → 80%");
    expect(isDecision(changes[0])).toBe(true);
  });

  test("plan fields, stopping and added cycles", () => {
    const next: PlanSnapshot = {
      ...BASE,
      regimen: "EC",
      plannedCycles: 5,
      stoppedOn: "2026-02-09",
      cycles: [...BASE.cycles, { ...cycle(4), cycleNumber: 5, plannedDate: "2026-03-30" }],
    };
    const changes = planChanges(BASE, next);
    expect(changes.map(describeChange)).toEqual([
      "Regimen: EC-T → EC",
      "Planned cycles: 4 → 5",
      "Treatment: Continuing → Stopped 9 Feb 2026",
      "Cycle 5 added: Planned, 30 Mar 2026, 100%",
    ]);
    expect(changes.filter(isDecision).map((c) => c.kind)).toEqual(["stopped"]);
  });

  test("holding a cycle is a decision; delaying one is not", () => {
    const held = planChanges(BASE, withCycle(3, { status: "held", reason: "Neutrophils low" }));
    expect(held.filter(isDecision)).toHaveLength(1);
    const delayed = planChanges(
      BASE,
      withCycle(3, { status: "delayed", reason: "Bank holiday", plannedDate: "2026-02-18" }),
    );
    expect(delayed.filter(isDecision)).toHaveLength(0);
    expect(delayed.map(describeChange)).toEqual([
      "Cycle 3 status: Planned → Delayed",
      "Cycle 3 planned date: 16 Feb 2026 → 18 Feb 2026",
      "Cycle 3 reason: none → Bank holiday",
    ]);
  });
});

describe("validatePlan", () => {
  test("a dose reduction needs a reason and who decided", () => {
    const next = withCycle(3, { dosePercent: 75 });
    expect(fields(validatePlan(next, BASE, ctx()))).toEqual(["reason", "decidedBy"]);
    expect(validatePlan(next, BASE, ctx({ reason: "Grade 3 neuropathy", decidedBy: "onc-1" }))).toEqual([]);
    expect(validatePlan(next, BASE, ctx())[0].message).toBe("A dose reduction needs a reason: say why it was decided.");
  });

  test("stopping treatment needs a reason and who decided", () => {
    const next = { ...BASE, stoppedOn: TODAY };
    expect(validatePlan(next, BASE, ctx({ reason: "Progression" })).map((p) => p.message)).toEqual([
      "Stopping treatment needs the name of the clinician who decided it.",
    ]);
    expect(
      fields(validatePlan({ ...BASE, stoppedOn: "2026-03-01" }, BASE, ctx({ reason: "x", decidedBy: "a" }))),
    ).toEqual(["stoppedOn"]);
  });

  test("any other change still says why; no change is refused", () => {
    expect(fields(validatePlan(withCycle(3, { plannedDate: "2026-02-17" }), BASE, ctx()))).toEqual(["reason"]);
    expect(validatePlan(withCycle(3, { plannedDate: "2026-02-17" }), BASE, ctx({ reason: "Clinic moved" }))).toEqual(
      [],
    );
    expect(fields(validatePlan(BASE, BASE, ctx({ reason: "x" })))).toEqual(["form"]);
  });

  test("a new plan needs no reason", () => {
    expect(validatePlan(BASE, null, ctx())).toEqual([]);
  });

  test("cycle rules: dates given, reasons for delays and holds, dose range", () => {
    const problems = validatePlan(
      {
        ...BASE,
        cycles: [
          cycle(1, { status: "given", givenDate: null }),
          cycle(2, { status: "given", givenDate: "2026-03-01" }),
          cycle(3, { status: "delayed" }),
          cycle(4, { givenDate: "2026-01-01", dosePercent: 0 }),
        ],
      },
      null,
      ctx(),
    );
    expect(problems).toEqual([
      { field: "cycles.0.givenDate", message: "Enter the date cycle 1 was given." },
      { field: "cycles.1.givenDate", message: "Cycle 2 cannot have been given in the future." },
      { field: "cycles.2.reason", message: "Say why cycle 3 is delayed." },
      {
        field: "cycles.3.dosePercent",
        message: "A dose level of 0% means cycle 4 is held or cancelled: choose that status.",
      },
      {
        field: "cycles.3.givenDate",
        message: "Only a given cycle has a date given; clear it or mark cycle 4 as given.",
      },
    ]);
    expect(fields(validatePlan(withCycle(3, { dosePercent: 120 }), null, ctx()))).toEqual(["cycles.2.dosePercent"]);
    expect(fields(validatePlan(withCycle(3, { plannedDate: "2026-01-20" }), null, ctx()))).toEqual([
      "cycles.2.plannedDate",
    ]);
  });

  test("cycles are never removed", () => {
    const next = { ...BASE, cycles: BASE.cycles.slice(0, 3) };
    expect(validatePlan(next, BASE, ctx({ reason: "x" })).map((p) => p.message)).toContain(
      "Cycles are never removed; cancel cycle 4 instead.",
    );
  });
});

describe("applyStop", () => {
  test("stopping cancels the cycles not yet given, with the reason", () => {
    const stopped = applyStop({ ...BASE, stoppedOn: TODAY }, BASE, "Disease progression");
    expect(stopped.cycles.map((c) => [c.status, c.reason])).toEqual([
      ["given", null],
      ["given", null],
      ["cancelled", "Disease progression"],
      ["cancelled", "Disease progression"],
    ]);
    // Already stopped: nothing more to do.
    const again = { ...BASE, stoppedOn: TODAY };
    expect(applyStop(again, again, "x")).toBe(again);
  });
});
