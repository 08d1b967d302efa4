import { describe, expect, test } from "vitest";
import { applyReportToEpisode, compareSeverity, type Episode, reportCountText, startEpisode } from "./episodes";

const MINUTE = 60_000;
const T0 = new Date("2026-03-02T09:00:00Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

const amberReport = (at: Date, reasons = ["Nausea is moderate (grade 2)"]) =>
  ({ level: "amber", reasons, responseMinutes: 480, at }) as const;
const redReport = (at: Date, reasons = ["Temperature 38.2 °C"]) =>
  ({ level: "red", reasons, responseMinutes: 30, at }) as const;

const episode = (e: Partial<Episode> = {}): Episode => ({
  severity: "amber",
  status: "open",
  dueAt: later(480),
  reasons: ["Nausea is moderate (grade 2)"],
  ...e,
});

describe("alert episodes", () => {
  test("with no active episode a report raises one, due at its own target", () => {
    expect(applyReportToEpisode(null, redReport(T0))).toEqual({
      kind: "raised",
      severity: "red",
      status: "open",
      dueAt: later(30),
      reasons: ["Temperature 38.2 °C"],
    });
    expect(startEpisode(amberReport(T0)).dueAt).toEqual(later(480));
  });

  test("a same-level report is added: level and clock stay, the reasons become the latest", () => {
    const change = applyReportToEpisode(episode(), amberReport(later(60), ["Diarrhoea: 4-6 stools"]));
    expect(change).toEqual({
      kind: "report_added",
      severity: "amber",
      status: "open",
      dueAt: later(480),
      reasons: ["Diarrhoea: 4-6 stools"],
      reasonsChanged: true,
    });
  });

  test("a milder report is added: the red level, its clock and its reasons stay", () => {
    const red = episode({ severity: "red", dueAt: later(30), reasons: ["Temperature 38.2 °C"] });
    const change = applyReportToEpisode(red, amberReport(later(10)));
    expect(change).toEqual({
      kind: "report_added",
      severity: "red",
      status: "open",
      dueAt: later(30),
      reasons: ["Temperature 38.2 °C"],
      reasonsChanged: false,
    });
  });

  test("an acknowledged episode stays acknowledged for a same or milder report", () => {
    const acknowledged = episode({ status: "acknowledged" });
    expect(applyReportToEpisode(acknowledged, amberReport(later(60))).status).toBe("acknowledged");
    const red = episode({ severity: "red", status: "acknowledged" });
    expect(applyReportToEpisode(red, amberReport(later(60))).status).toBe("acknowledged");
    expect(applyReportToEpisode(red, redReport(later(60))).status).toBe("acknowledged");
  });

  test("a worse report escalates: red, the new reasons, the clock restarted from the report", () => {
    const change = applyReportToEpisode(episode(), redReport(later(60)));
    expect(change).toEqual({
      kind: "escalated",
      severity: "red",
      status: "open",
      dueAt: later(90),
      reasons: ["Temperature 38.2 °C"],
    });
  });

  test("an escalated open episode never gets more time than it had: overdue stays overdue", () => {
    const overdue = episode({ dueAt: later(-60) });
    expect(applyReportToEpisode(overdue, redReport(T0)).dueAt).toEqual(later(-60));
    const almostDue = episode({ dueAt: later(10) });
    expect(applyReportToEpisode(almostDue, redReport(T0)).dueAt).toEqual(later(10));
  });

  test("an acknowledged episode that gets worse goes back to open with the red clock from the report", () => {
    const acknowledged = episode({ status: "acknowledged", dueAt: later(-600) });
    const change = applyReportToEpisode(acknowledged, redReport(later(5)));
    expect(change).toMatchObject({ kind: "escalated", status: "open", severity: "red", dueAt: later(35) });
  });

  test("severities compare red over amber; counts read in words", () => {
    expect(compareSeverity("red", "amber")).toBeGreaterThan(0);
    expect(compareSeverity("amber", "red")).toBeLessThan(0);
    expect(compareSeverity("red", "red")).toBe(0);
    expect(reportCountText(1)).toBe("1 report");
    expect(reportCountText(3)).toBe("3 reports");
  });
});
