import { randomBytes } from "node:crypto";
import { Secret } from "otpauth";
import { describe, expect, test } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  isRecoveryCodeShaped,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  totpCode,
  totpCodeForStep,
  totpStep,
  totpUri,
} from "./totp";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890". Its 8-digit codes end in these 6.
const RFC_SECRET = new Secret({ buffer: new TextEncoder().encode("12345678901234567890").buffer as ArrayBuffer })
  .base32;

describe("TOTP (RFC 6238)", () => {
  test.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
  ])("the RFC's test vector at %i s is %s", (seconds, code) => {
    expect(totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  test("a code matches its own step and one step either side, no further", () => {
    const secret = newTotpSecret();
    const at = new Date("2026-03-01T10:00:15Z");
    const step = totpStep(at);
    expect(matchTotp(secret, totpCodeForStep(secret, step), at)).toBe(step);
    expect(matchTotp(secret, totpCodeForStep(secret, step - 1), at)).toBe(step - 1);
    expect(matchTotp(secret, totpCodeForStep(secret, step + 1), at)).toBe(step + 1);
    expect(matchTotp(secret, totpCodeForStep(secret, step - 2), at)).toBeNull();
    expect(matchTotp(secret, totpCodeForStep(secret, step + 2), at)).toBeNull();
  });

  test("anything but six digits never matches", () => {
    const secret = newTotpSecret();
    for (const code of ["", "12345", "1234567", "abcdef", " 123456", "12345\u0661", "' OR 1=1"]) {
      expect(matchTotp(secret, code, new Date())).toBeNull();
    }
  });

  test("the otpauth URI names the app and the account, for any authenticator app", () => {
    const uri = totpUri("JBSWY3DPEHPK3PXP", "fiona.grant@ecc.example");
    expect(uri).toMatch(/^otpauth:\/\/totp\/SERUMS%20Oncology:fiona\.grant%40ecc\.example\?/);
    expect(uri).toContain("secret=JBSWY3DPEHPK3PXP");
    expect(uri).toContain("period=30");
    expect(uri).toContain("digits=6");
  });

  test("secrets are 160 random bits", () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });
});

describe("secrets at rest", () => {
  const key = randomBytes(32);

  test("round-trip, with a fresh IV each time", () => {
    const a = encryptSecret("JBSWY3DPEHPK3PXP", "user-1", key);
    const b = encryptSecret("JBSWY3DPEHPK3PXP", "user-1", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(a, "user-1", key)).toBe("JBSWY3DPEHPK3PXP");
  });

  test("a ciphertext copied to another account, altered, or read with another key does not decrypt", () => {
    const sealed = encryptSecret("JBSWY3DPEHPK3PXP", "user-1", key);
    expect(decryptSecret(sealed, "user-2", key)).toBeNull();
    expect(decryptSecret(sealed, "user-1", randomBytes(32))).toBeNull();
    const [v, iv, body] = sealed.split(".");
    const flipped = `${body.slice(0, 5)}${body[5] === "A" ? "B" : "A"}${body.slice(6)}`;
    expect(decryptSecret(`${v}.${iv}.${flipped}`, "user-1", key)).toBeNull();
    expect(decryptSecret("not a ciphertext", "user-1", key)).toBeNull();
    expect(decryptSecret("v1..", "user-1", key)).toBeNull();
  });
});

describe("recovery codes", () => {
  test("ten distinct codes, easy to copy by hand", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
      expect(isRecoveryCodeShaped(normaliseCode(code))).toBe(true);
    }
  });

  test("typed with spaces, dashes or in lower case they still count", () => {
    expect(normaliseCode(" abcde-fghjk ")).toBe("ABCDEFGHJK");
    expect(normaliseCode("123 456")).toBe("123456");
    expect(isRecoveryCodeShaped("123456")).toBe(false);
  });
});
