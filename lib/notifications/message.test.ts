import { describe, expect, test } from "vitest";
import { alertMessage, reminderMessage, retryDelayMs } from "./message";

describe("alert messages", () => {
  test("name the level and the team and link to the triage queue, nothing else", () => {
    const m = alertMessage({ severity: "red", teamName: "Breast Oncology", appUrl: "https://serums.example/" });
    expect(m.subject).toBe("Red alert for Breast Oncology");
    expect(m.text).toContain("https://serums.example/triage");
  });

  test("link to the alert itself when its id is known", () => {
    const m = alertMessage({
      severity: "red",
      teamName: "Breast Oncology",
      appUrl: "https://serums.example",
      alertId: "a1",
    });
    expect(m.text).toContain("Sign in to see it: https://serums.example/alerts/a1");
  });
});

describe("reminders to report", () => {
  test("say it is time, link to sign in and give the 24-hour line, and nothing else", () => {
    const m = reminderMessage({ appUrl: "https://serums.example/", hospitalLine: "0131 537 1000" });
    expect(m.subject).toBe("Time to tell your care team how you are");
    expect(m.text.split("\n")).toEqual([
      "It is time to tell your team how you are.",
      "",
      "Sign in to report: https://serums.example/report",
      "",
      "If you feel unwell, do not wait for a reminder: call the 24-hour line on 0131 537 1000, day or night. In an emergency, call 999.",
      "",
      "Please do not reply to this message.",
    ]);
  });
});

describe("retry delays", () => {
  test("double from 30 seconds, are capped, and stop after the last attempt", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(5)).toBeNull();
    expect(retryDelayMs(9, 20)).toBe(15 * 60_000);
  });
});
