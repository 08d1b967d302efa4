/**
 * The audit chain, verified outside the database. Every audit event's `hash` is the hex SHA-256 of
 * its own columns and the previous event's hash (`prev_hash`) as RFC 8785 canonical JSON; the
 * trigger `app.chain_audit_event()` in db/sql/audit.sql computes it with
 * `app.audit_payload(audit_events)` and keeps the chain head (last id and hash) in
 * `app.audit_chain_head`. This module rebuilds exactly that text, so anyone holding a copy of the
 * table can check that no event was altered, removed or reordered. Whoever can rewrite the table
 * can also rewrite every hash after an edit, or drop the newest events and move the head back:
 * signed checkpoints of the head, kept outside the database (checkpoint.ts), catch that.
 *
 * Pure: no database access. Rows are pushed one at a time, so chains of millions of events are
 * checked in constant memory.
 */
import { hash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * One stored audit event as the verifier reads it (db/queries/audit.ts): every column as text,
 * SQL NULL as `null`.
 */
export type StoredAuditRow = {
  /** `id::text`. */
  id: string;
  /**
   * `occurred_at`, normally as `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC (how the verifier query selects
   * it). Any ISO 8601 / PostgreSQL timestamptz text with an offset is accepted and normalised.
   */
  occurredAt: string;
  organisationId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  patientId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  /** `outcome::text`: 'allowed' or 'denied'. */
  outcome: string;
  /** `details::text`: PostgreSQL's jsonb text output, e.g. `{"category": "symptoms"}`. */
  details: string | null;
  prevHash: string;
  hash: string;
};

/** `app.audit_chain_head`: the id and hash of the last event appended (0 and the genesis hash when empty). */
export type ChainHead = { lastId: string; lastHash: string };

/** The `prev_hash` of event 1. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainFailure = { ok: false; eventId: number; reason: string };
export type ChainResult = { ok: true; count: number; lastHash: string } | ChainFailure;

const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)$/i;

/**
 * Formats a timestamp the way `app.audit_payload` does:
 * `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, i.e. UTC with exactly
 * six fraction digits. Accepts ISO 8601 (`2026-03-01T09:30:00.123Z`) and PostgreSQL's timestamptz
 * output (`2026-03-01 10:30:00.123+01`); a text without a zone is refused rather than guessed.
 */
export function formatAuditTimestamp(text: string): string {
  if (CANONICAL_TIMESTAMP.test(text)) return text;
  const m = TIMESTAMP.exec(text.trim());
  if (!m) throw new RangeError(`not a timestamp with a time zone: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, fraction = "", z, sign, oh = "0", om = "0", os = "0"] = m;
  const offsetSeconds = z ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os));
  const local = new Date(0);
  local.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  local.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const utc = new Date(local.getTime() - offsetSeconds * 1000);
  if (Number.isNaN(utc.getTime())) throw new RangeError(`not a valid timestamp: ${JSON.stringify(text)}`);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}` +
    `T${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}` +
    `.${fraction.padEnd(6, "0")}Z`
  );
}

/**
 * The text that is hashed, identical to `app.audit_payload(e)`: the columns as one JSON object in
 * RFC 8785 canonical form (keys sorted, no white space, strings escaped one way only), so that no
 * two events share a text: a NULL column is `null`, an empty one `""`. Ids and `details` (its jsonb
 * text) are strings.
 */
export function auditPayload(row: StoredAuditRow): string {
  const payload = canonicalize({
    id: row.id,
    occurredAt: formatAuditTimestamp(row.occurredAt),
    organisationId: row.organisationId,
    actorUserId: row.actorUserId,
    actorRole: row.actorRole,
    action: row.action,
    patientId: row.patientId,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    outcome: row.outcome,
    details: row.details,
    prevHash: row.prevHash,
  });
  if (payload === undefined) throw new TypeError("an audit event has no canonical form");
  return payload;
}

/** The hash the trigger stores for `row`: hex SHA-256 of the UTF-8 payload. */
export function hashAuditRow(row: StoredAuditRow): string {
  // The one-shot hash: no Hash object per event, which the scale seed makes millions of.
  return hash("sha256", auditPayload(row), "hex");
}

/** An incremental verifier: push rows in id order, then finish with the chain head. */
export type ChainVerifier = {
  /**
   * Checks the next row. Returns the first failure found so far (this row's or an earlier one's),
   * or null while the chain holds; once it has failed, further rows are ignored.
   */
  push(row: StoredAuditRow): ChainFailure | null;
  /** Checks the end of the chain against the head and returns the verdict. */
  finish(head: ChainHead): ChainResult;
  /** Rows checked and found good so far. */
  readonly count: number;
  readonly failure: ChainFailure | null;
};

const INTEGER = /^-?\d+$/;

function missing(first: bigint, last: bigint): string {
  return first === last ? `event ${first} is missing` : `events ${first} to ${last} are missing`;
}

/** A head recorded outside the database (checkpoint.ts), with when it was taken. */
export type RecordedHead = ChainHead & { at: string };

/**
 * Starts a verification of a chain whose rows will be pushed in ascending id order. Each recorded
 * head must still be in the chain: its event present, with the hash it had then.
 */
export function createChainVerifier(recorded: readonly RecordedHead[] = []): ChainVerifier {
  let previousId = 0n;
  let previousHash = GENESIS_HASH;
  let count = 0;
  let failure: ChainFailure | null = null;
  const recordedAt = new Map(recorded.map((r) => [r.lastId, r]));
  const furthest = recorded.reduce<RecordedHead | null>(
    (best, r) => (best === null || BigInt(r.lastId) > BigInt(best.lastId) ? r : best),
    null,
  );

  const fail = (eventId: bigint, reason: string): ChainFailure => {
    failure = { ok: false, eventId: Number(eventId), reason };
    return failure;
  };

  function push(row: StoredAuditRow): ChainFailure | null {
    if (failure) return failure;
    if (!INTEGER.test(row.id))
      return fail(previousId + 1n, `event ${previousId + 1n} was altered: its id "${row.id}" is not a number`);
    const id = BigInt(row.id);
    const expected = previousId + 1n;
    const after = previousId === 0n ? "the start of the chain" : `event ${previousId}`;

    if (id < 1n) return fail(id, `event ${id} is out of order: event ids start at 1`);
    if (id <= previousId) return fail(id, `event ${id} is out of order: it comes after event ${previousId}`);
    if (id > expected) {
      const where = previousId === 0n ? `the chain starts at event ${id}` : `event ${id} follows event ${previousId}`;
      return fail(expected, `${missing(expected, id - 1n)}: ${where}`);
    }

    let contentsMatch: boolean;
    try {
      contentsMatch = hashAuditRow(row) === row.hash;
    } catch {
      contentsMatch = false;
    }
    const linked = row.prevHash === previousHash;
    if (!linked && !contentsMatch) {
      return fail(
        id,
        `event ${id} is out of sequence: it does not follow ${after} and its contents no longer match its hash, so events were reordered or replaced`,
      );
    }
    if (!linked) {
      return fail(
        id,
        previousId === 0n
          ? `event ${id} does not start the chain: its previous hash is not the genesis hash, so earlier events were removed`
          : `event ${id} does not follow event ${previousId}: its previous hash is not event ${previousId}'s hash, so an event between them was removed or event ${previousId} was replaced`,
      );
    }
    if (!contentsMatch) return fail(id, `event ${id} was altered: its contents no longer match its hash`);
    const checkpoint = recordedAt.get(row.id);
    if (checkpoint && checkpoint.lastHash !== row.hash) {
      return fail(
        id,
        `event ${id} is not the event the checkpoint of ${checkpoint.at} recorded: the chain was rewritten up to it`,
      );
    }

    previousId = id;
    previousHash = row.hash;
    count += 1;
    return null;
  }

  function finish(head: ChainHead): ChainResult {
    if (failure) return failure;
    if (furthest && BigInt(furthest.lastId) > previousId) {
      return fail(
        previousId + 1n,
        `${missing(previousId + 1n, BigInt(furthest.lastId))}: the checkpoint of ${furthest.at} recorded ${furthest.lastId} events, so the newest were removed`,
      );
    }
    if (!INTEGER.test(head.lastId))
      return fail(previousId + 1n, `the chain head is unreadable: its last id is "${head.lastId}"`);
    const headId = BigInt(head.lastId);
    if (headId > previousId) {
      const present = previousId === 0n ? "none are present" : `the last one present is event ${previousId}`;
      return fail(
        previousId + 1n,
        `${missing(previousId + 1n, headId)}: the chain head records ${headId} events but ${present}`,
      );
    }
    if (headId < previousId) {
      return fail(
        headId + 1n,
        `event ${headId + 1n} is not in the chain: the chain head ends at event ${headId}, so later events were added outside it`,
      );
    }
    if (head.lastHash !== previousHash) {
      return headId === 0n
        ? fail(1n, `the chain head was altered: it records no events but its hash is not the genesis hash`)
        : fail(headId, `event ${headId} was altered or replaced: its hash does not match the chain head`);
    }
    return { ok: true, count, lastHash: previousHash };
  }

  return {
    push,
    finish,
    get count() {
      return count;
    },
    get failure() {
      return failure;
    },
  };
}

/**
 * Verifies a whole chain held in memory (rows in ascending id order). For large chains use
 * `verifyChainAsync` with a streaming source, or `createChainVerifier` directly.
 */
export function verifyChain(
  rows: Iterable<StoredAuditRow>,
  head: ChainHead,
  recorded: readonly RecordedHead[] = [],
): ChainResult {
  const verifier = createChainVerifier(recorded);
  for (const row of rows) if (verifier.push(row)) break;
  return verifier.finish(head);
}

/**
 * Verifies a chain streamed in ascending id order, stopping at the first failure. `onProgress` is
 * called with the number of rows checked every `progressEvery` rows (default 10,000).
 */
export async function verifyChainAsync(
  rows: AsyncIterable<StoredAuditRow> | Iterable<StoredAuditRow>,
  head: ChainHead,
  options: { onProgress?: (checked: number) => void; progressEvery?: number; recorded?: readonly RecordedHead[] } = {},
): Promise<ChainResult> {
  const verifier = createChainVerifier(options.recorded);
  const every = Math.max(1, options.progressEvery ?? 10_000);
  for await (const row of rows) {
    if (verifier.push(row)) break;
    if (options.onProgress && verifier.count % every === 0) options.onProgress(verifier.count);
  }
  return verifier.finish(head);
}
