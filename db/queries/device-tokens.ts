import "server-only";
/**
 * API tokens a patient issues to their own app or home device. The plaintext token is shown once,
 * when it is created; only its SHA-256 is stored, so a copy of the database cannot be replayed
 * against the API. Policies let a patient create, list and revoke only their own tokens.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { deviceTokens } from "../schema";
import { queryRows } from "../sql";

export const DEVICE_TOKEN_PREFIX = "srm_";
/** `srm_` and 32 random bytes in unpadded base64url (43 characters). */
const DEVICE_TOKEN_SHAPE = /^srm_[A-Za-z0-9_-]{43}$/;
const NAME_MAX_CHARACTERS = 100;

/** True for a string shaped like a device token (says nothing about whether it is valid). */
export function isWellFormedDeviceToken(token: string): boolean {
  return DEVICE_TOKEN_SHAPE.test(token);
}

/** The stored form of a token: lowercase hex SHA-256 of the whole token, prefix included. */
export function hashDeviceToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type DeviceTokenView = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type CreateDeviceTokenParams = { patientId: string; name: string; now: Date };

/**
 * Issues a token for the patient's device. The returned `token` is the only time the plaintext
 * exists outside the device: show it once and never log it.
 */
export async function createDeviceToken(
  tx: Tx,
  p: CreateDeviceTokenParams,
): Promise<DeviceTokenView & { token: string }> {
  const name = p.name.trim();
  if (name.length === 0 || [...name].length > NAME_MAX_CHARACTERS || /\p{Cc}/u.test(name)) {
    throw refused({ kind: "device_name_invalid", maxCharacters: NAME_MAX_CHARACTERS });
  }
  const token = `${DEVICE_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await tx
    .insert(deviceTokens)
    .values({ patientId: p.patientId, name, tokenHash: hashDeviceToken(token), createdAt: p.now })
    .returning({
      id: deviceTokens.id,
      name: deviceTokens.name,
      createdAt: deviceTokens.createdAt,
      lastUsedAt: deviceTokens.lastUsedAt,
      revokedAt: deviceTokens.revokedAt,
    });
  return { ...row, token };
}

/** The patient's tokens, newest first, revoked ones included; never the hashes. */
export async function listDeviceTokens(tx: Tx, p: { patientId: string }): Promise<DeviceTokenView[]> {
  return tx
    .select({
      id: deviceTokens.id,
      name: deviceTokens.name,
      createdAt: deviceTokens.createdAt,
      lastUsedAt: deviceTokens.lastUsedAt,
      revokedAt: deviceTokens.revokedAt,
    })
    .from(deviceTokens)
    .where(eq(deviceTokens.patientId, p.patientId))
    .orderBy(desc(deviceTokens.createdAt), desc(deviceTokens.id));
}

/** Revokes a token at once. False when the patient has no such active token. */
export async function revokeDeviceToken(
  tx: Tx,
  p: { patientId: string; tokenId: string; now: Date },
): Promise<boolean> {
  const rows = await tx
    .update(deviceTokens)
    .set({ revokedAt: p.now })
    .where(and(eq(deviceTokens.id, p.tokenId), eq(deviceTokens.patientId, p.patientId), isNull(deviceTokens.revokedAt)))
    .returning({ id: deviceTokens.id });
  return rows.length > 0;
}

/** An active token's owner, as the API then acts: the patient's own account. */
export type DeviceTokenOwner = {
  tokenId: string;
  patientId: string;
  userId: string;
  displayName: string;
  organisationId: string;
  organisationSettings: Record<string, unknown>;
};

export type AuthenticateDeviceTokenParams = { token: string; now: Date };

/**
 * Who an active token belongs to, through the one SECURITY DEFINER function made for it (there is
 * no user context yet; it hashes the raw token itself), which also records the use (at most once a minute, so a busy device does
 * not rewrite the row on every request). Null for an unknown or revoked token, or a deactivated
 * account. One statement: a device pays for its authentication with one round trip.
 */
export async function authenticateDeviceToken(
  tx: Tx,
  { token, now }: AuthenticateDeviceTokenParams,
): Promise<DeviceTokenOwner | null> {
  const [row] = await queryRows<{
    token_id: string;
    patient_id: string;
    user_id: string;
    display_name: string;
    organisation_id: string;
    organisation_settings: Record<string, unknown>;
  }>(tx, sql`select * from app.authenticate_device(${token}, ${now.toISOString()}::timestamptz)`);
  if (!row) return null;
  return {
    tokenId: row.token_id,
    patientId: row.patient_id,
    userId: row.user_id,
    displayName: row.display_name,
    organisationId: row.organisation_id,
    organisationSettings: row.organisation_settings,
  };
}
