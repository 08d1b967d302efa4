import "server-only";
import QRCode from "qrcode";
import type { Database, Tx } from "@/db/client";
import { appendAuditEvent } from "@/db/queries/audit";
import {
  acceptTotpStep,
  clearSignInFailures,
  enableMfa,
  findMfaState,
  type MfaState,
  recordSecondFactorFailure,
  savePendingMfaSecret,
  spendRecoveryCode,
} from "@/db/queries/auth";
import { markSessionVerified, revokeSession } from "@/db/queries/sessions";
import { runWithRls } from "@/db/rls";
import type { AuditAction } from "@/lib/audit/actions";
import { lockState, THROTTLE_POLICY, type ThrottlePolicy, throttleKey } from "@/lib/auth/throttle";
import { sha256Hex } from "@/lib/hash";
import { log } from "@/server/log";
import { mfaEncryptionKey } from "./secret";
import { identityOf, type PendingSignIn, type SessionUser } from "./session";
import {
  decryptSecret,
  encryptSecret,
  isRecoveryCodeShaped,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  totpUri,
} from "./totp";

/** The browser half-way through signing in (its identity: the pending session's token), and its code. */
export type SecondFactorInput = { pending: PendingSignIn; code: string; address: string | null; at: Date };

export type SecondFactorResult =
  | { ok: true; method: "totp" | "recovery_code" }
  | { ok: false; reason: "format" | "wrong" | "reused" | "slowed" | "locked" };

function storedSecret(state: MfaState, key: Buffer): string | null {
  if (!state.mfaSecretEnc) return null;
  const secret = decryptSecret(state.mfaSecretEnc, state.userId, key);
  // A secret that no longer decrypts means the key changed or the column was tampered with.
  if (secret === null)
    log.error("TOTP secret does not decrypt", new Error("mfa secret undecryptable"), { userId: state.userId });
  return secret;
}

/**
 * The second step of signing in: a code from the authenticator app (each accepted once only) or
 * an unused recovery code. Wrong codes count towards the same lock as wrong passwords; the failure
 * that locks the account also ends this half-signed-in session.
 */
export async function verifySecondFactor(
  db: Database,
  input: SecondFactorInput,
  policy: ThrottlePolicy = THROTTLE_POLICY,
  key: Buffer = mfaEncryptionKey(),
): Promise<SecondFactorResult> {
  const code = normaliseCode(input.code);
  const isTotp = /^\d{6}$/.test(code);
  if (!isTotp && !isRecoveryCodeShaped(code)) return { ok: false, reason: "format" };
  const { pending, at } = input;
  const { userId, sessionId } = pending;

  return runWithRls(db, identityOf(pending), async (tx): Promise<SecondFactorResult> => {
    const state = await findMfaState(tx, userId);
    if (!state?.mfaEnabledAt) return { ok: false, reason: "wrong" };
    const audit = (action: AuditAction, outcome: "allowed" | "denied", details: Record<string, string>) =>
      appendAuditEvent(tx, {
        action,
        actorUserId: userId,
        actorRole: state.kind === "patient" ? "patient" : null,
        organisationId: state.organisationId,
        patientId: null,
        resourceType: "session",
        resourceId: sessionId,
        outcome,
        details,
      });

    const lock = lockState(state.failedSignIns, state.lockedUntil, at, policy);
    if (lock !== "open") {
      await audit("second_factor_failed", "denied", { reason: lock });
      return { ok: false, reason: lock };
    }

    let method: "totp" | "recovery_code" | null = null;
    if (isTotp) {
      const secret = storedSecret(state, key);
      const step = secret ? matchTotp(secret, code, at) : null;
      if (step !== null) {
        if (!(await acceptTotpStep(tx, { userId, step }))) {
          await audit("second_factor_failed", "denied", { reason: "code_reused" });
          return { ok: false, reason: "reused" };
        }
        method = "totp";
      }
    } else if (await spendRecoveryCode(tx, { userId, codeHash: sha256Hex(code), at })) {
      method = "recovery_code";
    }

    if (method) {
      await markSessionVerified(tx, { sessionId, now: at });
      await clearSignInFailures(tx, userId);
      await audit("signed_in", "allowed", { method });
      return { ok: true, method };
    }
    return countFailure(tx, input, policy, audit);
  });
}

async function countFailure(
  tx: Tx,
  input: SecondFactorInput,
  policy: ThrottlePolicy,
  audit: (action: AuditAction, outcome: "allowed" | "denied", details: Record<string, string>) => Promise<void>,
): Promise<SecondFactorResult> {
  const counted = await recordSecondFactorFailure(tx, {
    addressKey: input.address ? throttleKey("address", input.address) : null,
    at: input.at,
  });
  await audit("second_factor_failed", "denied", { reason: "wrong_code" });
  if (counted.failures >= policy.lockOutAfter) {
    await audit("account_locked", "denied", { reason: "too_many_failures" });
    // Whoever holds the password must start again once the lock is over.
    await revokeSession(tx, { sessionId: input.pending.sessionId, now: input.at });
    return { ok: false, reason: "locked" };
  }
  return { ok: false, reason: "wrong" };
}

export type Enrolment = { secret: string; uri: string; qrDataUrl: string };

/**
 * The secret being enrolled, as a QR code and as text for typing in. Created on first view (and
 * audited) and kept (encrypted) until the first code confirms it, so reloading the page shows the
 * same one.
 * Null when the account already has a second factor.
 */
export async function enrolmentFor(
  db: Database,
  who: SessionUser | PendingSignIn,
  key: Buffer = mfaEncryptionKey(),
): Promise<Enrolment | null> {
  const { userId } = who;
  const secret = await runWithRls(db, identityOf(who), async (tx) => {
    const state = await findMfaState(tx, userId);
    if (!state || state.mfaEnabledAt) return null;
    const existing = state.mfaSecretEnc ? decryptSecret(state.mfaSecretEnc, userId, key) : null;
    if (existing) return { secret: existing, email: state.email };
    const fresh = newTotpSecret();
    await savePendingMfaSecret(tx, { userId, secretEnc: encryptSecret(fresh, userId, key) });
    // A new secret for the account is a security event, like its confirmation (mfa_enrolled).
    await appendAuditEvent(tx, {
      action: "mfa_enrolment_started",
      actorUserId: userId,
      actorRole: state.kind === "patient" ? "patient" : null,
      organisationId: state.organisationId,
      patientId: null,
      resourceType: "user",
      resourceId: userId,
      outcome: "allowed",
    });
    return { secret: fresh, email: state.email };
  });
  if (!secret) return null;
  const uri = totpUri(secret.secret, secret.email);
  return { secret: secret.secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

export type EnrolmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "format" | "wrong" | "already_enabled" | "not_started" };

/**
 * Confirms enrolment with the first code from the app: the second factor is switched on, this
 * session counts as having passed it, and ten recovery codes are returned, to be shown once.
 * Mistyped codes here are not counted as failures: the person is looking at the secret.
 */
export async function confirmEnrolment(
  db: Database,
  input: { who: SessionUser | PendingSignIn; code: string; at: Date },
  key: Buffer = mfaEncryptionKey(),
): Promise<EnrolmentResult> {
  const code = normaliseCode(input.code);
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: "format" };
  const { userId, sessionId } = input.who;
  return runWithRls(db, identityOf(input.who), async (tx): Promise<EnrolmentResult> => {
    const state = await findMfaState(tx, userId);
    if (!state) return { ok: false, reason: "not_started" };
    if (state.mfaEnabledAt) return { ok: false, reason: "already_enabled" };
    const secret = storedSecret(state, key);
    if (!secret) return { ok: false, reason: "not_started" };
    const step = matchTotp(secret, code, input.at);
    if (step === null) return { ok: false, reason: "wrong" };
    const recoveryCodes = newRecoveryCodes();
    const enabled = await enableMfa(tx, {
      userId: userId,
      step,
      at: input.at,
      recoveryCodeHashes: recoveryCodes.map((c) => sha256Hex(normaliseCode(c))),
    });
    if (!enabled) return { ok: false, reason: "already_enabled" };
    await markSessionVerified(tx, { sessionId: sessionId, now: input.at });
    await appendAuditEvent(tx, {
      action: "mfa_enrolled",
      actorUserId: userId,
      actorRole: state.kind === "patient" ? "patient" : null,
      organisationId: state.organisationId,
      patientId: null,
      resourceType: "user",
      resourceId: userId,
      outcome: "allowed",
    });
    return { ok: true, recoveryCodes };
  });
}
