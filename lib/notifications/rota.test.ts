import { describe, expect, test } from "vitest";
import { fromClinicWallClock, gapsInCover, shiftTimeProblems, toClinicWallClock } from "./rota";

const at = (iso: string) => new Date(iso);

describe("times entered in the clinic's zone", () => {
  test("a winter time is UTC, a summer time an hour earlier in UTC", () => {
    expect(fromClinicWallClock("2026-01-10T09:00")?.toISOString()).toBe("2026-01-10T09:00:00.000Z");
    expect(fromClinicWallClock("2026-07-10T09:00")?.toISOString()).toBe("2026-07-10T08:00:00.000Z");
  });

  test("the hour the clocks skip names no time; the repeated hour is taken the first time", () => {
    expect(fromClinicWallClock("2026-03-29T01:30")).toBeNull();
    expect(fromClinicWallClock("2026-10-25T01:30")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  test("anything else is not a time", () => {
    for (const bad of ["", "2026-02-30T09:00", "2026-01-10 09:00", "2026-01-10T25:00", "tomorrow"])
      expect(fromClinicWallClock(bad)).toBeNull();
  });

  test("an instant reads back as the wall clock it was entered as", () => {
    expect(toClinicWallClock(at("2026-07-10T08:00:00Z"))).toBe("2026-07-10T09:00");
    expect(toClinicWallClock(at("2026-01-10T23:59:00Z"))).toBe("2026-01-10T23:59");
  });
});

describe("a shift's times", () => {
  const now = at("2026-03-01T12:00:00Z");
  const problem = (from: string, to: string) =>
    shiftTimeProblems({ startsAt: at(from), endsAt: at(to) }, now).map((p) => p.message);

  test("a twelve-hour shift to come is fine, as is one that started before now", () => {
    expect(problem("2026-03-02T08:00:00Z", "2026-03-02T20:00:00Z")).toEqual([]);
    expect(problem("2026-03-01T08:00:00Z", "2026-03-01T20:00:00Z")).toEqual([]);
  });

  test("it ends after it starts, lasts at most 7 days, and has not ended", () => {
    expect(problem("2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z")).toEqual(["The shift must end after it starts."]);
    expect(problem("2026-03-02T08:00:00Z", "2026-03-09T08:01:00Z")[0]).toMatch(/at most 7 days/);
    expect(problem("2026-03-02T08:00:00Z", "2026-03-09T08:00:00Z")).toEqual([]);
    expect(problem("2026-02-28T08:00:00Z", "2026-02-28T20:00:00Z")[0]).toMatch(/already ended/);
  });
});

describe("gaps in cover", () => {
  const window = { from: at("2026-03-01T00:00:00Z"), to: at("2026-03-03T00:00:00Z") };
  const shift = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to) });

  test("no shift leaves the whole window uncovered", () => {
    expect(gapsInCover([], window)).toEqual([window]);
  });

  test("the gaps between, before and after shifts; overlapping or touching shifts leave none", () => {
    const gaps = gapsInCover(
      [
        shift("2026-03-01T20:00:00Z", "2026-03-02T08:00:00Z"),
        shift("2026-02-28T20:00:00Z", "2026-03-01T08:00:00Z"),
        shift("2026-03-02T08:00:00Z", "2026-03-02T12:00:00Z"),
      ],
      window,
    );
    expect(gaps.map((g) => [g.from.toISOString(), g.to.toISOString()])).toEqual([
      ["2026-03-01T08:00:00.000Z", "2026-03-01T20:00:00.000Z"],
      ["2026-03-02T12:00:00.000Z", "2026-03-03T00:00:00.000Z"],
    ]);
  });
});
