import { describe, expect, test } from "vitest";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  ladderSchedule,
  nextWorkingMoment,
  resolveNotificationSettings,
} from "./ladder";

const hours = { workdayStartHour: 8, workdayEndHour: 18 };

describe("the escalation ladder's schedule", () => {
  test("red: the first step at once, the second at half the target by default, or after the organisation's minutes", () => {
    const at = new Date("2026-03-02T02:00:00Z");
    const thirtyOn = new Date("2026-03-02T02:30:00Z");
    expect(ladderSchedule({ severity: "red", at, dueAt: thirtyOn, settings: DEFAULT_NOTIFICATION_SETTINGS })).toEqual({
      firstAt: at,
      secondAt: new Date("2026-03-02T02:15:00Z"),
    });
    const settings = { ...DEFAULT_NOTIFICATION_SETTINGS, secondStepMinutes: 10 };
    expect(ladderSchedule({ severity: "red", at, dueAt: thirtyOn, settings }).secondAt).toEqual(
      new Date("2026-03-02T02:10:00Z"),
    );
    // Never after the target itself.
    const late = { ...DEFAULT_NOTIFICATION_SETTINGS, secondStepMinutes: 60 };
    expect(ladderSchedule({ severity: "red", at, dueAt: thirtyOn, settings: late }).secondAt).toEqual(
      new Date("2026-03-02T02:30:00Z"),
    );
    // An alert already past its target (an old amber made red): every step at once.
    const overdue = new Date("2026-03-02T01:00:00Z");
    expect(ladderSchedule({ severity: "red", at, dueAt: overdue, settings })).toEqual({ firstAt: at, secondAt: at });
  });

  test("amber: at once within working hours (London time), else at the next start of the working day", () => {
    // Winter (GMT) and summer (BST, UTC+1).
    expect(nextWorkingMoment(new Date("2026-03-02T10:00:00Z"), hours)).toEqual(new Date("2026-03-02T10:00:00Z"));
    expect(nextWorkingMoment(new Date("2026-03-02T22:30:00Z"), hours)).toEqual(new Date("2026-03-03T08:00:00Z"));
    expect(nextWorkingMoment(new Date("2026-03-03T05:00:00Z"), hours)).toEqual(new Date("2026-03-03T08:00:00Z"));
    expect(nextWorkingMoment(new Date("2026-07-01T06:30:00Z"), hours)).toEqual(new Date("2026-07-01T07:00:00Z"));
    expect(nextWorkingMoment(new Date("2026-07-01T16:59:00Z"), hours)).toEqual(new Date("2026-07-01T16:59:00Z"));
    expect(nextWorkingMoment(new Date("2026-07-01T17:00:00Z"), hours)).toEqual(new Date("2026-07-02T07:00:00Z"));
    // The night the clocks go forward (29 March 2026): 08:00 BST is 07:00 UTC.
    expect(nextWorkingMoment(new Date("2026-03-28T23:00:00Z"), hours)).toEqual(new Date("2026-03-29T07:00:00Z"));
    const amber = ladderSchedule({
      severity: "amber",
      at: new Date("2026-03-02T22:30:00Z"),
      dueAt: new Date("2026-03-03T06:30:00Z"),
      settings: { ...DEFAULT_NOTIFICATION_SETTINGS, workdayStartHour: 7 },
    });
    expect(amber).toEqual({ firstAt: new Date("2026-03-03T07:00:00Z"), secondAt: null });
  });
});

describe("notification settings", () => {
  test("take overrides within bounds and refuse the rest with a clear message", () => {
    expect(resolveNotificationSettings({ secondStepMinutes: 20, workdayStartHour: 7 })).toMatchObject({
      secondStepMinutes: 20,
      workdayStartHour: 7,
      workdayEndHour: 18,
    });
    expect(() => resolveNotificationSettings({ secondStepMinutes: 1 })).toThrow("At least 5 minutes");
    expect(() => resolveNotificationSettings({ secondStepMinutes: 500 })).toThrow("At most 120 minutes");
    expect(() => resolveNotificationSettings({ workdayStartHour: 18, workdayEndHour: 8 })).toThrow(
      "The working day must end after it starts",
    );
    expect(() => resolveNotificationSettings({ escalationContactIds: ["nobody"] })).toThrow("staff member");
    expect(() => resolveNotificationSettings({ pager: true })).toThrow();
  });
});
