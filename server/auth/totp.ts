/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, the defaults every authenticator
 * app understands), one-time recovery codes, and the encryption of secrets at rest.
 *
 * Not marked server-only: the seed, scripts/demo-totp.ts and the browser tests compute demo codes.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are accepted, for clocks that drift a little. */
export const TOTP_WINDOW = 1;
const ISSUER = "SERUMS Oncology";

/** A new random secret (160 bits, as RFC 4226 recommends), in base32 as authenticator apps show it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountName: string): string {
  return new TOTP({ issuer: ISSUER, label: accountName, secret: Secret.fromBase32(secretBase32) }).toString();
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a time step. */
export function totpCodeForStep(secretBase32: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32), counter: step, digits: TOTP_DIGITS });
}

/** The code an authenticator app shows at `at`. */
export function totpCode(secretBase32: string, at: Date = new Date()): string {
  return totpCodeForStep(secretBase32, totpStep(at));
}

/**
 * The time step whose code `code` is, within the accepted window around `at`, or null. The caller
 * refuses a step it has already accepted once, so a code cannot be replayed.
 */
export function matchTotp(secretBase32: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = totpStep(at);
  let matched: number | null = null;
  // Every candidate is compared (in constant time), so the answer's timing says nothing.
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(totpCodeForStep(secretBase32, step)), Buffer.from(code)) && matched === null)
      matched = step;
  }
  return matched;
}

/** What the person typed, tidied: spaces and dashes removed, letters in capitals. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

export const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/I/L: the codes are copied by hand.
const RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RECOVERY_LENGTH = 10;

/** Ten fresh recovery codes, shown once as `ABCDE-FGHJK`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(
      { length: RECOVERY_LENGTH },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    ).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function isRecoveryCodeShaped(normalised: string): boolean {
  return new RegExp(`^[${RECOVERY_ALPHABET}]{${RECOVERY_LENGTH}}$`).test(normalised);
}

/**
 * Encrypts a TOTP secret with AES-256-GCM. The account id is bound in as associated data, so a
 * ciphertext copied onto another account does not decrypt there.
 */
export function encryptSecret(plain: string, accountId: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`mfa:${accountId}`));
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString("base64url")}.${sealed.toString("base64url")}`;
}

/** The secret, or null when the ciphertext is malformed, altered, for another account or another key. */
export function decryptSecret(stored: string, accountId: string, key: Buffer): string | null {
  const [version, ivText, sealedText] = stored.split(".");
  if (version !== "v1" || !ivText || !sealedText) return null;
  try {
    const sealed = Buffer.from(sealedText, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
    decipher.setAAD(Buffer.from(`mfa:${accountId}`));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
