/**
 * Signed checkpoints of the audit chain's head. The chain (chain.ts) shows that no event was
 * altered or removed between two others, but whoever can write the table can also drop the newest
 * events and move the head back, or edit an event and compute every later hash again. A checkpoint
 * records the head (the last id and hash) at a moment, signed with HMAC-SHA-256 under a key the
 * database never holds, and is kept outside the database: a chain that no longer reaches a
 * checkpoint, or holds another hash at its id, was cut short or rewritten.
 *
 * Pure: signing and parsing only; the file is written by server/audit/checkpoints.ts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";
import type { ChainHead } from "./chain";

export type Checkpoint = ChainHead & {
  /** When it was taken, ISO 8601 UTC. */
  at: string;
  /** Hex HMAC-SHA-256 of the other three fields as RFC 8785 canonical JSON. */
  mac: string;
};

const mac = (key: string, head: ChainHead, at: string): string =>
  createHmac("sha256", key)
    .update(canonicalize({ at, lastHash: head.lastHash, lastId: head.lastId }) ?? "")
    .digest("hex");

export function signCheckpoint(key: string, head: ChainHead, at: Date): Checkpoint {
  const when = at.toISOString();
  return { lastId: head.lastId, lastHash: head.lastHash, at: when, mac: mac(key, head, when) };
}

const HEX_64 = /^[0-9a-f]{64}$/;

function isAuthentic(key: string, c: Checkpoint): boolean {
  if (!HEX_64.test(c.mac)) return false;
  return timingSafeEqual(Buffer.from(mac(key, c, c.at), "hex"), Buffer.from(c.mac, "hex"));
}

export type CheckpointFile = { checkpoints: Checkpoint[]; problems: string[] };

/**
 * Reads a checkpoint file (one JSON object a line) and keeps the checkpoints whose signature
 * holds under `key`; every other line is a problem, named by its line number.
 */
export function readCheckpoints(text: string, key: string): CheckpointFile {
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1} is not JSON`);
      return;
    }
    const c = value as Partial<Checkpoint>;
    const shaped =
      typeof c.lastId === "string" &&
      /^\d+$/.test(c.lastId) &&
      typeof c.lastHash === "string" &&
      typeof c.at === "string" &&
      typeof c.mac === "string";
    if (!shaped) problems.push(`line ${index + 1} is not a checkpoint`);
    else if (!isAuthentic(key, c as Checkpoint))
      problems.push(
        `line ${index + 1} (${c.at}) is not signed with this key: the file was altered, or the key is not the one that signed it`,
      );
    else checkpoints.push(c as Checkpoint);
  });
  return { checkpoints, problems };
}

/** A checkpoint file's line. */
export const checkpointLine = (c: Checkpoint): string => `${JSON.stringify(c)}\n`;
