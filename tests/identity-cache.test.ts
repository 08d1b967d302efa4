/**
 * The caller's row (db/sql/context.sql): app.set_identity works out once per transaction who the
 * caller is (their organisations, teams and own patient records) and every policy reads it from
 * `app.caller` through app.caller(). Any role may write that setting, so a row written or edited by
 * hand, or copied from another transaction, must name nobody: the signature covers it.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { newSessionToken } from "../db/queries/sessions";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { sha256Hex } from "../lib/hash";
import { rowsOf } from "./support/database";
import { fixtureId, ORG, PATIENT, PERMISSION_DENIED, patientKeyOf, sqlState, TEAM, USER } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("identity_cache");

/** Who the database says is asking, what it says about them, and the patients they can see. */
async function whoAmI(tx: Tx) {
  const [row] = await rowsOf<{ me: string | null; active: string | null; own: string[]; orgs: string[] }>(
    tx,
    sql`select app.current_user_id()::text as me, app.active_user_id()::text as active,
          app.own_patient_ids()::text[] as own, app.own_org_ids()::text[] as orgs`,
  );
  const seen = await rowsOf<{ id: string }>(tx, sql`select id::text from patients order by id`);
  return { ...row, patients: seen.map((p) => patientKeyOf(p.id)).sort() };
}

const NOBODY = { me: null, active: null, own: [], orgs: [], patients: [] };

const TOKEN = { nurseSession: newSessionToken(), patientDevice: `srm_${"c".repeat(40)}` };

/** The caller's row and signature as the database set them for this transaction. */
const settings = (tx: Tx) =>
  rowsOf<{ user_id: string; caller: string; identity: string }>(
    tx,
    sql`select current_setting('app.user_id') as user_id, current_setting('app.caller') as caller,
          current_setting('app.identity') as identity`,
  ).then((rows) => rows[0]);

/** Writes the three settings by hand, as any role may. */
const forge = (tx: Tx, s: { user_id: string; caller: string; identity: string }) =>
  tx.execute(
    sql`select set_config('app.user_id', ${s.user_id}, true), set_config('app.caller', ${s.caller}, true),
          set_config('app.identity', ${s.identity}, true)`,
  );

beforeAll(async () => {
  await db.asOwner(async (o) => {
    await o
      .insert(t.sessions)
      .values({ userId: USER.nurseA1, tokenHash: sha256Hex(TOKEN.nurseSession), mfaVerifiedAt: new Date() });
    await o.insert(t.deviceTokens).values({
      id: fixtureId("identity-cache:device"),
      patientId: PATIENT.P1,
      name: "Phone",
      tokenHash: sha256Hex(TOKEN.patientDevice),
    });
  });
});

describe("the caller's row counts only as the database signed it", () => {
  test("a token's transaction reads its caller's row", async () => {
    const patient = await runWithRls(db.runtime, { deviceToken: TOKEN.patientDevice }, whoAmI);
    expect(patient).toMatchObject({ me: USER.patientP1, active: USER.patientP1, own: [PATIENT.P1], patients: ["P1"] });
    expect(patient.orgs).toHaveLength(1);
    const nurse = await runWithRls(db.runtime, { sessionToken: TOKEN.nurseSession }, whoAmI);
    expect(nurse).toMatchObject({ me: USER.nurseA1, active: USER.nurseA1, own: [], patients: ["P1", "P2"] });
  });

  test("a patient's row edited to own another patient's record is nobody", async () => {
    const seen = await runWithRls(db.runtime, { deviceToken: TOKEN.patientDevice }, async (tx) => {
      const signed = await settings(tx);
      expect(signed.caller).toContain(PATIENT.P1);
      const own = `{${PATIENT.P1},${PATIENT.P2},${PATIENT.P3}}`;
      await forge(tx, { ...signed, caller: signed.caller.replace(`{${PATIENT.P1}}`, own) });
      return whoAmI(tx);
    });
    expect(seen).toEqual(NOBODY);
  });

  test("a nurse's row edited to add another organisation and team, or to name another account, is nobody", async () => {
    for (const edit of [
      // Her clinical organisations, organisations and teams, each with organisation B's added.
      sql`select (c[1:2] || array[(c[3]::uuid[] || ${ORG.B}::uuid)::text, c[4], (c[5]::uuid[] || ${ORG.B}::uuid)::text,
                  c[6], (c[7]::uuid[] || ${TEAM.B1}::uuid)::text])::text as caller
          from (select current_setting('app.caller')::text[] as c) s`,
      // The same row, naming the patient's account instead of hers.
      sql`select replace(current_setting('app.caller'), ${USER.nurseA1}, ${USER.patientP1}) as caller`,
    ]) {
      const seen = await runWithRls(db.runtime, { sessionToken: TOKEN.nurseSession }, async (tx) => {
        const signed = await settings(tx);
        const [{ caller }] = await rowsOf<{ caller: string }>(tx, edit);
        expect(caller).not.toBe(signed.caller);
        const named = caller.includes(USER.nurseA1) ? signed.user_id : USER.patientP1;
        await forge(tx, { user_id: named, caller, identity: signed.identity });
        return whoAmI(tx);
      });
      expect(seen).toEqual(NOBODY);
    }
  });

  test("a row and signature copied from another transaction, or written with none, are nobody", async () => {
    const copied = await runWithRls(db.runtime, { sessionToken: TOKEN.nurseSession }, settings);
    expect(copied.identity).toMatch(/^[0-9a-f]{64}$/);
    for (const identity of [copied.identity, ""]) {
      const seen = await runWithRls(db.runtime, { userId: null }, async (tx) => {
        await forge(tx, { ...copied, identity });
        return whoAmI(tx);
      });
      expect(seen).toEqual(NOBODY);
    }
  });

  test("the request role cannot call what writes and signs the row", async () => {
    const outcome = await runWithRls(db.runtime, { userId: null }, (tx) =>
      tx.execute(sql`select app.set_identity(${USER.nurseA1}::uuid)`),
    ).then(
      () => "allowed",
      (e) => sqlState(e),
    );
    expect(outcome).toBe(PERMISSION_DENIED);
  });
});
