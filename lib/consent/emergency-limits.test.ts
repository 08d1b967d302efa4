import { describe, expect, test } from "vitest";
import {
  EMERGENCY_ACCESS_MAX_HOURS,
  emergencyAccessHourChoices,
  emergencyAccessMaxHours,
  emergencyReasonKey,
} from "./emergency-limits";

describe("emergency access limits", () => {
  test("four hours at most; an organisation may lower it but never raise it", () => {
    expect(EMERGENCY_ACCESS_MAX_HOURS).toBe(4);
    expect(emergencyAccessMaxHours({})).toBe(4);
    expect(emergencyAccessMaxHours(null)).toBe(4);
    expect(emergencyAccessMaxHours({ emergencyAccessMaxHours: 2 })).toBe(2);
    for (const value of [5, 12, 0, -1, 2.5, "2", null]) {
      expect(emergencyAccessMaxHours({ emergencyAccessMaxHours: value })).toBe(4);
    }
  });

  test("the form offers whole hours up to the limit", () => {
    expect(emergencyAccessHourChoices(4)).toEqual([1, 2, 3, 4]);
    expect(emergencyAccessHourChoices(2)).toEqual([1, 2]);
    expect(emergencyAccessHourChoices(12)).toEqual([1, 2, 3, 4]);
  });

  test("a renewal's reason must differ by more than case and spacing", () => {
    expect(emergencyReasonKey("  Chest pain,  OWN team\tunreachable ")).toBe(
      emergencyReasonKey("Chest pain, own team unreachable"),
    );
    expect(emergencyReasonKey("Still waiting for cardiology")).not.toBe(emergencyReasonKey("Chest pain"));
  });
});
