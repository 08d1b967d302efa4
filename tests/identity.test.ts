/**
 * Who is asking is established inside the database, from a secret the request holds
 * (db/sql/context.sql, auth.sql): a session's or a device's token, or, for the sign-in role alone,
 * an account taken on trust. Whoever runs SQL as the web app's role and sets a user id by hand, or
 * copies a signature from another transaction, is nobody.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectPostgres, type Database, type Tx } from "../db/client";
import { newSessionToken } from "../db/queries/sessions";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { sha256Hex } from "../lib/hash";
import { rowsOf } from "./support/database";
import { fixtureId, PATIENT, PERMISSION_DENIED, patientKeyOf, sqlState, USER } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("identity");

/** Who the database says is asking, and the patients they can see. */
async function whoAmI(tx: Tx): Promise<{ me: string | null; patients: string[] }> {
  const [row] = await rowsOf<{ me: string | null }>(tx, sql`select app.current_user_id()::text as me`);
  const seen = await rowsOf<{ id: string }>(tx, sql`select id::text from patients order by id`);
  return { me: row.me, patients: seen.map((p) => patientKeyOf(p.id)).sort() };
}

const NOBODY = { me: null, patients: [] };
const NURSE_A1 = { me: USER.nurseA1, patients: ["P1", "P2"] };

const TOKEN = {
  nurseSession: newSessionToken(),
  revokedSession: newSessionToken(),
  patientDevice: `srm_${"a".repeat(40)}`,
  revokedDevice: `srm_${"b".repeat(40)}`,
};

beforeAll(async () => {
  await db.asOwner(async (o) => {
    await o.insert(t.sessions).values([
      { userId: USER.nurseA1, tokenHash: sha256Hex(TOKEN.nurseSession), mfaVerifiedAt: new Date() },
      {
        userId: USER.nurseA1,
        tokenHash: sha256Hex(TOKEN.revokedSession),
        mfaVerifiedAt: new Date(),
        revokedAt: new Date(),
      },
    ]);
    await o.insert(t.deviceTokens).values([
      {
        id: fixtureId("identity:device"),
        patientId: PATIENT.P1,
        name: "Phone",
        tokenHash: sha256Hex(TOKEN.patientDevice),
      },
      {
        patientId: PATIENT.P1,
        name: "Old phone",
        tokenHash: sha256Hex(TOKEN.revokedDevice),
        revokedAt: new Date(),
      },
    ]);
  });
});

describe("a token establishes its account, and nothing else does on the web role", () => {
  test("a session's token is its account; a revoked session's, a made-up one or the stored hash is nobody", async () => {
    expect(await runWithRls(db.runtime, { sessionToken: TOKEN.nurseSession }, whoAmI)).toEqual(NURSE_A1);
    for (const sessionToken of [TOKEN.revokedSession, newSessionToken(), sha256Hex(TOKEN.nurseSession), ""]) {
      expect(await runWithRls(db.runtime, { sessionToken }, whoAmI)).toEqual(NOBODY);
    }
  });

  test("a device's token is its patient's account; a revoked one is nobody", async () => {
    expect(await runWithRls(db.runtime, { deviceToken: TOKEN.patientDevice }, whoAmI)).toEqual({
      me: USER.patientP1,
      patients: ["P1"],
    });
    expect(await runWithRls(db.runtime, { deviceToken: TOKEN.revokedDevice }, whoAmI)).toEqual(NOBODY);
  });

  test("a user id set by hand is nobody, in a transaction with no identity or with another's", async () => {
    const forged = async (tx: Tx) => {
      await tx.execute(sql`select set_config('app.user_id', ${USER.nurseA1}, true)`);
      return whoAmI(tx);
    };
    expect(await runWithRls(db.runtime, { userId: null }, forged)).toEqual(NOBODY);
    // A patient's own session, turned into the nurse's by rewriting the setting: nobody at all.
    expect(await runWithRls(db.runtime, { deviceToken: TOKEN.patientDevice }, forged)).toEqual(NOBODY);
  });

  test("a signature copied from another transaction is nobody", async () => {
    const [copied] = await runWithRls(db.runtime, { sessionToken: TOKEN.nurseSession }, (tx) =>
      rowsOf<{ user_id: string; identity: string }>(
        tx,
        sql`select current_setting('app.user_id') as user_id, current_setting('app.identity') as identity`,
      ),
    );
    expect(copied.identity).toMatch(/^[0-9a-f]{64}$/);
    const replayed = await runWithRls(db.runtime, { userId: null }, async (tx) => {
      await tx.execute(
        sql`select set_config('app.user_id', ${copied.user_id}, true), set_config('app.identity', ${copied.identity}, true)`,
      );
      return whoAmI(tx);
    });
    expect(replayed).toEqual(NOBODY);
  });

  test("the request role cannot take another identity mid-transaction, or read the key that signs", async () => {
    const attempts = [
      sql`select app.begin_session(${TOKEN.nurseSession})`,
      sql`select app.assume_identity(${USER.nurseA1})`,
      sql`select app.set_identity(${USER.nurseA1}::uuid)`,
      sql`select app.identity_signature(${USER.nurseA1}::uuid)`,
      sql`select * from app.identity_key`,
    ];
    for (const attempt of attempts) {
      const outcome = await runWithRls(db.runtime, { userId: null }, (tx) => tx.execute(attempt)).then(
        () => "allowed",
        (e) => sqlState(e),
      );
      expect(outcome).toBe(PERMISSION_DENIED);
    }
  });
});

describe("the sign-in role's functions are its alone", () => {
  const privileges = (role: string) =>
    db.asOwner((o) =>
      rowsOf<Record<string, boolean>>(
        o,
        sql`select
          has_function_privilege(${role}, 'app.assume_identity(text)', 'EXECUTE') as assume,
          has_function_privilege(${role}, 'app.open_session(uuid, text, text, timestamptz)', 'EXECUTE') as open_session,
          has_function_privilege(${role}, 'app.sign_in_lookup(text)', 'EXECUTE') as lookup,
          has_function_privilege(${role}, 'app.record_sign_in_failure(uuid, text, text, timestamptz)', 'EXECUTE') as count_failure,
          has_function_privilege(${role}, 'app.begin_session(text)', 'EXECUTE') as begin_session,
          has_table_privilege(${role}, 'app.identity_key', 'SELECT') as key,
          pg_has_role(${role}, 'serums_signin', 'MEMBER') as signin_member`,
      ),
    );

  test("the web role and the request role hold only what a token opens", async () => {
    const expected = (begin: boolean) => ({
      assume: false,
      open_session: false,
      lookup: false,
      count_failure: false,
      begin_session: begin,
      key: false,
      signin_member: false,
    });
    expect((await privileges("serums_web"))[0]).toEqual(expected(true));
    expect((await privileges("serums_app"))[0]).toEqual(expected(false));
    expect((await privileges("serums_signin"))[0]).toEqual({
      ...expected(true),
      assume: true,
      open_session: true,
      lookup: true,
      count_failure: true,
      signin_member: true,
    });
  });

  test("with no user, the request role reads no credentials and locks no account", async () => {
    for (const statement of [
      sql`select * from app.sign_in_lookup(${"nurse.a1@fixture.example"})`,
      sql`select * from app.record_sign_in_failure(${USER.nurseA1}::uuid, null, null, now())`,
      sql`select * from app.record_second_factor_failure(null, now())`,
    ]) {
      const outcome = await runWithRls(db.runtime, { userId: null }, (tx) => tx.execute(statement)).then(
        () => "allowed",
        (e) => sqlState(e),
      );
      expect(outcome).toBe(PERMISSION_DENIED);
    }
  });
});

// On PostgreSQL, the web app's own login role, connected as the app connects.
describe("the web app's login role, on PostgreSQL", () => {
  let web: { db: Database; close: () => Promise<void> } | null = null;
  beforeAll(() => {
    if (db.engine === "postgres") web = connectPostgres(db.webUrl as string, { max: 1 });
  });
  afterAll(() => web?.close());

  test("takes an identity from a token, and refuses one taken on trust or the sign-in role", async () => {
    const on = web?.db ?? db.runtime;
    expect(await runWithRls(on, { sessionToken: TOKEN.nurseSession }, whoAmI)).toEqual(NURSE_A1);
    const trusted = await runWithRls(on, { userId: USER.nurseA1 }, whoAmI).then(
      (seen) => seen,
      (e) => sqlState(e),
    );
    // PGlite's one connection may take any role: there the trusted path works, as for the tests.
    expect(trusted).toEqual(db.engine === "postgres" ? PERMISSION_DENIED : NURSE_A1);
    const becomeSignIn = await on
      .transaction((tx) => tx.execute(sql`select set_config('role', 'serums_signin', true)`))
      .then(
        () => "allowed",
        (e) => sqlState(e),
      );
    expect(becomeSignIn).toBe(db.engine === "postgres" ? PERMISSION_DENIED : "allowed");
  });
});
