import { describe, expect, test } from "vitest";
import {
  type CycleFacts,
  cycleOfDay,
  cyclePosition,
  cycleWindows,
  describeCyclePosition,
  type PlanTimingFacts,
  reconcileCycles,
} from "./cycles";
import { addDays, ageOn, clinicDate, daysBetween, isIsoDate, startOfClinicDay } from "./dates";

const cycle = (n: number, over: Partial<CycleFacts> = {}): CycleFacts => ({
  cycleNumber: n,
  plannedDate: addDays("2026-01-05", (n - 1) * 21),
  givenDate: null,
  dosePercent: 100,
  status: "planned",
  reason: null,
  ...over,
});
const given = (n: number, on: string, over: Partial<CycleFacts> = {}) =>
  cycle(n, { status: "given", givenDate: on, ...over });

const plan = (cycles: CycleFacts[], over: Partial<PlanTimingFacts> = {}): PlanTimingFacts => ({
  cycleLengthDays: 21,
  plannedCycles: 6,
  startDate: "2026-01-05",
  stoppedOn: null,
  cycles,
  ...over,
});

describe("dates", () => {
  test("ISO dates are real calendar days", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-2-1")).toBe(false);
    expect(isIsoDate(20260201)).toBe(false);
  });

  test("day arithmetic ignores clock changes", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // across the spring clock change
    expect(addDays("2026-10-24", 2)).toBe("2026-10-26");
    expect(daysBetween("2026-01-10", "2026-01-05")).toBe(-5);
  });

  test("a report's day is its day in London", () => {
    expect(clinicDate(new Date("2026-07-01T23:30:00Z"))).toBe("2026-07-02"); // BST
    expect(clinicDate(new Date("2026-01-01T23:30:00Z"))).toBe("2026-01-01"); // GMT
    expect(new Date(startOfClinicDay("2026-07-02")).toISOString()).toBe("2026-07-01T23:00:00.000Z");
    expect(new Date(startOfClinicDay("2026-01-02")).toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });

  test("age in whole years, birthday counted on the day", () => {
    expect(ageOn("1960-03-15", "2026-03-14")).toBe(65);
    expect(ageOn("1960-03-15", "2026-03-15")).toBe(66);
  });
});

describe("cycle windows", () => {
  test("each given cycle runs until the next was given; the last runs on while cycles remain", () => {
    const p = plan([given(1, "2026-01-05"), given(2, "2026-01-29"), cycle(3)]);
    expect(cycleWindows(p)).toEqual([
      { cycleNumber: 1, from: "2026-01-05", to: "2026-01-29", dosePercent: 100 },
      { cycleNumber: 2, from: "2026-01-29", to: null, dosePercent: 100 },
    ]);
  });

  test("the last cycle of a completed plan covers its planned length", () => {
    const p = plan([given(1, "2026-01-05"), given(2, "2026-01-26")], { plannedCycles: 2 });
    expect(cycleWindows(p).at(-1)).toEqual({ cycleNumber: 2, from: "2026-01-26", to: "2026-02-16", dosePercent: 100 });
  });

  test("stopping treatment ends the last cycle on the day it stopped", () => {
    const p = plan([given(1, "2026-01-05"), cycle(2, { status: "cancelled", reason: "x" })], {
      stoppedOn: "2026-01-12",
    });
    expect(cycleWindows(p)).toEqual([{ cycleNumber: 1, from: "2026-01-05", to: "2026-01-13", dosePercent: 100 }]);
  });

  test("cycleOfDay places a day before, within or after the cycles", () => {
    const windows = cycleWindows(plan([given(1, "2026-01-05"), given(2, "2026-01-26")], { plannedCycles: 2 }));
    expect(cycleOfDay("2026-01-04", windows)).toBe("before");
    expect(cycleOfDay("2026-01-05", windows)).toBe(1);
    expect(cycleOfDay("2026-01-25", windows)).toBe(1);
    expect(cycleOfDay("2026-01-26", windows)).toBe(2);
    expect(cycleOfDay("2026-02-15", windows)).toBe(2);
    expect(cycleOfDay("2026-02-16", windows)).toBe("after");
    expect(cycleOfDay("2026-02-16", [])).toBe("before");
  });
});

describe("cycle position", () => {
  const p = plan([
    given(1, "2026-01-05"),
    given(2, "2026-01-26", { dosePercent: 80 }),
    cycle(3, { plannedDate: "2026-02-16" }),
  ]);

  test("day 1 is the day the cycle was given", () => {
    expect(cyclePosition(p, "2026-01-26")).toMatchObject({
      kind: "in_cycle",
      cycleNumber: 2,
      dayOfCycle: 1,
      dosePercent: 80,
    });
    expect(cyclePosition(p, "2026-02-06")).toMatchObject({
      kind: "in_cycle",
      cycleNumber: 2,
      dayOfCycle: 12,
      overdue: false,
    });
    expect(describeCyclePosition(cyclePosition(p, "2026-02-06"))).toBe("Cycle 2, day 12 of 21");
  });

  test("past its length with the next cycle not given, the cycle is overdue", () => {
    const position = cyclePosition(p, "2026-02-19");
    expect(position).toMatchObject({ kind: "in_cycle", cycleNumber: 2, dayOfCycle: 25, overdue: true, nextCycle: 3 });
    expect(describeCyclePosition(position)).toBe("Cycle 2, day 25 of 21 (cycle 3 not yet given)");
  });

  test("before the first cycle is given", () => {
    const position = cyclePosition(plan([cycle(1), cycle(2)]), "2026-01-01");
    expect(position).toEqual({ kind: "not_started", nextCycle: 1, nextDate: "2026-01-05" });
    expect(describeCyclePosition(position)).toBe("Not started; cycle 1 planned for 5 Jan 2026");
  });

  test("completed and stopped", () => {
    const done = plan([given(1, "2026-01-05"), given(2, "2026-01-26")], { plannedCycles: 2 });
    expect(cyclePosition(done, "2026-02-15")).toMatchObject({ kind: "in_cycle", cycleNumber: 2, dayOfCycle: 21 });
    expect(cyclePosition(done, "2026-02-16")).toEqual({ kind: "completed", lastCycle: 2, lastDate: "2026-01-26" });
    const stopped = plan([given(1, "2026-01-05"), cycle(2, { status: "cancelled" })], { stoppedOn: "2026-01-20" });
    expect(cyclePosition(stopped, "2026-01-19")).toMatchObject({ kind: "in_cycle", cycleNumber: 1, dayOfCycle: 15 });
    expect(cyclePosition(stopped, "2026-01-20")).toEqual({ kind: "stopped", stoppedOn: "2026-01-20", lastCycle: 1 });
  });

  test("a held cycle is skipped when looking for the next one", () => {
    const p2 = plan([given(1, "2026-01-05"), cycle(2, { status: "held", reason: "neutropenia" }), cycle(3)]);
    expect(cyclePosition(p2, "2026-01-30")).toMatchObject({ kind: "in_cycle", cycleNumber: 1, nextCycle: 3 });
  });
});

describe("reconcileCycles", () => {
  const timing = { cycleLengthDays: 21, plannedCycles: 4, startDate: "2026-01-05" };

  test("adds the missing cycles one cycle length apart, carrying the last dose level", () => {
    const out = reconcileCycles(timing, [given(1, "2026-01-06", { dosePercent: 80 })], "fewer cycles");
    expect(out.map((c) => [c.cycleNumber, c.plannedDate, c.dosePercent, c.status])).toEqual([
      [1, "2026-01-05", 80, "given"],
      [2, "2026-01-27", 80, "planned"],
      [3, "2026-02-17", 80, "planned"],
      [4, "2026-03-10", 80, "planned"],
    ]);
  });

  test("never removes a cycle: ones beyond the planned number are cancelled unless given", () => {
    const out = reconcileCycles(
      { ...timing, plannedCycles: 2 },
      [given(1, "2026-01-05"), cycle(2), cycle(3), given(4, "2026-03-01")],
      "Two cycles only",
    );
    expect(out.map((c) => [c.cycleNumber, c.status, c.reason])).toEqual([
      [1, "given", null],
      [2, "planned", null],
      [3, "cancelled", "Two cycles only"],
      [4, "given", null],
    ]);
  });
});
