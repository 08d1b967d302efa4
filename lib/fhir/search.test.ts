import { describe, expect, test } from "vitest";
import { intersect, parseDateParam } from "./search";

const at = (iso: string) => new Date(iso);

describe("FHIR date parameters", () => {
  test("a day, month or year stands for its whole span; prefixes keep the side they name", () => {
    expect(parseDateParam("2026-03-01")).toEqual({
      from: at("2026-03-01T00:00:00Z"),
      before: at("2026-03-02T00:00:00Z"),
    });
    expect(parseDateParam("eq2026-02")).toEqual({
      from: at("2026-02-01T00:00:00Z"),
      before: at("2026-03-01T00:00:00Z"),
    });
    expect(parseDateParam("ge2026")).toEqual({ from: at("2026-01-01T00:00:00Z") });
    expect(parseDateParam("gt2026")).toEqual({ from: at("2027-01-01T00:00:00Z") });
    expect(parseDateParam("lt2026-03-01")).toEqual({ before: at("2026-03-01T00:00:00Z") });
    expect(parseDateParam("le2026-03-01")).toEqual({ before: at("2026-03-02T00:00:00Z") });
  });

  test("a time is precise to the unit given, in its own zone (UTC without one)", () => {
    expect(parseDateParam("ge2026-03-01T09:30:00+01:00")).toEqual({ from: at("2026-03-01T08:30:00Z") });
    expect(parseDateParam("2026-03-01T09:30")).toEqual({
      from: at("2026-03-01T09:30:00Z"),
      before: at("2026-03-01T09:31:00Z"),
    });
    expect(parseDateParam("le2026-03-01T09:30:15.5Z")).toEqual({ before: at("2026-03-01T09:30:15.501Z") });
  });

  test("what is not a date, or not a prefix this server takes, is refused", () => {
    for (const bad of [
      "",
      "2026-13-01",
      "2026-02-30",
      "0000",
      "ne2026",
      "sa2026",
      "2026-03-01T25:00Z",
      "yesterday",
      "2026-3-1",
    ]) {
      expect(parseDateParam(bad), bad).toBeNull();
    }
  });

  test("years at the edges stay within what the database stores; years below 100 are not 19xx", () => {
    expect(parseDateParam("9999")).toEqual({
      from: at("9999-01-01T00:00:00Z"),
      before: at("9999-12-31T23:59:59.999Z"),
    });
    expect(parseDateParam("ge0050")?.from?.getUTCFullYear()).toBe(50);
  });

  test("two values are the range both keep", () => {
    const range = intersect([parseDateParam("ge2026-01-01") ?? {}, parseDateParam("lt2026-02-01") ?? {}]);
    expect(range).toEqual({ from: at("2026-01-01T00:00:00Z"), before: at("2026-02-01T00:00:00Z") });
  });
});
