/**
 * Sign-in against a real migrated database (PGlite, or PostgreSQL with TEST_DB=postgres), through
 * the same functions the routes call, as the runtime role under row-level security. Time is the
 * app's controllable clock (server/clock.ts), moved instead of waited for.
 */
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  createInvitation,
  findThrottlePolicy,
  findThrottles,
  INVITATION_TTL_HOURS,
  recordSignInFailure,
  resetMfa,
  unlockAccount,
} from "../db/queries/auth";
import { decideStaffChange, requestStaffChange } from "../db/queries/staff-changes";
import { runAsSignIn } from "../db/rls";
import * as t from "../db/schema";
import { stableId } from "../db/stable-id";
import { THROTTLE_POLICY, throttleKey } from "../lib/auth/throttle";
import { activateWithLink, describeLink } from "../server/auth/invitations";
import { confirmEnrolment, enrolmentFor, verifySecondFactor } from "../server/auth/mfa";
import { hashPassword } from "../server/auth/password";
import { hasRole, type PendingSignIn, resolveSession, withProof } from "../server/auth/session";
import { attemptSignIn } from "../server/auth/sign-in";
import { encryptSecret, newTotpSecret, normaliseCode, totpCode, totpCodeForStep, totpStep } from "../server/auth/totp";
import { now, setClockOffset } from "../server/clock";
import { rowsOf } from "./support/database";
import { as, PERMISSION_DENIED, sqlState } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const id = (name: string) => stableId(`auth-test:${name}`);
const ORG_A = id("org:A");
const ORG_B = id("org:B");
const PASSWORD = "Tangerine velvet harbour 7";
const KEY = randomBytes(32);
const MIN = 60_000;

/** Accounts: staff with and without a second factor, an admin per organisation, a patient. */
const U = {
  nurse: { id: id("nurse"), email: "nurse@a.example", kind: "staff" as const, org: ORG_A, role: "nurse" as const },
  onco: { id: id("onco"), email: "onco@a.example", kind: "staff" as const, org: ORG_A, role: "oncologist" as const },
  adminA: { id: id("adminA"), email: "admin@a.example", kind: "staff" as const, org: ORG_A, role: "admin" as const },
  adminB: { id: id("adminB"), email: "admin@b.example", kind: "staff" as const, org: ORG_B, role: "admin" as const },
  patient: { id: id("patient"), email: "patient@a.example", kind: "patient" as const, org: ORG_A, role: null },
  relaxed: {
    id: id("relaxed"),
    email: "relaxed@b.example",
    kind: "staff" as const,
    org: ORG_B,
    role: "nurse" as const,
  },
};
type Key = keyof typeof U;
/** Staff already enrolled, with their (test-only) TOTP secrets. */
const SECRETS: Partial<Record<Key, string>> = {
  nurse: newTotpSecret(),
  onco: newTotpSecret(),
  adminA: newTotpSecret(),
  adminB: newTotpSecret(),
};

const db = suiteDatabase("auth", { fixtures: false });
let clockBase = 0;

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  await db.asOwner(async (owner) => {
    await owner.insert(t.organisations).values([
      { id: ORG_A, name: "A", slug: "a", settings: {} },
      // Organisation B has switched the staff requirement off.
      { id: ORG_B, name: "B", slug: "b", settings: { mfaRequiredForStaff: false } },
    ]);
    await owner.insert(t.users).values(
      (Object.keys(U) as Key[]).map((k) => ({
        id: U[k].id,
        organisationId: U[k].org,
        kind: U[k].kind,
        email: U[k].email,
        displayName: k,
        passwordHash,
        mfaSecretEnc: SECRETS[k] ? encryptSecret(SECRETS[k] as string, U[k].id, KEY) : null,
        mfaEnabledAt: SECRETS[k] ? new Date() : null,
      })),
    );
    await owner.insert(t.staffMemberships).values(
      (Object.keys(U) as Key[]).flatMap((k) => {
        const role = U[k].role;
        return role ? [{ userId: U[k].id, organisationId: U[k].org, role }] : [];
      }),
    );
  });
});
afterAll(() => {
  setClockOffset(0);
});

/** Every test starts its own stretch of time a day after the last, so locks and codes never overlap. */
afterEach(() => {
  clockBase += 24 * 60 * MIN;
  setClockOffset(clockBase);
});

const ctx = (at = now(), address: string | null = "198.51.100.7") => ({ address, userAgent: "vitest", at });
/** Each session's secret token (what the cookie carries), by the session's id. */
const TOKENS = new Map<string, string>();
const signIn = async (email: string, password: string, at = now(), address?: string | null) => {
  const result = await attemptSignIn(
    db.runtime,
    { email, password },
    ctx(at, address === undefined ? "198.51.100.7" : address),
  );
  if (result.ok) TOKENS.set(result.sessionId, result.sessionToken);
  return result;
};
/** What the app reads for a request from the browser holding this session's cookie. */
const resolve = (sessionId: string, at = now()) => resolveSession(db.runtime, TOKENS.get(sessionId) ?? "", at);
/** The browser half-way through signing in with this session, whatever state the session is in now. */
const pendingOf = (key: Key, sessionId: string): PendingSignIn =>
  withProof(
    { userId: U[key].id, sessionId, stage: "second_factor", kind: "staff", email: U[key].email, displayName: key },
    { sessionToken: TOKENS.get(sessionId) ?? "" },
  );
/** The account a browser enrols a second factor for: its pending sign-in, or its signed-in user. */
async function enrolling(sessionId: string, at = now()) {
  const resolved = await resolve(sessionId, at);
  if (resolved.status === "none") throw new Error("the session names nobody");
  return resolved.status === "pending" ? resolved.pending : resolved.user;
}
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** Audit actions about, or by, an account or session. */
async function auditActions(resourceId: string): Promise<string[]> {
  const rows = await db.asOwner((owner) =>
    rowsOf<{ action: string }>(
      owner,
      sql`select action from audit_events where resource_id = ${resourceId} or actor_user_id::text = ${resourceId} order by id`,
    ),
  );
  return rows.map((r) => r.action);
}

/** Passes the password and the second factor, as a browser would: the session id of a complete sign-in. */
async function fullSignIn(key: Key, at = now()): Promise<string> {
  const first = await signIn(U[key].email, PASSWORD, at);
  if (!first.ok) throw new Error(`sign-in refused: ${first.refusal}`);
  if (first.stage === "second_factor") {
    const step = totpStep(at) + 1; // a step not used before in this test
    const passed = await verifySecondFactor(
      db.runtime,
      {
        pending: pendingOf(key, first.sessionId),
        code: totpCodeForStep(SECRETS[key] as string, step),
        address: null,
        at,
      },
      THROTTLE_POLICY,
      KEY,
    );
    if (!passed.ok) throw new Error(`second factor refused: ${passed.reason}`);
  }
  return first.sessionId;
}

describe("password step", () => {
  test("the right password opens a session that still needs the second factor", async () => {
    const result = await signIn("NURSE@a.example ", PASSWORD);
    expect(result).toMatchObject({ ok: true, userId: U.nurse.id, stage: "second_factor" });
    const sid = (result as { sessionId: string }).sessionId;
    const resolved = await resolve(sid, now());
    expect(resolved).toMatchObject({ status: "pending", pending: { stage: "second_factor", email: U.nurse.email } });
    expect(await auditActions(sid)).toEqual(["sign_in_password_accepted"]);
  });

  test("a wrong password, an unknown email and a deactivated account get the same answer", async () => {
    await db.asOwner((o) => o.update(t.users).set({ deactivatedAt: new Date() }).where(eq(t.users.id, U.relaxed.id)));
    try {
      const answers = [
        await signIn(U.onco.email, "not the password at all"),
        await signIn("nobody@a.example", PASSWORD),
        await signIn(U.relaxed.email, PASSWORD),
      ];
      expect(answers).toEqual([
        { ok: false, refusal: "refused" },
        { ok: false, refusal: "refused" },
        { ok: false, refusal: "refused" },
      ]);
    } finally {
      await db.asOwner((o) => o.update(t.users).set({ deactivatedAt: null, failedSignIns: 0, lockedUntil: null }));
    }
  });

  test("a wrong email costs about as much time as a wrong password (a hash is verified either way)", async () => {
    const relaxed = { ...THROTTLE_POLICY, addressFailureLimit: 1_000 };
    // Alternate the two so that a burst of other work on the machine falls on both alike; each
    // attempt starts unlocked, so every one of them reaches the password check.
    const samples = { known: [] as number[], unknown: [] as number[] };
    const attempt = async (email: string, i: number) => {
      await db.asOwner(async (o) => {
        await o.update(t.users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(t.users.id, U.patient.id));
        await o.delete(t.signInThrottles);
      });
      const start = performance.now();
      await attemptSignIn(db.runtime, { email, password: `wrong ${i}` }, ctx(now(), null), relaxed);
      return performance.now() - start;
    };
    for (let i = 0; i < 9; i++) {
      samples.known.push(await attempt(U.patient.email, i));
      samples.unknown.push(await attempt("nobody-at-all@a.example", i));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known = median(samples.known);
    const unknown = median(samples.unknown);
    expect(unknown).toBeGreaterThan(known * 0.5);
    expect(known).toBeGreaterThan(unknown * 0.5);
    await db.asOwner((o) =>
      o.update(t.users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(t.users.id, U.patient.id)),
    );
  });

  test("a patient without a second factor is signed in straight away", async () => {
    const result = await signIn(U.patient.email, PASSWORD);
    expect(result).toMatchObject({ ok: true, stage: "complete" });
    const resolved = await resolve((result as { sessionId: string }).sessionId, now());
    expect(resolved.status).toBe("signed_in");
  });

  test("staff of an organisation that requires a second factor, without one, must enrol first", async () => {
    await db.asOwner((o) =>
      o.update(t.users).set({ mfaSecretEnc: null, mfaEnabledAt: null }).where(eq(t.users.id, U.onco.id)),
    );
    try {
      const result = await signIn(U.onco.email, PASSWORD);
      expect(result).toMatchObject({ ok: true, stage: "enrol" });
      // ... but not where the organisation switched the requirement off.
      expect(await signIn(U.relaxed.email, PASSWORD)).toMatchObject({ ok: true, stage: "complete" });
    } finally {
      await db.asOwner((o) =>
        o
          .update(t.users)
          .set({ mfaSecretEnc: encryptSecret(SECRETS.onco as string, U.onco.id, KEY), mfaEnabledAt: new Date() })
          .where(eq(t.users.id, U.onco.id)),
      );
    }
  });
});

describe("throttling and lock-out", () => {
  /** Five wrong passwords, with the waits the slow-down asks for, then the right one. */
  async function lockOutSequence(email: string): Promise<string[]> {
    const start = now();
    const outcomes: string[] = [];
    const attempt = async (at: Date, password = "wrong password!") => {
      const r = await signIn(email, password, at);
      outcomes.push(r.ok ? "ok" : r.refusal);
    };
    await attempt(start);
    await attempt(later(start, 1_000));
    await attempt(later(start, 2_000)); // third failure: wait 5 s
    await attempt(later(start, 3_000)); // too soon
    await attempt(later(start, 7_500)); // fourth failure: wait 15 s
    await attempt(later(start, 23_000)); // fifth failure: locked for 15 minutes
    await attempt(later(start, 24_000), PASSWORD); // even the right password is refused
    await attempt(later(start, 23_000 + 15 * MIN + 1_000), "still wrong"); // the lock is over; another failure locks again
    return outcomes;
  }

  test("repeated failures slow and then lock the account, each an audit event; an admin unlocks", async () => {
    const before = (await auditActions(U.onco.id)).length;
    const outcomes = await lockOutSequence(U.onco.email);
    expect(outcomes).toEqual(["refused", "refused", "refused", "slowed", "refused", "locked", "locked", "locked"]);
    const actions = (await auditActions(U.onco.id)).slice(before);
    expect(actions.filter((a) => a === "sign_in_failed")).toHaveLength(8);
    expect(actions.filter((a) => a === "account_locked")).toHaveLength(2);

    // Someone else's admin may not unlock; the account's own admin may.
    await expect(as(db, U.adminB.id, (tx) => unlockAccount(tx, U.onco.id))).rejects.toSatisfy(
      (e) => sqlState(e) === PERMISSION_DENIED,
    );
    await expect(as(db, U.nurse.id, (tx) => unlockAccount(tx, U.onco.id))).rejects.toSatisfy(
      (e) => sqlState(e) === PERMISSION_DENIED,
    );
    expect(await as(db, U.adminA.id, (tx) => unlockAccount(tx, U.onco.id))).toBe(true);
    expect(await signIn(U.onco.email, PASSWORD, later(now(), 10_000))).toMatchObject({ ok: true });
  });

  test("an email with no account slows and locks exactly like one with an account", async () => {
    expect(await lockOutSequence("no-such-person@a.example")).toEqual([
      "refused",
      "refused",
      "refused",
      "slowed",
      "refused",
      "locked",
      "locked",
      "locked",
    ]);
  });

  test("a source address that keeps failing is refused for the rest of its window, whatever the account", async () => {
    const policy = { ...THROTTLE_POLICY, addressFailureLimit: 3 };
    const at = now();
    const from = (address: string, email: string, password: string, when = at) =>
      attemptSignIn(db.runtime, { email, password }, ctx(when, address), policy);
    for (const n of [1, 2, 3])
      expect(await from("203.0.113.50", `sprayed-${n}@a.example`, "Summer2026!")).toMatchObject({
        ok: false,
        refusal: "refused",
      });
    expect(await from("203.0.113.50", U.patient.email, PASSWORD)).toEqual({ ok: false, refusal: "rate_limited" });
    expect(await from("203.0.113.51", U.patient.email, PASSWORD)).toMatchObject({ ok: true });
    expect(await from("203.0.113.50", U.patient.email, PASSWORD, later(at, 15 * MIN))).toMatchObject({ ok: true });
  });

  test("the request role cannot read or reset the throttle table", async () => {
    await expect(as(db, U.adminA.id, (tx) => tx.select().from(t.signInThrottles))).rejects.toSatisfy(
      (e) => sqlState(e) === PERMISSION_DENIED,
    );
    await expect(as(db, null, (tx) => tx.delete(t.signInThrottles))).rejects.toSatisfy(
      (e) => sqlState(e) === PERMISSION_DENIED,
    );
    // Not through the sign-in functions either: they are the sign-in role's, and only by key.
    const keys = [throttleKey("email", "no-such-person@a.example")];
    await expect(as(db, null, (tx) => findThrottles(tx, keys))).rejects.toSatisfy(
      (e) => sqlState(e) === PERMISSION_DENIED,
    );
    const rows = await runAsSignIn(db.runtime, (tx) => findThrottles(tx, keys));
    expect(rows.length).toBeLessThanOrEqual(1);
  });

  test("lock lengths are the database's own, and the same as lib/auth/throttle.ts reads them with", async () => {
    const policy = await runAsSignIn(db.runtime, findThrottlePolicy);
    expect(policy).toEqual({
      lockSeconds: THROTTLE_POLICY.lockSeconds,
      addressWindowSeconds: THROTTLE_POLICY.addressWindowSeconds,
    });
    // No caller chooses them: the request role cannot count a failure for any account, and the
    // sign-in role's function takes no lock length.
    await expect(
      as(db, U.adminA.id, (tx) =>
        recordSignInFailure(tx, { userId: U.nurse.id, emailKey: null, addressKey: null, at: now() }),
      ),
    ).rejects.toSatisfy((e) => sqlState(e) === PERMISSION_DENIED);
  });
});

describe("second factor", () => {
  async function passwordStep(key: Key, at = now()) {
    const r = await signIn(U[key].email, PASSWORD, at);
    if (!r.ok) throw new Error(r.refusal);
    return r.sessionId;
  }
  const verify = (key: Key, sessionId: string, code: string, at = now()) =>
    verifySecondFactor(
      db.runtime,
      { pending: pendingOf(key, sessionId), code, address: "198.51.100.8", at },
      THROTTLE_POLICY,
      KEY,
    );

  test("the current code completes the sign-in; the same code is never accepted twice", async () => {
    const at = now();
    const first = await passwordStep("adminA", at);
    const code = totpCode(SECRETS.adminA as string, at);
    expect(await verify("adminA", first, code, at)).toEqual({ ok: true, method: "totp" });
    const resolved = await resolve(first, at);
    expect(resolved.status).toBe("signed_in");

    const second = await passwordStep("adminA", at);
    expect(await verify("adminA", second, code, later(at, 5_000))).toEqual({ ok: false, reason: "reused" });
    expect(
      await verify("adminA", second, totpCode(SECRETS.adminA as string, later(at, 30_000)), later(at, 30_000)),
    ).toEqual({
      ok: true,
      method: "totp",
    });
    expect(await auditActions(first)).toContain("signed_in");
  });

  test("a recovery code works once", async () => {
    const at = now();
    // Re-enrol the oncologist to get recovery codes.
    await db.asOwner((o) =>
      o
        .update(t.users)
        .set({ mfaSecretEnc: null, mfaEnabledAt: null, mfaLastStep: null })
        .where(eq(t.users.id, U.onco.id)),
    );
    const enrolSession = await passwordStep("onco", at);
    const enrolment = await enrolmentFor(db.runtime, await enrolling(enrolSession, at), KEY);
    expect(enrolment?.uri).toContain("otpauth://totp/");
    expect(enrolment?.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirmed = await confirmEnrolment(
      db.runtime,
      { who: await enrolling(enrolSession, at), code: totpCode(enrolment?.secret as string, at), at },
      KEY,
    );
    if (!confirmed.ok) throw new Error(confirmed.reason);
    SECRETS.onco = enrolment?.secret;
    const [recovery] = confirmed.recoveryCodes;

    const s1 = await passwordStep("onco", later(at, 60_000));
    expect(await verify("onco", s1, recovery.toLowerCase(), later(at, 60_000))).toEqual({
      ok: true,
      method: "recovery_code",
    });
    const s2 = await passwordStep("onco", later(at, 61_000));
    expect(await verify("onco", s2, recovery, later(at, 61_000))).toEqual({ ok: false, reason: "wrong" });
    // Stored only as hashes.
    const stored = await db.asOwner((o) =>
      rowsOf<{ code_hash: string }>(o, sql`select code_hash from recovery_codes where user_id = ${U.onco.id}`),
    );
    expect(stored.some((r) => r.code_hash === normaliseCode(recovery))).toBe(false);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
  });

  test("wrong codes count towards the lock, and the locking one ends the half-signed-in session", async () => {
    const at = now();
    const sid = await passwordStep("nurse", at);
    const answers = [];
    for (const [n, wait] of [0, 1, 2, 8, 24].entries()) {
      answers.push((await verify("nurse", sid, String(100000 + n), later(at, wait * 1000))).ok ? "ok" : "no");
    }
    expect(answers).toEqual(["no", "no", "no", "no", "no"]);
    expect(await resolve(sid, later(at, 25_000))).toEqual({ status: "none" });
    expect(await signIn(U.nurse.email, PASSWORD, later(at, 26_000))).toEqual({ ok: false, refusal: "locked" });
    expect(await auditActions(U.nurse.id)).toContain("account_locked");
    await as(db, U.adminA.id, (tx) => unlockAccount(tx, U.nurse.id));
  });

  test("malformed codes are refused without counting", async () => {
    const sid = await passwordStep("nurse");
    for (const code of ["", "12345", "1234567", "<script>", "' OR '1'='1", "ABC", "x".repeat(64)]) {
      expect(await verify("nurse", sid, code)).toEqual({ ok: false, reason: "format" });
    }
    const [row] = await db.asOwner((o) =>
      o.select({ n: t.users.failedSignIns }).from(t.users).where(eq(t.users.id, U.nurse.id)),
    );
    expect(row.n).toBe(0);
  });

  test("TOTP secrets are stored encrypted", async () => {
    const [row] = await db.asOwner((o) =>
      o.select({ enc: t.users.mfaSecretEnc }).from(t.users).where(eq(t.users.id, U.adminA.id)),
    );
    expect(row.enc).toMatch(/^v1\./);
    expect(row.enc).not.toContain(SECRETS.adminA as string);
  });
});

describe("sessions", () => {
  test("idle for 30 minutes: the session ends (with the clock moved, not waited for)", async () => {
    const sid = await fullSignIn("patient");
    setClockOffset(clockBase + 29 * MIN);
    expect((await resolve(sid, now())).status).toBe("signed_in");
    setClockOffset(clockBase + 29 * MIN + 30 * MIN);
    expect(await resolve(sid, now())).toEqual({ status: "none" });
    // Ended for good: moving the clock back does not revive it.
    setClockOffset(clockBase + 30 * MIN);
    expect(await resolve(sid, now())).toEqual({ status: "none" });
  });

  test("after 12 hours the session ends however busy it has been", async () => {
    const sid = await fullSignIn("patient");
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      setClockOffset(clockBase + minutes * MIN);
      expect((await resolve(sid, now())).status).toBe("signed_in");
    }
    setClockOffset(clockBase + 12 * 60 * MIN);
    expect(await resolve(sid, now())).toEqual({ status: "none" });
  });

  test("the organisation's settings set the limits", async () => {
    await db.asOwner((o) =>
      o
        .update(t.organisations)
        .set({ settings: { idleTimeoutMinutes: 5 } })
        .where(eq(t.organisations.id, ORG_A)),
    );
    try {
      const sid = await fullSignIn("patient");
      setClockOffset(clockBase + 5 * MIN);
      expect(await resolve(sid, now())).toEqual({ status: "none" });
    } finally {
      await db.asOwner((o) => o.update(t.organisations).set({ settings: {} }).where(eq(t.organisations.id, ORG_A)));
    }
  });

  test("a half-finished sign-in expires after 10 minutes", async () => {
    const first = await signIn(U.adminA.email, PASSWORD);
    if (!first.ok) throw new Error(first.refusal);
    setClockOffset(clockBase + 10 * MIN);
    expect(await resolve(first.sessionId, now())).toEqual({ status: "none" });
  });

  test("a removed role is refused on the very next request", async () => {
    const sid = await fullSignIn("onco");
    const before = await resolve(sid, now());
    expect(before.status === "signed_in" && hasRole(before.user, ["oncologist"])).toBe(true);
    await as(db, U.adminA.id, (tx) =>
      tx
        .delete(t.staffMemberships)
        .where(and(eq(t.staffMemberships.userId, U.onco.id), eq(t.staffMemberships.role, "oncologist"))),
    );
    try {
      const after = await resolve(sid, now());
      expect(after.status).toBe("signed_in");
      expect(after.status === "signed_in" && hasRole(after.user, ["oncologist"])).toBe(false);
      expect(after.status === "signed_in" && after.user.roles).toEqual([]);
    } finally {
      await db.asOwner((o) =>
        o.insert(t.staffMemberships).values({ userId: U.onco.id, organisationId: ORG_A, role: "oncologist" }),
      );
    }
  });

  test("deactivating an account ends its sessions on the very next request", async () => {
    const sid = await fullSignIn("onco");
    await as(db, U.adminA.id, (tx) =>
      tx.update(t.users).set({ deactivatedAt: now() }).where(eq(t.users.id, U.onco.id)),
    );
    try {
      expect(await resolve(sid, now())).toEqual({ status: "none" });
    } finally {
      await db.asOwner((o) => o.update(t.users).set({ deactivatedAt: null }).where(eq(t.users.id, U.onco.id)));
    }
  });

  test("an admin's MFA reset ends the sessions at once and the next sign-in enrols again", async () => {
    const sid = await fullSignIn("nurse");
    // Another organisation's admin cannot; a clinician's takes two admins of hers (tests/two-person.test.ts).
    for (const admin of [U.adminB.id, U.adminA.id]) {
      await expect(as(db, admin, (tx) => resetMfa(tx, { userId: U.nurse.id, at: now() }))).rejects.toSatisfy(
        (e) => sqlState(e) === PERMISSION_DENIED,
      );
    }
    expect(await resolve(sid, now())).toMatchObject({ status: "signed_in" });
    // The oncologist is made a second admin of A for a moment, and approves adminA's request.
    const actorA = { userId: U.adminA.id, organisationId: ORG_A };
    const requestId = await as(db, U.adminA.id, (tx) =>
      requestStaffChange(tx, { actor: actorA, kind: "mfa_reset", userId: U.nurse.id }),
    );
    await db.asOwner((o) =>
      o.insert(t.staffMemberships).values({ userId: U.onco.id, organisationId: ORG_A, role: "admin" }),
    );
    try {
      await as(db, U.onco.id, (tx) =>
        decideStaffChange(tx, { actor: { userId: U.onco.id, organisationId: ORG_A }, requestId, approve: true }),
      );
    } finally {
      await db.asOwner((o) =>
        o
          .delete(t.staffMemberships)
          .where(and(eq(t.staffMemberships.userId, U.onco.id), eq(t.staffMemberships.role, "admin"))),
      );
    }
    expect(await resolve(sid, now())).toEqual({ status: "none" });
    expect(await signIn(U.nurse.email, PASSWORD)).toMatchObject({ ok: true, stage: "enrol" });
    await db.asOwner((o) =>
      o
        .update(t.users)
        .set({ mfaSecretEnc: encryptSecret(SECRETS.nurse as string, U.nurse.id, KEY), mfaEnabledAt: new Date() })
        .where(eq(t.users.id, U.nurse.id)),
    );
  });

  test("a cookie whose token is not a live session's resolves to nothing", async () => {
    const sid = await fullSignIn("patient");
    for (const token of [sid, "", "not-a-token", `${TOKENS.get(sid)}x`, "'; drop table sessions; --"]) {
      expect(await resolveSession(db.runtime, token, now())).toEqual({ status: "none" });
    }
    expect((await resolve(sid, now())).status).toBe("signed_in");
  });
});

describe("one-time links", () => {
  const NEW = { id: id("new-staff"), email: "new.starter@a.example" };

  test("an admin invites a new colleague: one-time link to password, sign-in and MFA enrolment", async () => {
    const at = now();
    const link = await as(db, U.adminA.id, async (tx) => {
      await tx
        .insert(t.users)
        .values({ id: NEW.id, organisationId: ORG_A, kind: "staff", email: NEW.email, displayName: "New Starter" });
      return createInvitation(tx, { userId: NEW.id, purpose: "activate", createdBy: U.adminA.id, now: at });
    });
    // Its role is a second admin's to give (tests/two-person.test.ts); here, the operator's.
    await db.asOwner((o) =>
      o.insert(t.staffMemberships).values({ userId: NEW.id, organisationId: ORG_A, role: "admin" }),
    );
    expect(link.path).toBe(`/activate/${link.token}`);
    expect(link.expiresAt.getTime() - at.getTime()).toBe(INVITATION_TTL_HOURS * 3_600_000);
    // Only the hash is stored.
    const stored = await db.asOwner((o) =>
      rowsOf<{ token_hash: string }>(o, sql`select token_hash from invitations where user_id = ${NEW.id}`),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(link.token);

    expect(await describeLink(db.runtime, link.token, at)).toMatchObject({
      status: "valid",
      link: { email: NEW.email, purpose: "activate" },
    });
    const activate = (body: unknown) => activateWithLink(db.runtime, body, later(at, MIN));
    expect(await activate({ token: link.token, password: "password1234", confirm: "password1234" })).toMatchObject({
      ok: false,
      status: 400,
      fields: [{ field: "password" }],
    });
    expect(await activate({ token: link.token, password: "short", confirm: "short" })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await activate({ token: link.token, password: PASSWORD, confirm: `${PASSWORD}!` })).toMatchObject({
      ok: false,
      fields: [{ field: "confirm" }],
    });
    expect(await activate({ token: link.token, password: PASSWORD, confirm: PASSWORD })).toEqual({
      ok: true,
      purpose: "activate",
      email: NEW.email,
    });
    expect(await activate({ token: link.token, password: PASSWORD, confirm: PASSWORD })).toMatchObject({
      ok: false,
      status: 410,
    });
    expect(await auditActions(NEW.id)).toContain("account_activated");

    // First sign-in: straight to enrolment.
    const first = await signIn(NEW.email, PASSWORD, later(at, 2 * MIN));
    if (!first.ok) throw new Error(first.refusal);
    expect(first.stage).toBe("enrol");
    expect(await resolve(first.sessionId, later(at, 2 * MIN))).toMatchObject({
      status: "pending",
      pending: { stage: "enrol" },
    });
    const who = await enrolling(first.sessionId, later(at, 2 * MIN));
    const enrolment = await enrolmentFor(db.runtime, who, KEY);
    // Reloading the page shows the same secret until it is confirmed; the secret is made once.
    expect((await enrolmentFor(db.runtime, who, KEY))?.secret).toBe(enrolment?.secret);
    expect((await auditActions(NEW.id)).filter((a) => a === "mfa_enrolment_started")).toHaveLength(1);
    const wrong = await confirmEnrolment(db.runtime, { who, code: "000000", at: later(at, 2 * MIN) }, KEY);
    expect(wrong).toEqual({ ok: false, reason: "wrong" });
    const done = await confirmEnrolment(
      db.runtime,
      {
        who,
        code: totpCode(enrolment?.secret as string, later(at, 2 * MIN)),
        at: later(at, 2 * MIN),
      },
      KEY,
    );
    expect(done.ok && done.recoveryCodes).toHaveLength(10);
    expect((await resolve(first.sessionId, later(at, 3 * MIN))).status).toBe("signed_in");
    expect(await enrolmentFor(db.runtime, who, KEY)).toBeNull();
    expect(await auditActions(NEW.id)).toContain("mfa_enrolled");
  });

  // Admins issue links for staff accounts only: a link for a patient would let its holder sign in as
  // the patient (tests/links-and-limits.test.ts).
  test("a reset link sets a new password, lifts a lock and ends the account's sessions", async () => {
    const sid = await fullSignIn("relaxed");
    await db.asOwner((o) =>
      o
        .update(t.users)
        .set({ failedSignIns: 9, lockedUntil: later(now(), 15 * MIN) })
        .where(eq(t.users.id, U.relaxed.id)),
    );
    // Issued as the owner: a clinician's link takes two admins (tests/two-person.test.ts).
    const link = await db.asOwner((o) =>
      o.transaction((tx) =>
        createInvitation(tx, { userId: U.relaxed.id, purpose: "reset", createdBy: U.adminB.id, now: now() }),
      ),
    );
    expect(
      await activateWithLink(
        db.runtime,
        { token: link.token, password: "Brand new river stones", confirm: "Brand new river stones" },
        now(),
      ),
    ).toMatchObject({
      ok: true,
      purpose: "reset",
    });
    expect(await resolve(sid, now())).toEqual({ status: "none" });
    expect(await signIn(U.relaxed.email, PASSWORD)).toEqual({ ok: false, refusal: "refused" });
    expect(await signIn(U.relaxed.email, "Brand new river stones")).toMatchObject({ ok: true });
    expect(await auditActions(U.relaxed.id)).toContain("password_reset_completed");
    await expect(
      as(db, U.adminA.id, (tx) =>
        createInvitation(tx, { userId: U.patient.id, purpose: "reset", createdBy: U.adminA.id, now: now() }),
      ),
    ).rejects.toSatisfy((e) => sqlState(e) === PERMISSION_DENIED);
  });

  test("a link expires after 72 hours, and a newer link replaces an older one", async () => {
    const at = now();
    // Issued as the owner: a clinician's link takes two admins (tests/two-person.test.ts).
    const old = await db.asOwner((o) =>
      o.transaction((tx) =>
        createInvitation(tx, { userId: U.onco.id, purpose: "reset", createdBy: U.adminA.id, now: at }),
      ),
    );
    expect(await describeLink(db.runtime, old.token, later(at, 72 * 60 * MIN - 1))).toMatchObject({ status: "valid" });
    expect(await describeLink(db.runtime, old.token, later(at, 72 * 60 * MIN))).toEqual({ status: "expired" });
    expect(
      await activateWithLink(
        db.runtime,
        { token: old.token, password: "Quiet orange lighthouse", confirm: "Quiet orange lighthouse" },
        later(at, 72 * 60 * MIN),
      ),
    ).toMatchObject({
      ok: false,
      status: 410,
    });
    const newer = await db.asOwner((o) =>
      o.transaction((tx) =>
        createInvitation(tx, { userId: U.onco.id, purpose: "reset", createdBy: U.adminA.id, now: at }),
      ),
    );
    expect(await describeLink(db.runtime, old.token, at)).toEqual({ status: "used" });
    expect(await describeLink(db.runtime, newer.token, at)).toMatchObject({ status: "valid" });
  });

  test("only the account's own organisation may issue its links", async () => {
    await expect(
      as(db, U.adminB.id, (tx) =>
        createInvitation(tx, { userId: U.onco.id, purpose: "reset", createdBy: U.adminB.id, now: now() }),
      ),
    ).rejects.toSatisfy((e) => sqlState(e) === PERMISSION_DENIED);
    await expect(
      as(db, null, (tx) =>
        createInvitation(tx, { userId: U.onco.id, purpose: "reset", createdBy: U.adminA.id, now: now() }),
      ),
    ).rejects.toSatisfy((e) => sqlState(e) === PERMISSION_DENIED);
  });
});
