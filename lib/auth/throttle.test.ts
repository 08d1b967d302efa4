import { describe, expect, test } from "vitest";
import { clientAddress, isAddressLimited, lockState, THROTTLE_POLICY, throttleKey } from "./throttle";

const at = new Date("2026-03-01T08:00:00Z");
const later = (s: number) => new Date(at.getTime() + s * 1000);

describe("lock policy", () => {
  test("slow after 3 and 4 failures, locked from 5", () => {
    expect(THROTTLE_POLICY.lockSeconds).toEqual([0, 0, 5, 15, 900]);
    expect(lockState(3, later(5), at)).toBe("slowed");
    expect(lockState(5, later(900), at)).toBe("locked");
    expect(lockState(5, later(900), later(900))).toBe("open");
    expect(lockState(0, null, at)).toBe("open");
  });

  test("an address is limited to 50 failures per 15-minute window", () => {
    const row = { key: "k", failures: 50, windowStartedAt: at, lockedUntil: null };
    expect(isAddressLimited(row, later(60))).toBe(true);
    expect(isAddressLimited({ ...row, failures: 49 }, later(60))).toBe(false);
    expect(isAddressLimited(row, later(15 * 60))).toBe(false);
    expect(isAddressLimited(undefined, at)).toBe(false);
  });

  test("keys are hashes, never the email or address itself", () => {
    const key = throttleKey("email", " Fiona.Grant@ECC.example ");
    expect(key).toBe(throttleKey("email", "fiona.grant@ecc.example"));
    expect(key).toMatch(/^email:[0-9a-f]{64}$/);
    expect(key).not.toContain("fiona");
  });
});

describe("source address", () => {
  test("the right-most X-Forwarded-For entry: the one the nearest proxy wrote", () => {
    expect(clientAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("")).toBeNull();
    expect(clientAddress(null)).toBeNull();
  });
  test("behind two proxies, one hop further left", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.9, 10.0.0.2", 1)).toBe("203.0.113.9");
  });
});
