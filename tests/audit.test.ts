import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { connectPostgres, type Tx } from "../db/client";
import {
  type AuditEvent,
  appendAuditEvent,
  appendAuditEvents,
  appendSignInEvent,
  checkAuditChain,
  readAuditRowsInOrder,
  readChainHead,
  verifyAuditChain,
} from "../db/queries/audit";
import { runAsSignIn, runWithRls } from "../db/rls";
import type { AuditAction } from "../lib/audit/actions";
import { auditPayload, type ChainResult, hashAuditRow, type RecordedHead } from "../lib/audit/chain";
import { appendCheckpoint } from "../server/audit/checkpoints";
import { DEMO_ORG_ID, demoPatientId, demoPatientUserId, demoStaffId, seedDemoData } from "../server/demo/seed";
import { rowsOf, TEST_ENGINE } from "./support/database";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("audit", { fixtures: false });

beforeAll(async () => {
  await db.asOwner((owner) => seedDemoData(owner));
});

const NURSE = demoStaffId("nurse1");
const ADMIN = demoStaffId("admin1");
const ONCOLOGIST = demoStaffId("oncologist1");
const PATIENT = demoPatientId(0);
const PATIENT_USER = demoPatientUserId(0);

/** Details that exercise jsonb's text output: key order, escapes, non-ASCII, numbers, null. */
const TRICKY_DETAILS = {
  setting: "hospitalLine",
  zeta: 'a "quoted" back\\slash, newline\n and tab\t',
  alpha: "é ✓ 😀",
  "a longer key": 1,
  b: 2,
  big: 12345678901234,
  ratio: 0.1,
  tiny: 1e-7,
  on: true,
  off: false,
  none: null,
  "": "empty key",
};

/** An event to append; the action may be any name, so these tests can probe names the app never records. */
function event(overrides: Partial<Omit<AuditEvent, "action">> & { action: string }): AuditEvent {
  return {
    actorUserId: null,
    actorRole: null,
    organisationId: DEMO_ORG_ID,
    patientId: null,
    resourceType: null,
    resourceId: null,
    outcome: "allowed",
    ...overrides,
    action: overrides.action as AuditAction,
  };
}

const verify = () => db.asOwner((owner) => verifyAuditChain(owner));
const head = () => db.asOwner((owner) => readChainHead(owner));
const idOf = async (action: string) => {
  const [row] = await db.asOwner((owner) =>
    rowsOf<{ id: string }>(
      owner,
      sql`select id::text as id from audit_events e where action = ${action} order by e.id limit 1`,
    ),
  );
  return Number(row.id);
};

class Rollback extends Error {}

/** An error's message with its cause's (drizzle wraps driver errors). */
const errorText = (error: unknown): string =>
  error instanceof Error
    ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}`
    : String(error);

/** Tampers as the owner inside a transaction, verifies what it sees there, then rolls back. */
async function verifyTampered(
  tamper: (tx: Tx) => Promise<unknown>,
  recorded: readonly RecordedHead[] = [],
): Promise<ChainResult> {
  let result: ChainResult | undefined;
  await db.asOwner(async (owner) => {
    try {
      await owner.transaction(async (tx) => {
        await tamper(tx);
        // Small batches: exercise the keyset pages.
        result = await checkAuditChain(tx, { batchSize: 3, recorded });
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  });
  if (!result) throw new Error("no result");
  return result;
}

test("users append events through row-level security and the chain verifies", async () => {
  const before = await head();
  expect(before.lastId).toBe("1"); // the seed's demo_data_seeded event

  await runWithRls(db.runtime, { userId: NURSE, actingRole: "nurse" }, (tx) =>
    appendAuditEvent(
      tx,
      event({
        action: "patient_record_viewed",
        actorUserId: NURSE,
        actorRole: "nurse",
        patientId: PATIENT,
        resourceType: "patient",
        resourceId: PATIENT,
        details: { category: "symptoms" },
      }),
    ),
  );
  await runWithRls(db.runtime, { userId: PATIENT_USER, actingRole: "patient" }, (tx) =>
    appendAuditEvent(
      tx,
      event({ action: "own_record_viewed", actorUserId: PATIENT_USER, actorRole: "patient", patientId: PATIENT }),
    ),
  );
  await runWithRls(db.runtime, { userId: ADMIN, actingRole: "admin" }, (tx) =>
    appendAuditEvent(
      tx,
      event({
        action: "organisation_setting_changed",
        actorUserId: ADMIN,
        actorRole: "admin",
        details: TRICKY_DETAILS,
      }),
    ),
  );
  // An event without an actor is written by the database, for a failed sign-in (by the sign-in role).
  await runAsSignIn(db.runtime, (tx) =>
    appendSignInEvent(tx, { action: "sign_in_failed", accountId: null, reason: "unknown_account" }),
  );
  await runWithRls(db.runtime, { userId: ONCOLOGIST, actingRole: "oncologist" }, (tx) =>
    appendAuditEvents(tx, [
      event({ action: "report_list_viewed", actorUserId: ONCOLOGIST, actorRole: "oncologist", details: { count: 12 } }),
      event({
        action: "alert_acknowledged",
        actorUserId: ONCOLOGIST,
        actorRole: "oncologist",
        patientId: demoPatientId(1),
        resourceType: "alert",
        resourceId: "a-1",
      }),
      event({
        action: "patient_access_denied",
        actorUserId: ONCOLOGIST,
        actorRole: "oncologist",
        patientId: demoPatientId(3),
        outcome: "denied",
        details: { category: "treatment" },
      }),
    ]),
  );

  // Past ten events, so text and numeric ordering of ids differ.
  await runWithRls(db.runtime, { userId: ADMIN, actingRole: "admin" }, (tx) =>
    appendAuditEvents(
      tx,
      Array.from({ length: 12 }, (_, page) =>
        event({ action: "audit_log_viewed", actorUserId: ADMIN, actorRole: "admin", details: { page } }),
      ),
    ),
  );

  expect((await head()).lastId).toBe("20");
  const result = await verify();
  expect(result).toMatchObject({ ok: true, count: 20 });
  if (result.ok) expect(result.lastHash).toBe((await head()).lastHash);

  const stored = await db.asOwner((owner) =>
    rowsOf<{
      id: string;
      action: string;
      actor_user_id: string | null;
      patient_id: string | null;
      details: unknown;
      kind: string | null;
    }>(
      owner,
      sql`select e.id::text, action, actor_user_id::text, patient_id::text, details, jsonb_typeof(details) as kind from audit_events e order by e.id`,
    ),
  );
  expect(stored.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  // details are stored as JSON objects, not as a JSON string holding the object
  for (const r of stored) if (r.kind !== null) expect(r.kind).toBe("object");
  const admin = stored.find((r) => r.action === "organisation_setting_changed");
  expect(typeof admin?.details === "string" ? JSON.parse(admin.details) : admin?.details).toEqual(TRICKY_DETAILS);
  const anonymous = stored.find((r) => r.action === "sign_in_failed");
  expect(anonymous).toMatchObject({ actor_user_id: null, patient_id: null });
});

test("the TypeScript payload and hash equal the database's for every row", async () => {
  await db.asOwner(async (owner) => {
    const fromDb = await rowsOf<{ id: string; payload: string }>(
      owner,
      sql`select e.id::text as id, app.audit_payload(e) as payload from audit_events e order by e.id`,
    );
    const rows = [];
    for await (const row of readAuditRowsInOrder(owner, 2)) rows.push(row);
    expect(rows.map((r) => r.id)).toEqual(fromDb.map((r) => r.id));
    expect(rows.length).toBe(20);
    rows.forEach((row, i) => {
      expect(auditPayload(row)).toBe(fromDb[i].payload);
      expect(hashAuditRow(row)).toBe(row.hash);
    });
    // The anonymous event really has null fields, and the tricky details really went through jsonb.
    const anonymous = JSON.parse(fromDb.find((r) => r.payload.includes('"sign_in_failed"'))?.payload ?? "{}");
    expect(anonymous).toMatchObject({ actorUserId: null, actorRole: null, patientId: null, outcome: "denied" });
    expect(rows.find((r) => r.action === "organisation_setting_changed")?.details).toContain('"": "empty key"');
  });
});

test("an edited event is named, and the chain verifies again once restored", async () => {
  const id = await idOf("patient_record_viewed");
  const [original] = await db.asOwner((owner) =>
    rowsOf<{ details: string }>(owner, sql`select details::text as details from audit_events where id = ${id}`),
  );
  await db.asOwner((owner) =>
    owner.execute(sql`update audit_events set details = '{"category": "demographics"}'::jsonb where id = ${id}`),
  );
  expect(await verify()).toEqual({
    ok: false,
    eventId: id,
    reason: `event ${id} was altered: its contents no longer match its hash`,
  });
  await db.asOwner((owner) =>
    owner.execute(sql`update audit_events set details = ${original.details}::jsonb where id = ${id}`),
  );
  expect(await verify()).toMatchObject({ ok: true, count: 20 });
});

test("a deleted middle event is named", async () => {
  const result = await verifyTampered((tx) => tx.execute(sql`delete from audit_events where id = 4`));
  expect(result).toEqual({ ok: false, eventId: 4, reason: "event 4 is missing: event 5 follows event 3" });
  expect(await verify()).toMatchObject({ ok: true });
});

test("swapped events are named at the first of them", async () => {
  const byIds = await verifyTampered(async (tx) => {
    await tx.execute(sql`update audit_events set id = -1 where id = 3`);
    await tx.execute(sql`update audit_events set id = 3 where id = 6`);
    await tx.execute(sql`update audit_events set id = 6 where id = -1`);
  });
  expect(byIds).toMatchObject({ ok: false, eventId: 3 });
  if (!byIds.ok) expect(byIds.reason).toMatch(/^event 3 is out of sequence/);

  const byColumns = await verifyTampered(async (tx) => {
    await tx.execute(sql`update audit_events a set action = b.action, hash = b.hash
      from audit_events b where (a.id, b.id) in ((2, 5), (5, 2))`);
  });
  expect(byColumns).toEqual({
    ok: false,
    eventId: 2,
    reason: "event 2 was altered: its contents no longer match its hash",
  });
  expect(await verify()).toMatchObject({ ok: true });
});

test("a deleted last event is named from the chain head", async () => {
  const last = Number((await head()).lastId);
  const result = await verifyTampered((tx) => tx.execute(sql`delete from audit_events where id = ${last}`));
  expect(result).toEqual({
    ok: false,
    eventId: last,
    reason: `event ${last} is missing: the chain head records ${last} events but the last one present is event ${last - 1}`,
  });
  expect(await verify()).toMatchObject({ ok: true, count: last });
});

test("a NULL column made empty is named: the two no longer hash alike", async () => {
  const id = await idOf("sign_in_failed");
  const result = await verifyTampered((tx) =>
    tx.execute(sql`update audit_events set actor_role = '' where id = ${id} and actor_role is null`),
  );
  expect(result).toEqual({
    ok: false,
    eventId: id,
    reason: `event ${id} was altered: its contents no longer match its hash`,
  });
});

/** The head as a checkpoint taken now would record it. */
const checkpointNow = async (): Promise<RecordedHead> => ({ ...(await head()), at: new Date().toISOString() });

/** Moves the chain head to event `id` (its hash), as someone rewriting the chain would. */
const moveHeadTo = (tx: Tx, id: number) =>
  tx.execute(sql`update app.audit_chain_head h set last_id = e.id, last_hash = e.hash
    from audit_events e where h.singleton and e.id = ${id}`);

test("the newest events removed with the head moved back pass the chain alone, not a checkpoint", async () => {
  const recorded = await checkpointNow();
  const last = Number(recorded.lastId);
  const truncate = async (tx: Tx) => {
    await tx.execute(sql`delete from audit_events where id > ${last - 2}`);
    await moveHeadTo(tx, last - 2);
  };
  expect(await verifyTampered(truncate)).toMatchObject({ ok: true, count: last - 2 });
  expect(await verifyTampered(truncate, [recorded])).toEqual({
    ok: false,
    eventId: last - 1,
    reason: `events ${last - 1} to ${last} are missing: the checkpoint of ${recorded.at} recorded ${last} events, so the newest were removed`,
  });
});

test("a history re-chained after an edit passes the chain alone, not a checkpoint", async () => {
  const recorded = await checkpointNow();
  const last = Number(recorded.lastId);
  // Edit event 5, then give it and every later event the hashes they would have had.
  const rechain = async (tx: Tx) => {
    await tx.execute(sql`update audit_events set details = '{"edited": true}'::jsonb where id = 5`);
    await tx.execute(sql`do $$
      declare previous text; r record;
      begin
        select hash into previous from audit_events where id = 4;
        for r in select id from audit_events where id >= 5 order by id loop
          update audit_events set prev_hash = previous where id = r.id;
          update audit_events e set hash = encode(sha256(convert_to(app.audit_payload(e), 'UTF8')), 'hex')
            where e.id = r.id returning e.hash into previous;
        end loop;
      end $$`);
    await moveHeadTo(tx, last);
  };
  expect(await verifyTampered(rechain)).toMatchObject({ ok: true, count: last });
  expect(await verifyTampered(rechain, [recorded])).toEqual({
    ok: false,
    eventId: last,
    reason: `event ${last} is not the event the checkpoint of ${recorded.at} recorded: the chain was rewritten up to it`,
  });
});

test("the runtime role cannot update or delete events, nor read or move the chain head", async () => {
  const snapshot = () =>
    db.asOwner((owner) =>
      rowsOf(owner, sql`select e.id::text, action, details::text, prev_hash, hash from audit_events e order by e.id`),
    );
  const before = await snapshot();
  const attempts: [string, { userId: string; actingRole: string }, ReturnType<typeof sql>][] = [
    ["admin update", { userId: ADMIN, actingRole: "admin" }, sql`update audit_events set details = '{}'::jsonb`],
    ["admin delete", { userId: ADMIN, actingRole: "admin" }, sql`delete from audit_events`],
    [
      "patient update",
      { userId: PATIENT_USER, actingRole: "patient" },
      sql`update audit_events set action = 'nothing_happened' where patient_id = ${PATIENT}`,
    ],
    [
      "patient delete",
      { userId: PATIENT_USER, actingRole: "patient" },
      sql`delete from audit_events where patient_id = ${PATIENT}`,
    ],
    ["head update", { userId: ADMIN, actingRole: "admin" }, sql`update app.audit_chain_head set last_id = 1`],
    ["head read", { userId: ADMIN, actingRole: "admin" }, sql`select * from app.audit_chain_head`],
  ];
  for (const [name, context, statement] of attempts) {
    const outcome = await runWithRls(db.runtime, context, (tx) => tx.execute(statement)).then(
      (result) => {
        const r = result as { count?: number; affectedRows?: number; rows?: unknown[] };
        return `rows: ${r.count ?? r.affectedRows ?? r.rows?.length ?? "?"}`;
      },
      (error) => (/permission denied/.test(errorText(error)) ? "denied" : errorText(error)),
    );
    expect([name, outcome]).toEqual([name, expect.stringMatching(/^(denied|rows: 0)$/)]);
  }
  expect(await snapshot()).toEqual(before);
  expect(await verify()).toMatchObject({ ok: true });
});

test("a client cannot choose an event's position or hash", async () => {
  const before = Number((await head()).lastId);
  await runWithRls(db.runtime, { userId: NURSE, actingRole: "nurse" }, (tx) =>
    tx.execute(sql`insert into audit_events (id, occurred_at, actor_user_id, action, outcome, prev_hash, hash)
      values (1, '2000-01-01', ${NURSE}, 'forged_event', 'allowed', 'x', 'y')`),
  );
  const [forged] = await db.asOwner((owner) =>
    rowsOf<{ id: string; year: number }>(
      owner,
      sql`select id::text as id, extract(year from occurred_at)::int as year from audit_events where action = 'forged_event'`,
    ),
  );
  expect(forged).toEqual({ id: String(before + 1), year: expect.any(Number) });
  expect(forged.year).toBeGreaterThan(2000);
  expect(await verify()).toMatchObject({ ok: true, count: before + 1 });
});

test("row-level security refuses an event about someone else", async () => {
  const before = await head();
  const refused: [string, { userId: string | null }, AuditEvent][] = [
    [
      "nurse as another nurse",
      { userId: NURSE },
      event({ action: "patient_record_viewed", actorUserId: demoStaffId("nurse2"), patientId: PATIENT }),
    ],
    [
      "anonymous naming a patient",
      { userId: null },
      event({ action: "sign_in_failed", patientId: PATIENT, outcome: "denied" }),
    ],
    [
      "anonymous claiming a user",
      { userId: null },
      event({ action: "sign_in_failed", actorUserId: NURSE, outcome: "denied" }),
    ],
  ];
  for (const [name, context, e] of refused) {
    const outcome = await runWithRls(db.runtime, context, (tx) => appendAuditEvent(tx, e)).then(
      () => "accepted",
      (error) => (/row-level security/.test(errorText(error)) ? "refused" : errorText(error)),
    );
    expect([name, outcome]).toEqual([name, "refused"]);
  }
  expect(await head()).toEqual(before);
  expect(await verify()).toMatchObject({ ok: true });
});

test("events with a malformed action or details are refused before reaching the database", async () => {
  await expect(
    runWithRls(db.runtime, { userId: NURSE }, (tx) =>
      appendAuditEvent(tx, event({ action: "Patient Viewed", actorUserId: NURSE })),
    ),
  ).rejects.toThrow(/snake_case/);
  await expect(
    runWithRls(db.runtime, { userId: NURSE }, (tx) =>
      appendAuditEvent(
        tx,
        event({ action: "patient_viewed", actorUserId: NURSE, details: { nested: { a: 1 } } as never }),
      ),
    ),
  ).rejects.toThrow(/must be a string/);
});

if (TEST_ENGINE === "postgres") {
  describe("on PostgreSQL", () => {
    test("32 concurrent transactions, some rolled back, leave a contiguous chain", async () => {
      const pool = connectPostgres(db.runtimeUrl as string, { max: 16 });
      const staff = ["oncologist1", "oncologist2", "nurse1", "nurse2", "admin1", "admin2"];
      const before = Number((await head()).lastId);
      try {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 32 }, (_, worker) => {
            const user = demoStaffId(staff[worker % staff.length]);
            return runWithRls(pool.db, { userId: user }, async (tx) => {
              const n = 1 + (worker % 3);
              for (let k = 0; k < n; k++) {
                await appendAuditEvent(
                  tx,
                  event({ action: "concurrency_probe", actorUserId: user, details: { worker, k } }),
                );
                await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
              }
              if (worker % 4 === 1) throw new Rollback();
              return n;
            });
          }),
        );
        let committed = 0;
        const committedWorkers: number[] = [];
        outcomes.forEach((o, worker) => {
          if (o.status === "fulfilled") {
            committed += o.value;
            committedWorkers.push(worker);
          } else expect(o.reason).toBeInstanceOf(Rollback);
        });
        expect(committedWorkers.length).toBe(24);

        const after = Number((await head()).lastId);
        expect(after).toBe(before + committed);
        const [ids] = await db.asOwner((owner) =>
          rowsOf<{ n: number; min: string; max: string }>(
            owner,
            sql`select count(*)::int as n, min(id)::text as min, max(id)::text as max from audit_events`,
          ),
        );
        expect(ids).toEqual({ n: after, min: "1", max: String(after) });
        const workers = await db.asOwner((owner) =>
          rowsOf<{ worker: number }>(
            owner,
            sql`select distinct (details->>'worker')::int as worker from audit_events where action = 'concurrency_probe' order by 1`,
          ),
        );
        expect(workers.map((w) => w.worker)).toEqual(committedWorkers);
        expect(await verify()).toMatchObject({ ok: true, count: after });
      } finally {
        await pool.close();
      }
    });

    test("npm run audit:verify reports a good chain and names a tampered event", async () => {
      const adminUrl = new URL(process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
      adminUrl.pathname = new URL(db.runtimeUrl as string).pathname;
      const folder = mkdtempSync(path.join(os.tmpdir(), "audit-checkpoints-"));
      const checkpoints = {
        AUDIT_CHECKPOINT_FILE: path.join(folder, "checkpoints.jsonl"),
        AUDIT_CHECKPOINT_KEY: "test key",
      };
      const run = (env: Record<string, string> = { AUDIT_CHECKPOINT_FILE: path.join(folder, "none.jsonl") }) =>
        new Promise<{ code: number | null; output: string }>((resolve, reject) => {
          const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/audit-verify.ts"], {
            env: { ...process.env, DATABASE_ADMIN_URL: adminUrl.toString(), ...env },
            stdio: ["ignore", "pipe", "pipe"],
          });
          let output = "";
          child.stdout.on("data", (chunk) => {
            output += chunk;
          });
          child.stderr.on("data", (chunk) => {
            output += chunk;
          });
          child.on("error", reject);
          child.on("close", (code) => resolve({ code, output }));
        });

      const last = Number((await head()).lastId);
      const good = await run();
      expect(good.output).toMatch(new RegExp(`Audit chain verified: ${last} events, last hash [0-9a-f]{12}…`));
      expect(good.code).toBe(0);

      const id = await idOf("organisation_setting_changed");
      const [original] = await db.asOwner((owner) =>
        rowsOf<{ details: string }>(owner, sql`select details::text as details from audit_events where id = ${id}`),
      );
      await db.asOwner((owner) =>
        owner.execute(sql`update audit_events set details = details || '{"on": false}'::jsonb where id = ${id}`),
      );
      try {
        const bad = await run();
        expect(bad.output).toContain(`Audit chain broken at event ${id}: event ${id} was altered`);
        expect(bad.code).toBe(1);
      } finally {
        await db.asOwner((owner) =>
          owner.execute(sql`update audit_events set details = ${original.details}::jsonb where id = ${id}`),
        );
      }
      expect(await verify()).toMatchObject({ ok: true });

      // A signed checkpoint of the head, then the newest event removed and the head moved back.
      const recorded = await head();
      appendCheckpoint(checkpoints.AUDIT_CHECKPOINT_FILE, checkpoints.AUDIT_CHECKPOINT_KEY, recorded, new Date());
      const checked = await run(checkpoints);
      expect(checked.output).toContain(`1 signed checkpoint in ${checkpoints.AUDIT_CHECKPOINT_FILE}`);
      expect(checked.code).toBe(0);
      const newest = Number(recorded.lastId);
      const [removed] = await db.asOwner((owner) =>
        rowsOf<Record<string, unknown>>(owner, sql`select * from audit_events where id = ${newest}`),
      );
      await db.asOwner(async (owner) => {
        await owner.execute(sql`delete from audit_events where id = ${newest}`);
        await owner.execute(sql`update app.audit_chain_head h set last_id = e.id, last_hash = e.hash
          from audit_events e where h.singleton and e.id = ${newest - 1}`);
      });
      try {
        expect((await run()).code).toBe(0); // the chain alone cannot tell
        const truncated = await run(checkpoints);
        expect(truncated.output).toContain(
          `Audit chain broken at event ${newest}: event ${newest} is missing: the checkpoint of`,
        );
        expect(truncated.code).toBe(1);
        appendFileSync(
          checkpoints.AUDIT_CHECKPOINT_FILE,
          `${JSON.stringify({ ...recorded, at: "2026-01-01T00:00:00.000Z", mac: "0".repeat(64) })}\n`,
        );
        const forged = await run(checkpoints);
        expect(forged.output).toContain("Checkpoint file altered: line 2");
        expect(forged.code).toBe(1);
      } finally {
        // Put the event back as it was: the chain trigger would give it a new id and hash.
        await db.asOwner(async (owner) => {
          await owner.execute(sql`alter table audit_events disable trigger audit_events_chain`);
          await owner.execute(
            sql`insert into audit_events select * from json_populate_record(null::audit_events, ${JSON.stringify(removed)}::json)`,
          );
          await owner.execute(sql`alter table audit_events enable trigger audit_events_chain`);
          await owner.execute(
            sql`update app.audit_chain_head set last_id = ${recorded.lastId}, last_hash = ${recorded.lastHash} where singleton`,
          );
        });
        rmSync(folder, { recursive: true, force: true });
      }
      expect(await verify()).toMatchObject({ ok: true, count: newest });
    }, 180_000);
  });
}
