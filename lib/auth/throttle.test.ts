import { describe, expect, test } from "vitest";
import {
  addressThrottleKey,
  clientAddress,
  isAddressLimited,
  lockState,
  parseTrustedProxyHops,
  THROTTLE_POLICY,
  throttleKey,
} from "./throttle";

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
  test("with no proxy in front, X-Forwarded-For proves nothing: there is no trustworthy address", () => {
    for (const header of ["203.0.113.9", "6.6.6.6, 203.0.113.9", "", null, undefined]) {
      expect(clientAddress(header)).toBeNull();
      expect(clientAddress(header, 0)).toBeNull();
    }
  });
  test("behind one proxy, the right-most entry: the one the proxy wrote", () => {
    expect(clientAddress("203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress(" 6.6.6.6 ,203.0.113.9 ", 1)).toBe("203.0.113.9");
    expect(clientAddress("", 1)).toBeNull();
    expect(clientAddress(null, 1)).toBeNull();
  });
  test("behind N proxies, the N-th entry from the right; fewer entries than proxies is no address", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 203.0.113.9, 10.0.0.2", 3)).toBe("6.6.6.6");
    expect(clientAddress("203.0.113.9, 10.0.0.2", 3)).toBeNull();
  });
  test("a rotated header names a new address only where it is trusted", () => {
    const addresses = Array.from({ length: 55 }, (_, i) => clientAddress(`198.18.0.${i}`));
    expect(new Set(addresses)).toEqual(new Set([null]));
  });
  test("TRUSTED_PROXY_HOPS is a whole number, 0 when unset", () => {
    expect(parseTrustedProxyHops(undefined)).toBe(0);
    expect(parseTrustedProxyHops("")).toBe(0);
    expect(parseTrustedProxyHops("0")).toBe(0);
    expect(parseTrustedProxyHops(" 2 ")).toBe(2);
    for (const bad of ["-1", "1.5", "two", "1e3", "0x2", "999"]) expect(parseTrustedProxyHops(bad)).toBeNull();
  });
  test("without a trustworthy address, failures count in one bucket per email, apart from any address's", () => {
    const key = addressThrottleKey(null, "fiona.grant@ecc.example");
    expect(key).toBe(addressThrottleKey(null, "fiona.grant@ecc.example"));
    expect(key).not.toBe(addressThrottleKey(null, "other@ecc.example"));
    expect(key).toMatch(/^address:[0-9a-f]{64}$/);
    expect(addressThrottleKey("203.0.113.9", "fiona.grant@ecc.example")).toBe(throttleKey("address", "203.0.113.9"));
  });
});
