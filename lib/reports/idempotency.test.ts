import { expect, test } from "vitest";
import { IDEMPOTENCY_KEY_MAX_LENGTH, isIdempotencyKey } from "./idempotency";

test.each([
  [crypto.randomUUID(), true],
  ["k", true],
  ["k".repeat(IDEMPOTENCY_KEY_MAX_LENGTH), true],
  ["with spaces and ~!@#", true],
  ["", false],
  ["k".repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1), false],
  ["a\tb", false],
  ["a\u007fb", false],
  ["cl\u00e9", false],
  [42, false],
  [null, false],
])("the web form and the device API accept %j as a key: %s", (key, expected) => {
  expect(isIdempotencyKey(key)).toBe(expected);
});
