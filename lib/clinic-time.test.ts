import { describe, expect, it } from "vitest";
import { formatDateTime, formatDateTimeSpan } from "./clinic-time";

// 09:14 in London on 12 March 2026 (GMT), 10:14 in Madrid: the clinic's time zone, in every language.
const at = new Date("2026-03-12T09:14:00Z");

describe("formatDateTime", () => {
  it("writes British English by default, in the clinic's time zone", () => {
    expect(formatDateTime(at)).toBe("12 Mar 2026, 09:14");
  });

  it("writes the reader's language when given its tag, still in the clinic's time zone", () => {
    expect(formatDateTime(at, "es-ES")).toMatch(/^12 mar 2026, 9:14$/);
    expect(formatDateTime(at, "nl-NL")).toMatch(/^12 mrt 2026, 09:14$/);
  });

  it("gives a span within one hour's views its end time, in the same language", () => {
    expect(formatDateTimeSpan(at, new Date("2026-03-12T09:52:00Z"), "nl-NL")).toBe("12 mrt 2026, 09:14–09:52");
  });
});
