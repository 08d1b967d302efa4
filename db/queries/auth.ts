import "server-only";
/**
 * Credentials, throttling, second factor and one-time links. What runs before there is a user
 * context (sign-in, a link being opened) goes through the SECURITY DEFINER functions of
 * db/sql/auth.sql; everything else runs as the signed-in user or admin under RLS.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { sha256Hex } from "@/lib/hash";
import type { Tx } from "../client";
import { invitations, recoveryCodes, sessions, users } from "../schema";
import { at, queryRows } from "../sql";

const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string);

// ---------------------------------------------------------------------------------------------
// Throttling (no user context)

export type ThrottleRow = { key: string; failures: number; windowStartedAt: Date; lockedUntil: Date | null };

export async function findThrottles(tx: Tx, keys: string[]): Promise<ThrottleRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select * from app.sign_in_throttle_state(${toTextArray(keys)})`,
  );
  return rows.map((r) => ({
    key: r.key as string,
    failures: Number(r.failures),
    windowStartedAt: toDate(r.window_started_at) as Date,
    lockedUntil: toDate(r.locked_until),
  }));
}

export type FailureParams = {
  /** The account, or null when the email has none (then `emailKey` is counted instead). */
  userId: string | null;
  emailKey: string | null;
  addressKey: string | null;
  at: Date;
};

export type FailureCount = { failures: number; lockedUntil: Date | null; addressFailures: number | null };

function failureCount(row: Record<string, unknown> | undefined): FailureCount {
  return {
    failures: Number(row?.failures ?? 0),
    lockedUntil: toDate(row?.locked_until),
    addressFailures:
      row?.address_failures === null || row?.address_failures === undefined ? null : Number(row.address_failures),
  };
}

/**
 * The sign-in role: counts one failed attempt and applies the lock it earns, atomically. How long
 * a lock lasts is fixed in the database (app.sign_in_throttle_policy).
 */
export async function recordSignInFailure(tx: Tx, p: FailureParams): Promise<FailureCount> {
  const [row] = await queryRows<Record<string, unknown>>(
    tx,
    sql`select * from app.record_sign_in_failure(${p.userId}::uuid, ${p.emailKey}, ${p.addressKey}, ${at(p.at)})`,
  );
  return failureCount(row);
}

/** A wrong second-factor code, counted against the caller's own account like a wrong password. */
export async function recordSecondFactorFailure(
  tx: Tx,
  p: { addressKey: string | null; at: Date },
): Promise<FailureCount> {
  const [row] = await queryRows<Record<string, unknown>>(
    tx,
    sql`select * from app.record_second_factor_failure(${p.addressKey}, ${at(p.at)})`,
  );
  return failureCount(row);
}

/** The lock lengths the database applies, for lib/auth/throttle.ts to be compared with. */
export async function findThrottlePolicy(tx: Tx): Promise<{ lockSeconds: number[]; addressWindowSeconds: number }> {
  const [row] = await queryRows<{ lock_seconds: number[] | string; address_window_seconds: number }>(
    tx,
    sql`select array_to_json(lock_seconds)::text as lock_seconds, address_window_seconds from app.sign_in_throttle_policy()`,
  );
  return {
    lockSeconds: JSON.parse(String(row.lock_seconds)),
    addressWindowSeconds: Number(row.address_window_seconds),
  };
}

// Arrays are passed as PostgreSQL array literals: the two drivers disagree on binding JS arrays.
function toTextArray(values: string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`}::text[]`;
}

// ---------------------------------------------------------------------------------------------
// The signed-in user's own second factor (user context: the account itself)

export type MfaState = {
  userId: string;
  organisationId: string;
  email: string;
  kind: "staff" | "patient";
  mfaSecretEnc: string | null;
  mfaEnabledAt: Date | null;
  mfaLastStep: number | null;
  failedSignIns: number;
  lockedUntil: Date | null;
};

export async function findMfaState(tx: Tx, userId: string): Promise<MfaState | null> {
  const [row] = await tx
    .select({
      userId: users.id,
      organisationId: users.organisationId,
      email: users.email,
      kind: users.kind,
      // The request role cannot read the column; only its owner reads it, through this function.
      mfaSecretEnc: sql<string | null>`app.own_mfa_secret(${users.id})`,
      mfaEnabledAt: users.mfaEnabledAt,
      mfaLastStep: users.mfaLastStep,
      failedSignIns: users.failedSignIns,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

export type SavePendingMfaSecretParams = { userId: string; secretEnc: string };

/** Keeps the secret being enrolled until the first code confirms it. */
export async function savePendingMfaSecret(tx: Tx, { userId, secretEnc }: SavePendingMfaSecretParams): Promise<void> {
  await tx
    .update(users)
    .set({ mfaSecretEnc: secretEnc })
    .where(and(eq(users.id, userId), isNull(users.mfaEnabledAt)));
}

/**
 * Switches the second factor on after a correct first code, replacing any earlier recovery codes.
 * Returns false when it was already on (a second tab finishing the same enrolment).
 */
export async function enableMfa(
  tx: Tx,
  p: { userId: string; step: number; at: Date; recoveryCodeHashes: string[] },
): Promise<boolean> {
  const updated = await tx
    .update(users)
    .set({ mfaEnabledAt: p.at, mfaLastStep: p.step })
    .where(and(eq(users.id, p.userId), isNull(users.mfaEnabledAt)))
    .returning({ id: users.id });
  if (updated.length === 0) return false;
  await tx
    .update(recoveryCodes)
    .set({ usedAt: p.at })
    .where(and(eq(recoveryCodes.userId, p.userId), isNull(recoveryCodes.usedAt)));
  await tx.insert(recoveryCodes).values(p.recoveryCodeHashes.map((codeHash) => ({ userId: p.userId, codeHash })));
  return true;
}

export type AcceptTotpStepParams = { userId: string; step: number };

/** Accepts a TOTP time step only if it is later than every step accepted before (no replay). */
export async function acceptTotpStep(tx: Tx, { userId, step }: AcceptTotpStepParams): Promise<boolean> {
  const updated = await tx
    .update(users)
    .set({ mfaLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step))))
    .returning({ id: users.id });
  return updated.length > 0;
}

export type SpendRecoveryCodeParams = { userId: string; codeHash: string; at: Date };

/** Spends a recovery code; false when it is not one of the account's unused codes. */
export async function spendRecoveryCode(tx: Tx, { userId, codeHash, at }: SpendRecoveryCodeParams): Promise<boolean> {
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

export async function countUnusedRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** A successful sign-in starts the failure count again. */
export async function clearSignInFailures(tx: Tx, userId: string): Promise<void> {
  await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------
// One-time links: activation of a new account and password reset

export const INVITATION_TTL_HOURS = 72;
export type InvitationPurpose = "activate" | "reset";

/** A link token: 256 random bits, URL-safe. Only its sha256 is stored. */
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isLinkTokenShaped(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export const invitationPath = (token: string) => `/activate/${token}`;

/**
 * Under RLS, for whoever may invite the account (app.may_issue_link: an admin of its organisation
 * for a staff account; a clinician of the patient's care team for a patient's first activation,
 * as at enrolment): a new one-time link for `userId`, valid for 72 hours. Any earlier open link of the account stops
 * working. Returns the token once (it is not stored); hand over `path` on this site's address.
 * The caller's action records the audit event.
 */
export async function createInvitation(
  tx: Tx,
  p: { userId: string; purpose: InvitationPurpose; createdBy: string; now: Date },
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const token = newLinkToken();
  const expiresAt = new Date(p.now.getTime() + INVITATION_TTL_HOURS * 3_600_000);
  await tx
    .update(invitations)
    .set({ usedAt: p.now })
    .where(and(eq(invitations.userId, p.userId), isNull(invitations.usedAt)));
  await tx.insert(invitations).values({
    userId: p.userId,
    tokenHash: sha256Hex(token),
    purpose: p.purpose,
    expiresAt,
    createdBy: p.createdBy,
    createdAt: p.now,
  });
  return { token, path: invitationPath(token), expiresAt };
}

/**
 * A new one-time link for a staff account (createInvitation), emailed to the account's own address
 * through the notifications outbox (app.queue_link_email). A clinician's link takes a second admin
 * (db/queries/staff-changes.ts); the database refuses it here.
 */
export async function createEmailedInvitation(
  tx: Tx,
  p: { userId: string; purpose: InvitationPurpose; createdBy: string; now: Date },
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const link = await createInvitation(tx, p);
  await tx.execute(sql`select app.queue_link_email(${link.token})`);
  return link;
}

export type InvitationFacts = {
  invitationId: string;
  userId: string;
  email: string;
  displayName: string;
  kind: "staff" | "patient";
  purpose: InvitationPurpose;
  expiresAt: Date;
  usedAt: Date | null;
  deactivated: boolean;
};

/** No user context: what a link is for, by its raw token (the database hashes it). */
export async function findInvitation(tx: Tx, token: string): Promise<InvitationFacts | null> {
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`select * from app.invitation_lookup(${token})`);
  if (!row) return null;
  return {
    invitationId: row.invitation_id as string,
    userId: row.user_id as string,
    email: row.email as string,
    displayName: row.display_name as string,
    kind: row.kind as "staff" | "patient",
    purpose: row.purpose as InvitationPurpose,
    expiresAt: toDate(row.expires_at) as Date,
    usedAt: toDate(row.used_at),
    deactivated: Boolean(row.deactivated),
  };
}

/**
 * No user context: sets the password through a link, once, by its raw token, and records the
 * activation or reset in the audit trail. The database hashes the token and judges expiry by its
 * own clock. Null when the link is not usable.
 */
export async function redeemInvitation(
  tx: Tx,
  p: { token: string; passwordHash: string },
): Promise<{ userId: string; organisationId: string; kind: "staff" | "patient"; purpose: InvitationPurpose } | null> {
  const [row] = await queryRows<Record<string, unknown>>(
    tx,
    sql`select * from app.redeem_invitation(${p.token}, ${p.passwordHash})`,
  );
  if (!row) return null;
  return {
    userId: row.user_id as string,
    organisationId: row.organisation_id as string,
    kind: row.kind as "staff" | "patient",
    purpose: row.purpose as InvitationPurpose,
  };
}

// ---------------------------------------------------------------------------------------------
// Admin actions (user context: an admin of the account's organisation; refused otherwise with
// SQLSTATE 42501). The caller's action records the audit event.

/** Lifts a sign-in lock and starts the failure count again. */
export async function unlockAccount(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(tx, sql`select app.unlock_account(${userId}::uuid) as ok`);
  return Boolean(row?.ok);
}

export type ResetMfaParams = { userId: string; at: Date };

/**
 * Removes the account's second factor and recovery codes and ends all its sessions, so the change
 * applies on its very next request and the next sign-in enrols a new authenticator.
 */
export async function resetMfa(tx: Tx, { userId, at }: ResetMfaParams): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(tx, sql`select app.reset_account_mfa(${userId}::uuid) as ok`);
  await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  return Boolean(row?.ok);
}
