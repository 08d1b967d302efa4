/**
 * How repeated failures slow and then lock sign-in. The counting happens in the database
 * (`app.record_sign_in_failure`, atomic under parallel attempts); the policy is here.
 *
 * An account's consecutive failures (wrong password or wrong second-factor code) are counted until
 * it signs in, an admin unlocks it or its password is reset. The third and fourth failures make it
 * wait 5 and 15 seconds; the fifth and every one after lock it for 15 minutes. An email with no account
 * is counted and locked exactly the same way, so the answers never tell whether an account exists.
 * Separately, a source address may fail 50 times in 15 minutes, then waits for the window to pass.
 */
import { createHash } from "node:crypto";

export type ThrottlePolicy = {
  /** Seconds locked after the 1st, 2nd, ... failure; the last entry applies to every later one. */
  lockSeconds: number[];
  /** From this many consecutive failures on, a lock is a lock-out, not a slow-down. */
  lockOutAfter: number;
  addressWindowSeconds: number;
  addressFailureLimit: number;
};

export const THROTTLE_POLICY: ThrottlePolicy = {
  lockSeconds: [0, 0, 5, 15, 15 * 60],
  lockOutAfter: 5,
  addressWindowSeconds: 15 * 60,
  addressFailureLimit: 50,
};

export type ThrottleRow = { key: string; failures: number; windowStartedAt: Date; lockedUntil: Date | null };

/** Hashed, so the table holds neither the addresses nor the emails people typed. */
export function throttleKey(kind: "address" | "email", value: string): string {
  return `${kind}:${createHash("sha256").update(value.trim().toLowerCase(), "utf8").digest("hex")}`;
}

export function isAddressLimited(row: ThrottleRow | undefined, at: Date, policy = THROTTLE_POLICY): boolean {
  if (!row) return false;
  const windowOpen = at.getTime() < row.windowStartedAt.getTime() + policy.addressWindowSeconds * 1000;
  return windowOpen && row.failures >= policy.addressFailureLimit;
}

export type LockState = "open" | "slowed" | "locked";

/** Whether an account (or unknown email) may try now, must wait a moment, or is locked out. */
export function lockState(failures: number, lockedUntil: Date | null, at: Date, policy = THROTTLE_POLICY): LockState {
  if (!lockedUntil || lockedUntil.getTime() <= at.getTime()) return "open";
  return failures >= policy.lockOutAfter ? "locked" : "slowed";
}

/**
 * The source address of a request: the right-most X-Forwarded-For entry, which the nearest proxy
 * (or Next.js itself, from the socket, when there is none) wrote. Behind more than one proxy set
 * TRUSTED_PROXY_HOPS to the number of proxies in front of the one next to the app.
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedProxyHops = 0): string | null {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const skip = Math.max(0, Math.floor(trustedProxyHops) || 0);
  return (hops[hops.length - 1 - Math.min(skip, hops.length - 1)] ?? "").slice(0, 100) || null;
}
