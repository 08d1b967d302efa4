/**
 * `npm run audit:verify`: checks that no audit event was altered, removed or reordered.
 *
 * Runs as the owner, like scripts/db.ts: against DATABASE_ADMIN_URL when it is set, otherwise
 * against the embedded database (PGLITE_DIR, default .data/pglite). Never migrates or writes.
 *
 * With the app's checkpoint file (server/audit/checkpoints.ts; AUDIT_CHECKPOINT_FILE) and key
 * (AUDIT_CHECKPOINT_KEY), it also checks that every signed checkpoint is still in the chain, which
 * catches the newest events removed with the head moved back and a history re-chained after an
 * edit. The file is read before the database, so every checkpoint in it is of a committed head.
 *
 * Exit codes: 0 the chain verified; 1 the chain is broken; 2 it could not be checked.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { type Connection, connectPostgres, DEFAULT_PGLITE_DIR, openPglite } from "../db/client";
import { verifyAuditChain } from "../db/queries/audit";
import { type Checkpoint, readCheckpoints } from "../lib/audit/checkpoint";
import { checkpointFile } from "../server/audit/checkpoints";
import { auditCheckpointKey } from "../server/auth/secret";

/** A problem reaching the database, explained for the person running the script. */
class CannotVerify extends Error {}

/** The database's own words: drizzle wraps driver errors in "Failed query: ..." with the cause inside. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

/**
 * Whether another process on this machine has files open in `dir` (Linux, via /proc). Null when
 * it cannot be told (no /proc).
 */
function otherProcessUsing(dir: string): number | null | false {
  if (!existsSync("/proc/self/fd")) return null;
  const root = `${realpathSync(dir)}${path.sep}`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or it has just exited
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${entry}/fd/${fd}`).startsWith(root)) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}

async function openEmbedded(dir: string): Promise<Connection> {
  if (!dir.includes("://")) {
    if (!existsSync(path.join(dir, "PG_VERSION"))) {
      throw new CannotVerify(
        `There is no embedded database at ${dir}. Start the app once (npm run dev) or set DATABASE_ADMIN_URL.`,
      );
    }
    // PGlite has no lock of its own: a second process opening the same directory would corrupt it.
    // postmaster.pid is there while a process has it open (or after one stopped without closing).
    if (existsSync(path.join(dir, "postmaster.pid"))) {
      const user = otherProcessUsing(dir);
      if (user !== false) {
        throw new CannotVerify(
          `The embedded database at ${dir} is in use${user ? ` by process ${user}` : ""}, probably the running app. ` +
            "It can be opened by only one process at a time: stop the app (npm run dev / npm start) and run npm run audit:verify again." +
            (user === null
              ? ` If the app is not running, delete ${path.join(dir, "postmaster.pid")} and try again.`
              : ""),
        );
      }
    }
  }
  try {
    return await openPglite(dir);
  } catch (error) {
    throw new CannotVerify(
      `Could not open the embedded database at ${dir}: ${messageOf(error)}. ` +
        "It can be opened by only one process at a time; if the app is running, stop it and try again.",
    );
  }
}

/** The signed checkpoints, or why there are none to check; a line that fails its signature breaks the check. */
function checkpoints(adminUrl: string | undefined): { recorded: Checkpoint[]; note: string; problems: string[] } {
  const file = checkpointFile(adminUrl);
  if (!existsSync(file)) {
    return {
      recorded: [],
      problems: [],
      note: `No checkpoint file (${file}): removal of the newest events, or a re-chained history, cannot be seen.`,
    };
  }
  let key: string;
  try {
    key = auditCheckpointKey();
  } catch {
    throw new CannotVerify(`${file} holds checkpoints, but AUDIT_CHECKPOINT_KEY is not set to check their signatures.`);
  }
  const { checkpoints: recorded, problems } = readCheckpoints(readFileSync(file, "utf8"), key);
  const latest = recorded.at(-1);
  const note = latest
    ? `${recorded.length} signed ${recorded.length === 1 ? "checkpoint" : "checkpoints"} in ${file}, the latest of ${latest.at} at event ${latest.lastId}.`
    : `${file} holds no signed checkpoint.`;
  return { recorded, note, problems };
}

async function main(): Promise<number> {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  const { recorded, note, problems } = checkpoints(adminUrl);
  console.log(note);
  if (problems.length > 0) {
    console.log(`Checkpoint file altered: ${problems.join("; ")}`);
    return 1;
  }
  const connection = adminUrl
    ? connectPostgres(adminUrl, { max: 1 })
    : await openEmbedded(process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
  try {
    const started = Date.now();
    let lastPrinted = started;
    let printedProgress = false;
    const result = await verifyAuditChain(connection.db, {
      recorded,
      batchSize: 5000,
      progressEvery: 5000,
      onProgress: (checked, total) => {
        const now = Date.now();
        if (now - lastPrinted < 2000) return;
        lastPrinted = now;
        printedProgress = true;
        const percent = total > 0 ? ` (${Math.floor((checked / total) * 100)}%)` : "";
        process.stderr.write(
          `Checked ${checked.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} events${percent}…\n`,
        );
      },
    });
    if (printedProgress) process.stderr.write(`Finished in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    if (result.ok) {
      console.log(
        `Audit chain verified: ${result.count} ${result.count === 1 ? "event" : "events"}, last hash ${result.lastHash.slice(0, 12)}…`,
      );
      return 0;
    }
    console.log(`Audit chain broken at event ${result.eventId}: ${result.reason}`);
    return 1;
  } catch (error) {
    const message = messageOf(error);
    if (/row.level security|row_security/i.test(message)) {
      throw new CannotVerify(
        `The database role cannot read every audit event past row-level security (${message}). ` +
          "Run as the owner with a superuser or BYPASSRLS role in DATABASE_ADMIN_URL.",
      );
    }
    if (/permission denied/i.test(message)) {
      throw new CannotVerify(
        `The database role may not read the audit chain (${message}). ` +
          "Set DATABASE_ADMIN_URL to the owner, the role that ran the migrations.",
      );
    }
    if (/audit_events|audit_chain_head|schema "app"/.test(message) && /does not exist/.test(message)) {
      throw new CannotVerify(`The database has no audit chain yet (${message}). Run npm run db:migrate first.`);
    }
    throw error;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      error instanceof CannotVerify ? error.message : `Could not verify the audit chain: ${messageOf(error)}`,
    );
    process.exit(2);
  },
);
