import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "@/db/client";
import { appendAuditEvent, appendSignInEvent, type SignInEvent } from "@/db/queries/audit";
import { clearSignInFailures, findThrottles, recordSignInFailure } from "@/db/queries/auth";
import { findSignInCredentials, newSessionToken, openSession } from "@/db/queries/sessions";
import { actAsRequestRole, runAsSignIn } from "@/db/rls";
import { organisations } from "@/db/schema";
import type { SignInRefusal } from "@/lib/auth/messages";
import { type SignInStage, signInStage } from "@/lib/auth/session-policy";
import {
  addressThrottleKey,
  isAddressLimited,
  lockState,
  THROTTLE_POLICY,
  type ThrottlePolicy,
  throttleKey,
} from "@/lib/auth/throttle";
import { log } from "@/server/log";
import { verifyPassword } from "./password";

/** Exactly the two fields; anything else (or any other shape) is refused before the database is asked. */
export const signInInput = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    password: z.string().min(1).max(1024),
  })
  .strict();

export type SignInContext = { address: string | null; userAgent: string | null; at: Date };

export type SignInResult =
  | { ok: true; userId: string; sessionId: string; sessionToken: string; stage: SignInStage }
  | { ok: false; refusal: SignInRefusal };

/**
 * Checks an email and password and, if they are right, opens a session (which may still need the
 * second factor) and returns its secret token, for the cookie. `db` is the sign-in role's
 * connection (server/database.ts): only it may read credentials and open sessions. A wrong email, a wrong password and a deactivated account get the same answer
 * after the same work (a hash is verified either way); an email with no account is throttled and
 * locked exactly like one with. Every failure and every lock is an audit event.
 */
export async function attemptSignIn(
  db: Database,
  raw: unknown,
  ctx: SignInContext,
  policy: ThrottlePolicy = THROTTLE_POLICY,
): Promise<SignInResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return { ok: false, refusal: "refused" };
  const { email, password } = parsed.data;
  const { at } = ctx;
  const emailKey = throttleKey("email", email);
  // Without a trustworthy source address, every such attempt on this email shares one bucket.
  const addressKey = addressThrottleKey(ctx.address, email);

  const { account, throttles } = await runAsSignIn(db, async (tx) => ({
    account: await findSignInCredentials(tx, email),
    throttles: await findThrottles(tx, [emailKey, addressKey]),
  }));
  // No actor: the database records these in the account's organisation (app.append_sign_in_event).
  const audit = (tx: Tx, action: SignInEvent["action"], reason: SignInEvent["reason"]) =>
    appendSignInEvent(tx, { action, accountId: account?.userId ?? null, reason });

  const addressRow = throttles.find((t) => t.key === addressKey);
  if (isAddressLimited(addressRow, at, policy)) {
    // Audited once, when the address reached its limit (below); each later refusal is only logged,
    // so a flood of requests cannot flood the audit trail.
    log.warn("sign-in refused: source address rate-limited");
    return { ok: false, refusal: "rate_limited" };
  }
  const unknownEmail = throttles.find((t) => t.key === emailKey);
  const lock = account
    ? lockState(account.failedSignIns, account.lockedUntil, at, policy)
    : lockState(unknownEmail?.failures ?? 0, unknownEmail?.lockedUntil ?? null, at, policy);
  const countFailure = (tx: Tx, userId: string | null, key: string | null) =>
    recordSignInFailure(tx, { userId, emailKey: key, addressKey, at });
  const auditAddressLimit = async (tx: Tx, addressFailures: number | null) => {
    if (addressFailures === policy.addressFailureLimit) await audit(tx, "source_address_rate_limited", "address_limit");
  };
  if (lock !== "open") {
    // Not counted against the account (it is already waiting), but against the source address.
    await runAsSignIn(db, async (tx) => {
      const counted = await countFailure(tx, null, null);
      await audit(tx, "sign_in_failed", lock);
      await auditAddressLimit(tx, counted.addressFailures);
    });
    return { ok: false, refusal: lock };
  }

  const passwordOk = await verifyPassword(account?.passwordHash, password);
  if (!account || !passwordOk || account.deactivated) {
    const reason = !account ? "unknown_account" : account.deactivated ? "deactivated" : "wrong_password";
    const count = await runAsSignIn(db, async (tx) => {
      const counted = await countFailure(tx, account?.userId ?? null, account ? null : emailKey);
      await audit(tx, "sign_in_failed", reason);
      if (counted.failures >= policy.lockOutAfter) await audit(tx, "account_locked", "too_many_failures");
      await auditAddressLimit(tx, counted.addressFailures);
      return counted;
    });
    return { ok: false, refusal: count.failures >= policy.lockOutAfter ? "locked" : "refused" };
  }

  return runAsSignIn(db, async (tx) => {
    const sessionToken = newSessionToken();
    const sessionId = await openSession(tx, {
      userId: account.userId,
      token: sessionToken,
      userAgent: ctx.userAgent,
      now: at,
    });
    // From here on, the account itself, under its own policies.
    await actAsRequestRole(tx, account.kind === "patient" ? "patient" : null);
    await clearSignInFailures(tx, account.userId);
    const [org] = await tx
      .select({ settings: organisations.settings })
      .from(organisations)
      .where(eq(organisations.id, account.organisationId));
    const stage = signInStage({
      kind: account.kind,
      mfaEnabled: account.mfaEnabled,
      mfaVerifiedAt: null,
      settings: org?.settings ?? {},
    });
    await appendAuditEvent(tx, {
      action: stage === "complete" ? "signed_in" : "sign_in_password_accepted",
      actorUserId: account.userId,
      actorRole: account.kind === "patient" ? "patient" : null,
      organisationId: account.organisationId,
      patientId: null,
      resourceType: "session",
      resourceId: sessionId,
      outcome: "allowed",
      details: { method: "password", next: stage },
    });
    return { ok: true as const, userId: account.userId, sessionId, sessionToken, stage };
  });
}
