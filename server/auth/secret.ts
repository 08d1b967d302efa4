import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Keys come from the environment. Production must set them; for local development a random key is
 * created once under .data/ (never committed) so sign-ins and enrolled authenticators survive a
 * restart. SERUMS_ALLOW_DEV_SECRET lets a production build run locally on the development keys.
 */
function fromEnvOrDevFile(envValue: string | undefined, envName: string, file: string): string {
  if (envValue) return envValue;
  // `next build` loads the route modules to collect their configuration; no request is served
  // then, and the running server evaluates them again with its own environment.
  if (process.env.NEXT_PHASE === "phase-production-build") return "not-a-key-build-time-only";
  if (process.env.NODE_ENV === "production" && !process.env.SERUMS_ALLOW_DEV_SECRET) {
    throw new Error(`${envName} must be set in production.`);
  }
  const location = path.join(process.cwd(), ".data", file);
  if (!existsSync(location)) {
    mkdirSync(path.dirname(location), { recursive: true });
    writeFileSync(location, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(location, "utf8").trim();
}

/** The key that signs session cookies (NEXTAUTH_SECRET). */
export function authSecret(): string {
  return fromEnvOrDevFile(process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET, "NEXTAUTH_SECRET", "dev-auth-secret");
}

let mfaKey: Buffer | undefined;

/** The AES-256 key that encrypts TOTP secrets at rest: MFA_ENCRYPTION_KEY, 32 bytes in base64. */
export function mfaEncryptionKey(): Buffer {
  if (mfaKey) return mfaKey;
  const encoded = fromEnvOrDevFile(process.env.MFA_ENCRYPTION_KEY, "MFA_ENCRYPTION_KEY", "dev-mfa-key");
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32)
    throw new Error("MFA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).");
  mfaKey = key;
  return key;
}

/**
 * The key that signs the audit chain's checkpoints (AUDIT_CHECKPOINT_KEY). It must not be in the
 * database, nor readable by whoever administers it: it is what lets `npm run audit:verify` tell a
 * checkpoint the app wrote from one written by someone rewriting the chain.
 */
export function auditCheckpointKey(): string {
  return fromEnvOrDevFile(process.env.AUDIT_CHECKPOINT_KEY, "AUDIT_CHECKPOINT_KEY", "dev-audit-checkpoint-key");
}
