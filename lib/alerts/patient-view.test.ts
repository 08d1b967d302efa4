import { describe, expect, test } from "vitest";
import { type PatientAlertFacts, patientAlertView, patientTime } from "./patient-view";

const LINE = "0131 537 1000";
// A winter evening (GMT): clinic time is UTC.
const raised = new Date("2026-01-14T21:40:00Z");
const open: PatientAlertFacts = {
  severity: "red",
  status: "open",
  raisedAt: raised,
  lastReportedAt: raised,
  reportCount: 1,
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  notifiedAt: null,
};
const now = new Date("2026-01-14T22:10:00Z");

describe("the patient's view of their alert", () => {
  test("open: sent to the care team, told when, and the 24-hour line", () => {
    expect(patientAlertView(open, LINE, now)).toEqual({
      state: "open",
      headline: "Your report at 21:40 was sent to your care team.",
      lines: [
        "Your care team is being told.",
        `If you have not heard from them, or you feel worse, call the 24-hour line on ${LINE} now.`,
      ],
    });
    const told = patientAlertView({ ...open, notifiedAt: new Date("2026-01-14T21:41:00Z") }, LINE, now);
    expect(told.lines[0]).toBe("Your care team was told at 21:41.");
    const amber = patientAlertView({ ...open, severity: "amber" }, LINE, now);
    expect(amber.lines[1]).toBe(`If you feel worse before they contact you, call the 24-hour line on ${LINE}.`);
  });

  test("an episode of several reports says how many since it was raised", () => {
    const later = new Date("2026-01-14T22:05:00Z");
    expect(patientAlertView({ ...open, lastReportedAt: later, reportCount: 3 }, LINE, now).headline).toBe(
      "Your report at 22:05 was sent to your care team (3 reports since 21:40).",
    );
  });

  test("acknowledged: who saw it by role, never by name, and when", () => {
    const seen = { ...open, status: "acknowledged" as const, acknowledgedAt: new Date("2026-01-14T22:02:00Z") };
    expect(patientAlertView({ ...seen, acknowledgedBy: "nurse" }, LINE, now).headline).toBe(
      "A nurse saw your report at 22:02",
    );
    expect(patientAlertView({ ...seen, acknowledgedBy: "oncologist" }, LINE, now).headline).toBe(
      "A doctor saw your report at 22:02",
    );
    expect(patientAlertView(seen, LINE, now).headline).toBe("Someone in your care team saw your report at 22:02");
  });

  test("resolved: the team has dealt with it", () => {
    const view = patientAlertView(
      { ...open, status: "resolved", resolvedAt: new Date("2026-01-15T09:15:00Z") },
      LINE,
      new Date("2026-01-15T12:00:00Z"),
    );
    expect(view).toEqual({
      state: "resolved",
      headline: "Your team has dealt with this",
      lines: [
        "Your care team closed it at 09:15.",
        `If you feel unwell again, report again or call the 24-hour line on ${LINE}.`,
      ],
    });
  });

  test("a time on another day names the day", () => {
    expect(patientTime(raised, new Date("2026-01-16T08:00:00Z"))).toBe("Wed 14 Jan, 21:40");
  });
});
