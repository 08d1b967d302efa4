/**
 * Many requests from different users, interleaved over pooled connections: the user context and
 * the request role are transaction-local, so no request may ever see rows by another request's
 * identity, including right after a request that failed and rolled back on the same connection.
 *
 * On PostgreSQL: 3,000 requests over a postgres.js pool of 4 connections as a runtime login role. On PGlite
 * (one session, so there is no pool) the PostgreSQL test is not registered at all; a smaller run
 * of 300 interleaved requests over the single connection checks the same property instead.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { DataCategory } from "@/lib/vocabulary";
import { connectPostgres, type Database, RUNTIME_LOGIN_ROLE, type Tx } from "../db/client";
import { type RlsContext, runWithRls } from "../db/rls";
import { prng } from "../lib/prng";
import { rowsOf, TEST_ENGINE } from "./support/database";
import {
  CATEGORY_TABLES,
  PATIENT,
  PERMISSION_DENIED,
  patientKeyOf,
  READABLE,
  sqlMessage,
  sqlState,
  USER,
  USER_KEYS,
  type UserKey,
} from "./support/fixtures";
import { openSessions, SESSION } from "./support/signed-in-app";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("pool");
beforeAll(() => openSessions(db, USER_KEYS));
/** The web app's login role: the pool connects as it, and a bare connection is it. */
const BARE_ROLE = RUNTIME_LOGIN_ROLE;

/** Tables a request reads, with the category whose visibility they follow. */
const READS: { table: string; column: string; category: DataCategory }[] = [
  ...(Object.entries(CATEGORY_TABLES) as [DataCategory, (typeof CATEGORY_TABLES)[DataCategory]][]).flatMap(
    ([category, tables]) => tables.map(({ table, patientColumn }) => ({ table, column: patientColumn, category })),
  ),
  // Consent rules are visible with the record itself.
  { table: "consent_rules", column: "patient_id", category: "demographics" },
];

/** Who makes a request: a fixture user's session (its token, as the app passes it), or nobody. */
type Who = { label: string; key: UserKey | null; context: () => RlsContext };
const WHO: Who[] = [
  ...USER_KEYS.map((key) => ({ label: key, key, context: () => ({ sessionToken: SESSION[key].token }) })),
  { label: "no context", key: null, context: () => ({}) },
  { label: "malformed token", key: null, context: () => ({ sessionToken: "garbage' or 1=1 --" }) },
];
const expectedFor = (who: Who, category: DataCategory) =>
  (who.key ? READABLE[who.key][category] : []).slice().sort().join(" ") || "-";

class Abandon extends Error {}

type Tally = {
  requests: number;
  reads: number;
  rowsChecked: number;
  rolledBack: number;
  bare: number;
  violations: string[];
};

/** One request: read a few tables as `who`, maybe write, maybe fail half-way. */
async function oneRequest(conn: Database, who: Who, random: () => number, tally: Tally, n: number): Promise<void> {
  const pause = () => (random() < 0.5 ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve());
  const fail = random();
  const reads = READS.filter(() => random() < 0.4);
  if (reads.length === 0) reads.push(READS[Math.floor(random() * READS.length)]);
  const violation = (what: string) => tally.violations.push(`request ${n} as ${who.label}: ${what}`);

  // About one request in ten runs outside any transaction, as the bare login role.
  if (fail > 0.9) {
    tally.bare++;
    const [state] = await rowsOf<{ u: string; ctx: string | null }>(
      conn,
      sql`select current_user as u, nullif(current_setting('app.user_id', true), '') as ctx`,
    );
    if (state.u !== BARE_ROLE || state.ctx !== null)
      violation(`bare connection is ${state.u} with context ${state.ctx}`);
    try {
      await conn.execute(sql`select id from patients`);
      violation("a bare query read patients");
    } catch (error) {
      if (sqlState(error) !== PERMISSION_DENIED) violation(`bare query failed oddly: ${sqlMessage(error)}`);
    }
    return;
  }

  try {
    await runWithRls(conn, who.context(), async (tx: Tx) => {
      const [state] = await rowsOf<{ u: string; ctx: string | null }>(
        tx,
        sql`select current_user as u, app.current_user_id()::text as ctx`,
      );
      if (state.u !== "serums_app" || state.ctx !== (who.key ? USER[who.key] : null)) {
        violation(`transaction is ${state.u} with context ${state.ctx}`);
      }
      for (const [i, read] of reads.entries()) {
        await pause();
        const rows = await rowsOf<{ p: string }>(
          tx,
          sql`select ${sql.identifier(read.column)}::text as p from ${sql.identifier(read.table)}`,
        );
        tally.reads++;
        tally.rowsChecked += rows.length;
        const seen = [...new Set(rows.map((r) => patientKeyOf(r.p)))].sort().join(" ") || "-";
        if (seen !== expectedFor(who, read.category)) {
          violation(`${read.table} showed ${seen}, expected ${expectedFor(who, read.category)}`);
        }
        if (i === 0 && fail < 0.1 && who.key === "patientP1") {
          // A write that the failure below must roll back.
          await tx.execute(
            sql`insert into symptom_reports (patient_id, source, note) values (${PATIENT.P1}, 'patient', 'rolled back')`,
          );
        }
        if (i === 0 && fail < 0.15) throw new Abandon();
        if (i === 0 && fail < 0.2) await tx.execute(sql`select 1 / 0`);
      }
    });
  } catch (error) {
    tally.rolledBack++;
    if (!(error instanceof Abandon) && sqlState(error) !== "22012") violation(`unexpected error: ${sqlMessage(error)}`);
  }
}

async function interleave(conn: Database, requests: number, workers: number, seed: number): Promise<Tally> {
  const random = prng(seed);
  const tally: Tally = { requests: 0, reads: 0, rowsChecked: 0, rolledBack: 0, bare: 0, violations: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < requests) {
        const n = next++;
        const who = WHO[Math.floor(random() * WHO.length)];
        await oneRequest(conn, who, random, tally, n);
        tally.requests++;
      }
    }),
  );
  return tally;
}

async function assertNothingLeftBehind() {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ n: number }>(o, sql`select count(*)::int as n from symptom_reports where note = 'rolled back'`),
  );
  expect(row.n, "rolled-back writes left rows behind").toBe(0);
}

/**
 * Reports an interleaved run, and checks it: no request saw a row it should not, all `requests`
 * ran, more than `atLeast` rolled back mid-transaction and more than `atLeast` ran bare.
 */
function expectIsolated(engine: string, tally: Tally, requests: number, atLeast: number) {
  console.info(
    `${engine}: ${tally.requests} requests, ${tally.reads} reads, ${tally.rowsChecked} rows checked, ` +
      `${tally.rolledBack} rolled back, ${tally.bare} bare, ${tally.violations.length} violations`,
  );
  expect(tally.violations.slice(0, 20)).toEqual([]);
  expect(tally.requests).toBe(requests);
  expect(tally.rolledBack).toBeGreaterThan(atLeast);
  expect(tally.bare).toBeGreaterThan(atLeast);
}

if (TEST_ENGINE === "postgres") {
  describe("a postgres.js pool of 4 connections as serums_web (PostgreSQL)", () => {
    test("3,000 interleaved requests from different users, some failing mid-transaction, see only their own rows", async () => {
      if (!db.webUrl) throw new Error("no web role URL");
      const pool = connectPostgres(db.webUrl, { max: 4 });
      try {
        const tally = await interleave(pool.db, 3000, 24, 4242);
        expectIsolated("postgres pool of 4", tally, 3000, 100);
        // All four connections were really used.
        const [{ backends }] = await db.asOwner((o) =>
          rowsOf<{ backends: number }>(
            o,
            sql`select count(*)::int as backends from pg_stat_activity where usename = 'serums_web' and application_name = 'serums' and datname = current_database()`,
          ),
        );
        expect(backends).toBeGreaterThanOrEqual(4);
        // And the requests ran as prepared statements (those with parameters are the app's own), whose
        // plans the connections keep from one user to the next.
        const [{ prepared }] = await runWithRls(pool.db, {}, (tx) =>
          rowsOf<{ prepared: number }>(
            tx,
            sql`select count(*)::int as prepared from pg_prepared_statements where statement like '%$1%'`,
          ),
        );
        expect(prepared).toBeGreaterThan(0);
      } finally {
        await pool.close();
      }
      await assertNothingLeftBehind();
    }, 180_000);

    test("a statement is prepared once per connection, inside transactions and savepoints and out", async () => {
      if (!db.runtimeUrl) throw new Error("no runtime URL");
      const single = connectPostgres(db.runtimeUrl, { max: 1 });
      // The marker is part of the statement's text, so each way in prepares a statement of its own.
      const probe = (way: string, id: string) => sql`select ${id}::uuid as id, ${sql.raw(`'probe: ${way}'`)} as way`;
      try {
        for (const userId of [USER.nurseA1, USER.oncologistA1]) {
          await runWithRls(single.db, { userId }, (tx) => tx.execute(probe("transaction", userId)));
        }
        await single.db.execute(probe("outside", USER.nurseA1));
        await single.db.transaction((tx) => tx.transaction((inner) => inner.execute(probe("savepoint", USER.nurseA1))));
        const prepared = await runWithRls(single.db, { userId: null }, (tx) =>
          rowsOf<{ way: string }>(
            tx,
            sql`select substring(statement from 'probe: ([a-z]+)') as way from pg_prepared_statements
                where statement like '%''probe: %' order by 1`,
          ),
        );
        expect(prepared.map((p) => p.way)).toEqual(["outside", "savepoint", "transaction"]);
      } finally {
        await single.close();
      }
    });
  });
} else {
  describe("interleaved requests on PGlite's single connection", () => {
    test("300 interleaved requests from different users, some failing mid-transaction, see only their own rows", async () => {
      const tally = await interleave(db.runtime, 300, 8, 4242);
      expectIsolated("pglite", tally, 300, 10);
      await assertNothingLeftBehind();
    }, 120_000);
  });
}
