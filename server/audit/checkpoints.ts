/**
 * Signed checkpoints of the audit chain's head, appended to a file outside the database
 * (lib/audit/checkpoint.ts says what they catch): every AUDIT_CHECKPOINT_MINUTES (default 5) while
 * the server runs, when the chain has moved, and once more when the server is stopped. The file
 * belongs to one database; `npm run audit:verify` finds it the same way.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_PGLITE_DIR } from "@/db/client";
import { readChainPosition } from "@/db/queries/audit";
import type { ChainHead } from "@/lib/audit/chain";
import { type Checkpoint, checkpointLine, signCheckpoint } from "@/lib/audit/checkpoint";
import { auditCheckpointKey } from "@/server/auth/secret";
import { log } from "@/server/log";
import { withRls } from "@/server/rls";

/**
 * AUDIT_CHECKPOINT_FILE, else a file under .data/ named after the database: its host, port and
 * name for PostgreSQL (`database` is DATABASE_URL or DATABASE_ADMIN_URL, whichever role), or the
 * embedded database's folder.
 */
export function checkpointFile(database: string | undefined): string {
  if (process.env.AUDIT_CHECKPOINT_FILE) return process.env.AUDIT_CHECKPOINT_FILE;
  let name: string;
  if (database) {
    const url = new URL(database);
    name = `${url.hostname}-${url.port || "5432"}-${url.pathname.replace(/^\//, "")}`;
  } else {
    name = `pglite-${path.basename(path.resolve(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR))}`;
  }
  return path.join(process.cwd(), ".data", `audit-checkpoints-${name.replace(/[^\w.-]/g, "_")}.jsonl`);
}

/** Appends a checkpoint of `head` to `file`. */
export function appendCheckpoint(file: string, key: string, head: ChainHead, at: Date): Checkpoint {
  const checkpoint = signCheckpoint(key, head, at);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, checkpointLine(checkpoint), { mode: 0o600 });
  return checkpoint;
}

let started = false;

/** Starts the schedule, once per process. Without a key (production with none set) it says so and stays off. */
export function startAuditCheckpoints(): void {
  if (started) return;
  started = true;
  let key: string;
  try {
    key = auditCheckpointKey();
  } catch (error) {
    log.error("audit checkpoints are off", error);
    return;
  }
  const file = checkpointFile(process.env.DATABASE_URL);
  let last: string | null = null;
  const take = async () => {
    try {
      const head = await withRls({ userId: null }, readChainPosition);
      if (head.lastId === last) return;
      appendCheckpoint(file, key, head, new Date());
      last = head.lastId;
    } catch (error) {
      log.error("audit checkpoint not taken", error);
    }
  };
  const minutes = Number(process.env.AUDIT_CHECKPOINT_MINUTES ?? 5);
  const every = Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 5 * 60_000;
  setInterval(take, every).unref();
  void take();
  // Next.js closes the server before it exits, which leaves time for this last one.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void take());
}
