import { z } from "zod";

/**
 * The one rule for a report's idempotency key, from the web form or the device API's
 * `Idempotency-Key` header: 1 to 200 printable ASCII characters, chosen by the client (a UUID is a
 * good choice) and sent unchanged on every retry of that report.
 */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
const SHAPE = /^[\x20-\x7e]+$/;

export const IDEMPOTENCY_KEY_MESSAGE = `Must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters`;

export const idempotencyKeySchema = z
  .string({ error: IDEMPOTENCY_KEY_MESSAGE })
  .min(1, IDEMPOTENCY_KEY_MESSAGE)
  .max(IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_MESSAGE)
  .regex(SHAPE, IDEMPOTENCY_KEY_MESSAGE);

export const isIdempotencyKey = (value: unknown): value is string => idempotencyKeySchema.safeParse(value).success;
