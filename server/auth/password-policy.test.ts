import { describe, expect, test } from "vitest";
import { isCommonPassword, PASSWORD_MAX_LENGTH, passwordProblem } from "./password-policy";

describe("password rules", () => {
  test("at least 12 characters, counted as characters", () => {
    expect(passwordProblem("short-pass1")).toMatch(/at least 12/);
    expect(passwordProblem("tangerine-velvet")).toBeNull();
    // 12 characters that are more than 12 bytes.
    expect(passwordProblem("ŝŝŝ-éàü-ñøå-ß")).toBeNull();
  });

  test("accepts up to 128 characters and refuses more", () => {
    const long = "river otter lantern quiz ".repeat(6).slice(0, PASSWORD_MAX_LENGTH);
    expect(long).toHaveLength(128);
    expect(passwordProblem(long)).toBeNull();
    expect(passwordProblem(`${long}x`)).toMatch(/at most 128/);
  });

  test.each([
    "password1234",
    "Password2024!",
    "qwertyuiop123",
    "123456789012",
    "iloveyou1234",
    "Liverpool1892",
    "correct horse battery staple",
    "Welcome2026!!",
    "!!!password!!!",
    "abcabcabcabc",
    "zzzzzzzzzzzzzz",
    "1qaz2wsx3edc",
  ])("refuses the common password %s", (password) => {
    expect(isCommonPassword(password)).toBe(true);
    expect(passwordProblem(password)).toMatch(/too common/);
  });

  test.each(["Serums-demo-2026", "tangerine velvet harbour", "Blue kettle sings at 7", "m8#Qz!vR2p@L"])(
    "accepts the uncommon password %s",
    (password) => {
      expect(passwordProblem(password)).toBeNull();
    },
  );

  test("refuses the account's own email name in the password", () => {
    expect(passwordProblem("fiona.grant-rocks-2026", "fiona.grant@ecc.example")).toMatch(/email/);
    expect(passwordProblem("tangerine velvet harbour", "fiona.grant@ecc.example")).toBeNull();
  });
});
