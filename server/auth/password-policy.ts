import { readFileSync } from "node:fs";
import path from "node:path";

/** Length is counted in characters (code points), so a passphrase in any script counts fairly. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

let common: Set<string> | undefined;

/** The common-password list shipped with the app (server/auth/common-passwords.txt), read once. */
function commonPasswords(): Set<string> {
  if (!common) {
    const text = readFileSync(path.join(process.cwd(), "server", "auth", "common-passwords.txt"), "utf8");
    common = new Set(text.split("\n").filter((line) => line && !line.startsWith("#")));
  }
  return common;
}

/**
 * Whether a password is, or is a listed password dressed up with the usual digits, symbols,
 * spaces or dashes around it ("Password2024!", "123qwerty!!!", "correct horse battery staple").
 */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  const joined = core.replace(/[\s_.-]+/g, "");
  return list.has(lower) || list.has(core) || list.has(joined) || /^(.{1,4})\1+$/u.test(lower);
}

/**
 * The first rule a new password breaks, as a sentence to show, or null when it is acceptable.
 * `email` is the account's, so the address itself cannot serve as the password.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (isCommonPassword(password)) {
    return "This password is too common and easy to guess. Try a few unrelated words together.";
  }
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) {
    return "Do not use your email address in your password.";
  }
  return null;
}
