/**
 * How repeated failures slow and then lock sign-in. The counting and the locking happen in the
 * database (`app.record_sign_in_failure`, atomic under parallel attempts), whose lock lengths are
 * fixed there (`app.sign_in_throttle_policy`) so no caller can choose them; the same numbers are
 * here for reading a count back, and tests/auth.test.ts checks that the two agree.
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
 * The source address of a request, from X-Forwarded-For, trusting exactly `trustedProxyHops`
 * proxies in front of the app: each appends the address it was connected from, so with N proxies
 * the N-th entry from the right was written by the outermost one and is the client's. Entries to
 * its left were sent by the client and prove nothing.
 *
 * With no proxy (0, the default) the header proves nothing at all: Next.js fills it from the socket
 * only when the client sent none, and passes a client's own value through unchanged, so a client
 * could name a new address on every request. Next.js gives route handlers no other view of the
 * socket, so then there is no trustworthy address and this answers null (see `addressThrottleKey`).
 * Also null when the header has fewer entries than there are proxies (the request did not come
 * through them all).
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedProxyHops = 0): string | null {
  const hops = Number.isSafeInteger(trustedProxyHops) && trustedProxyHops > 0 ? trustedProxyHops : 0;
  if (hops === 0) return null;
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length < hops) return null;
  return (entries[entries.length - hops] ?? "").slice(0, 100) || null;
}

/** TRUSTED_PROXY_HOPS: a whole number of proxies, 0 when unset; null when it is anything else. */
export function parseTrustedProxyHops(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return 0;
  if (!/^\d{1,2}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * The throttle key a failed sign-in counts against besides the account: the source address when
 * there is a trustworthy one, otherwise one bucket per email typed, shared by every request without
 * a trustworthy address. So a client that rotates X-Forwarded-For earns no fresh allowance; the
 * price is that without a proxy the limit is per account, not per source.
 */
export function addressThrottleKey(address: string | null, email: string): string {
  return address ? throttleKey("address", address) : throttleKey("address", `unattributed:${email}`);
}
