import { createHash } from "node:crypto";

/** A UUID derived from a name, so the demo and scale seeds produce the same ids on every run. */
export function stableId(name: string): string {
  const hex = createHash("sha256").update(`serums:${name}`).digest("hex");
  // Shape it as an RFC 4122 version-8 (custom) UUID.
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
