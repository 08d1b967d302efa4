import { describe, expect, test } from "vitest";
import { alertMessage, retryDelayMs } from "./message";

describe("alert messages", () => {
  test("name the level and the team and link to the triage queue, nothing else", () => {
    const m = alertMessage({ severity: "red", teamName: "Breast Oncology", appUrl: "https://serums.example/" });
    expect(m.subject).toBe("Red alert for Breast Oncology");
    expect(m.text).toContain("https://serums.example/triage");
  });
});

describe("retry delays", () => {
  test("double from 30 seconds, are capped, and stop after the last attempt", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(5)).toBeNull();
    expect(retryDelayMs(9, 20)).toBe(15 * 60_000);
  });
});
