import { describe, expect, test } from "vitest";
import { settingChangeDetails, settingChanges } from "./settings-changes";

describe("settings changes", () => {
  test("a default stored where it was only implied, or an override equal to the default dropped, is no change", () => {
    expect(settingChanges({}, { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, mfaRequiredForStaff: true })).toEqual(
      [],
    );
    expect(settingChanges({ triage: { feverC: 37.5 } }, { triage: {} })).toEqual([]);
  });

  test("a changed threshold is named with its value before and after", () => {
    const changes = settingChanges({ triage: {} }, { triage: { lowTemperatureC: 35.9 } });
    expect(changes).toEqual([{ key: "triage.lowTemperatureC", before: 36, after: 35.9 }]);
    expect(settingChangeDetails(changes)).toEqual({
      changed: "triage.lowTemperatureC",
      "before.triage.lowTemperatureC": 36,
      "after.triage.lowTemperatureC": 35.9,
    });
    expect(settingChangeDetails([])).toEqual({ changed: "none" });
  });

  test("settings that do not validate are compared as stored, not thrown over", () => {
    expect(settingChanges({ triage: { feverC: 99 } }, { triage: { feverC: 98 } }).map((c) => c.key)).toContain(
      "triage.feverC",
    );
  });
});
