import "server-only";
/**
 * Recording audit events and reading the chain back for verification.
 *
 * Not marked server-only: scripts/audit-verify.ts and the tests use it as well as the app.
 */
import { sql } from "drizzle-orm";
import type { AuditAction } from "../../lib/audit/actions";
import {
  type ChainHead,
  type ChainResult,
  type RecordedHead,
  type StoredAuditRow,
  verifyChainAsync,
} from "../../lib/audit/chain";
import type { Database, Tx } from "../client";
import { auditEvents } from "../schema";
import { queryRows } from "../sql";

export type AuditOutcome = "allowed" | "denied";
/** A detail value: flat and primitive. */
export type AuditDetailValue = string | number | boolean | null;
export type AuditDetails = Record<string, AuditDetailValue>;

/**
 * What the app records about an action. The id, time and hashes are assigned by the database.
 *
 * `details` is for identifiers and codes that explain the event (a data category, a reason code, a
 * count, a changed setting's name). It must NEVER contain clinical values: no symptoms or grades,
 * no diagnoses, drugs or doses, no free text a patient or clinician typed, no names, dates of birth
 * or hospital numbers. The audit trail is kept far longer than it is protected by consent, and is
 * read by administrators who have no clinical access.
 */
export type AuditEvent = {
  /** snake_case, past tense: `patient_record_viewed`, `sign_in_failed`, `consent_rule_revoked`. */
  action: AuditAction;
  /**
   * Who acted: the signed-in caller (row-level security refuses anyone else). Events without an
   * actor are the database's own (`appendSignInEvent`, and a redeemed one-time link).
   */
  actorUserId: string | null;
  /** The role they acted in (e.g. 'nurse', 'patient'), or null. */
  actorRole: string | null;
  organisationId: string | null;
  /** The patient whose record the event concerns, or null. */
  patientId: string | null;
  /** What was acted on, e.g. 'symptom_report', and its id. */
  resourceType: string | null;
  resourceId: string | null;
  outcome: AuditOutcome;
  /** Flat, non-clinical context only (see above). */
  details?: AuditDetails;
};

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

function toInsertRow(event: AuditEvent) {
  if (!SNAKE_CASE.test(event.action))
    throw new TypeError(`audit action must be snake_case: ${JSON.stringify(event.action)}`);
  if (event.outcome !== "allowed" && event.outcome !== "denied") {
    throw new TypeError(`audit outcome must be 'allowed' or 'denied': ${JSON.stringify(event.outcome)}`);
  }
  if (event.details !== undefined) {
    if (event.details === null || typeof event.details !== "object" || Array.isArray(event.details)) {
      throw new TypeError("audit details must be a flat object");
    }
    for (const [key, value] of Object.entries(event.details)) {
      const ok =
        value === null ||
        typeof value === "string" ||
        typeof value === "boolean" ||
        (typeof value === "number" && Number.isFinite(value));
      if (!ok) throw new TypeError(`audit detail "${key}" must be a string, finite number, boolean or null`);
    }
  }
  return {
    action: event.action,
    actorUserId: event.actorUserId,
    actorRole: event.actorRole,
    organisationId: event.organisationId,
    patientId: event.patientId,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    details: event.details ?? null,
  };
}

/**
 * Appends one event inside the caller's transaction (normally the `tx` of `withRls`), so it is
 * recorded if and only if the action commits. The chain trigger assigns id, time and hashes.
 * Row-level security lets a user append only their own events: themself as the actor, their own
 * organisation, and from a patient's account no other patient's record. Details must never contain
 * clinical values (see `AuditEvent`).
 */
export async function appendAuditEvent(tx: Tx | Database, event: AuditEvent): Promise<void> {
  await appendAuditEvents(tx, [event]);
}

/** Appends several events, in order, inside the caller's transaction. Same rules as `appendAuditEvent`. */
export async function appendAuditEvents(tx: Tx | Database, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  // No RETURNING: the runtime role may not be allowed to read back what it wrote.
  await tx.insert(auditEvents).values(events.map(toInsertRow));
}

/** Where the chain stands, as any role may read it for a checkpoint (app.audit_chain_position). */
export async function readChainPosition(tx: Tx): Promise<ChainHead> {
  const [head] = await queryRows<ChainHead>(
    tx,
    sql`select last_id::text as "lastId", last_hash as "lastHash" from app.audit_chain_position()`,
  );
  if (!head) throw new Error("The audit chain head (app.audit_chain_head) is missing.");
  return head;
}

/** What a failed sign-in records, and why (the reasons app.append_sign_in_event accepts). */
export type SignInEvent = {
  action: Extract<AuditAction, "sign_in_failed" | "account_locked" | "source_address_rate_limited">;
  /** The account the attempt named, or null for an email with no account. */
  accountId: string | null;
  reason:
    | "unknown_account"
    | "deactivated"
    | "wrong_password"
    | "slowed"
    | "locked"
    | "too_many_failures"
    | "address_limit";
};

/**
 * Records an event of a failed sign-in, which has no actor, in the caller's transaction (no user
 * context: a signed-in request records its events in its own name). The database writes it, in the
 * named account's organisation, so nobody can put anonymous events of their choosing in an
 * organisation's security log.
 */
export async function appendSignInEvent(tx: Tx | Database, event: SignInEvent): Promise<void> {
  await tx.execute(
    sql`select 1 from (select app.append_sign_in_event(${event.action}, ${event.accountId}::uuid, ${event.reason})) as appended`,
  );
}

/** The chain head. Owner only (the runtime role cannot read it). */
export async function readChainHead(db: Database | Tx): Promise<ChainHead> {
  const [head] = await queryRows<ChainHead>(
    db,
    sql`select last_id::text as "lastId", last_hash as "lastHash" from app.audit_chain_head where singleton`,
  );
  if (!head) throw new Error("The audit chain head (app.audit_chain_head) is missing.");
  return head;
}

/** The lowest bigint: keyset pagination starts below every id, even a tampered negative one. */
const BEFORE_FIRST_ID = "-9223372036854775808";

/**
 * Every audit event in ascending id order, as text in the formats lib/audit/chain.ts expects,
 * fetched `batchSize` rows at a time by keyset pagination (constant memory for any chain length).
 * Run as the owner, in one repeatable-read transaction for a consistent view (see `verifyAuditChain`).
 */
export async function* readAuditRowsInOrder(db: Database | Tx, batchSize = 1000): AsyncGenerator<StoredAuditRow> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  let after = BEFORE_FIRST_ID;
  let first = true;
  for (;;) {
    // Ordered by e.id, the bigint: a bare `id` in ORDER BY would mean the text alias.
    const rows = await queryRows<StoredAuditRow>(
      db,
      sql`select e.id::text as "id",
            to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
            organisation_id::text as "organisationId",
            actor_user_id::text as "actorUserId",
            actor_role as "actorRole",
            action as "action",
            patient_id::text as "patientId",
            resource_type as "resourceType",
            resource_id as "resourceId",
            outcome::text as "outcome",
            details::text as "details",
            prev_hash as "prevHash",
            hash as "hash"
          from audit_events e
          where ${first ? sql`true` : sql`e.id > ${after}::bigint`}
          order by e.id
          limit ${batchSize}`,
    );
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
    first = false;
  }
}

export type VerifyOptions = {
  batchSize?: number;
  /** Called every `progressEvery` rows with the rows checked and the number the head records. */
  onProgress?: (checked: number, total: number) => void;
  progressEvery?: number;
  /**
   * Heads recorded outside the database (signed checkpoints), read before the chain is: each must
   * still be in it.
   */
  recorded?: readonly RecordedHead[];
};

/**
 * Verifies the stored chain using the connection or transaction it is given, as it stands there
 * (tests use this inside a transaction they roll back). Reads the head first, then every row.
 */
export async function checkAuditChain(db: Database | Tx, options: VerifyOptions = {}): Promise<ChainResult> {
  const head = await readChainHead(db);
  const total = Number(head.lastId);
  const onProgress = options.onProgress;
  return verifyChainAsync(readAuditRowsInOrder(db, options.batchSize), head, {
    progressEvery: options.progressEvery,
    onProgress: onProgress && ((checked) => onProgress(checked, total)),
    recorded: options.recorded,
  });
}

/**
 * Verifies the whole stored chain as the owner, in one read-only repeatable-read transaction so the
 * head and the rows are one consistent snapshot while the app keeps appending. Row security is
 * switched off for the transaction, so a role that cannot see every row gets an error instead of a
 * silently shortened chain.
 */
export async function verifyAuditChain(db: Database, options: VerifyOptions = {}): Promise<ChainResult> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`set local row_security = off`);
      return checkAuditChain(tx, options);
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
