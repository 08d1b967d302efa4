import { createHash } from "node:crypto";

/** Recovery codes, one-time link tokens and device tokens are stored as this hash only. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
