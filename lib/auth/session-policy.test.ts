import { describe, expect, test } from "vitest";
import { pendingExpired, sessionLimits, sessionState, signInStage } from "./session-policy";

const t0 = new Date("2026-03-01T08:00:00Z");
const plus = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60_000;

describe("session limits", () => {
  const limits = sessionLimits({});

  test("defaults: 30 minutes idle, 12 hours in all", () => {
    expect(limits).toEqual({ idleTimeoutMinutes: 30, absoluteTimeoutHours: 12 });
    expect(sessionLimits({ idleTimeoutMinutes: 10, absoluteTimeoutHours: 8 })).toEqual({
      idleTimeoutMinutes: 10,
      absoluteTimeoutHours: 8,
    });
  });

  test("idle: active just before 30 minutes without a request, ended at 30", () => {
    const s = { createdAt: t0, lastSeenAt: t0, revokedAt: null };
    expect(sessionState(s, limits, plus(30 * MIN - 1))).toBe("active");
    expect(sessionState(s, limits, plus(30 * MIN))).toBe("idle");
  });

  test("absolute: ended at 12 hours even when used a minute ago", () => {
    const s = { createdAt: t0, lastSeenAt: plus(12 * 60 * MIN - MIN), revokedAt: null };
    expect(sessionState(s, limits, plus(12 * 60 * MIN - 1))).toBe("active");
    expect(sessionState(s, limits, plus(12 * 60 * MIN))).toBe("expired");
  });

  test("revoked is revoked", () => {
    expect(sessionState({ createdAt: t0, lastSeenAt: t0, revokedAt: t0 }, limits, t0)).toBe("revoked");
  });

  test("a session waiting for its second factor lasts 10 minutes", () => {
    expect(pendingExpired(t0, plus(10 * MIN - 1))).toBe(false);
    expect(pendingExpired(t0, plus(10 * MIN))).toBe(true);
  });
});

describe("sign-in stage", () => {
  const staff = { kind: "staff" as const, mfaEnabled: false, mfaVerifiedAt: null };
  test("staff must enrol unless the organisation's setting is false (true when unset)", () => {
    expect(signInStage({ ...staff, settings: {} })).toBe("enrol");
    expect(signInStage({ ...staff, settings: { mfaRequiredForStaff: true } })).toBe("enrol");
    expect(signInStage({ ...staff, settings: { mfaRequiredForStaff: false } })).toBe("complete");
  });
  test("anyone with a second factor passes it in every new session", () => {
    expect(signInStage({ ...staff, mfaEnabled: true, settings: { mfaRequiredForStaff: false } })).toBe("second_factor");
    expect(signInStage({ kind: "patient", mfaEnabled: true, mfaVerifiedAt: null, settings: {} })).toBe("second_factor");
    expect(signInStage({ kind: "patient", mfaEnabled: true, mfaVerifiedAt: t0, settings: {} })).toBe("complete");
  });
  test("patients choose: no second factor needed when they have none", () => {
    expect(
      signInStage({ kind: "patient", mfaEnabled: false, mfaVerifiedAt: null, settings: { mfaRequiredForStaff: true } }),
    ).toBe("complete");
  });
});
