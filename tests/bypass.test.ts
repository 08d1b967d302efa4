/**
 * Attempts to get past row-level security that must all fail, made as the runtime login role
 * (serums_web) exactly as the app connects: no, empty or malformed user context, forged identities,
 * role escapes, moving rows to another patient or team, consent edge cases, temp-table shadowing,
 * and reading through every function in schema `app` and every view in the database.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DataCategory } from "@/lib/vocabulary";
import { connectPostgres, type Database, type Tx } from "../db/client";
import { type RlsContext, runAsSignIn, runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { rowsOf, TEST_ENGINE } from "./support/database";
import {
  as,
  CATEGORIES,
  CATEGORY_TABLES,
  DENY_RULE_P2,
  fixtureId,
  ORG,
  PATIENT,
  PATIENT_DATA_TABLES,
  PATIENT_HOME,
  PATIENT_KEYS,
  type PatientKey,
  PERMISSION_DENIED,
  patientKeyOf,
  READABLE,
  RECORDS,
  sentinels,
  sqlMessage,
  sqlState,
  TEAM,
  USER,
  type UserKey,
} from "./support/fixtures";
import { openSessions, SESSION } from "./support/signed-in-app";
import { suiteDatabase } from "./support/suite-database";

/** Every patient-data table and the column that names the patient. */
const PATIENT_TABLES = PATIENT_DATA_TABLES.map((table) => [table, table === "patients" ? "id" : "patient_id"] as const);

const db = suiteDatabase("bypass");

/** Every visible row of every patient-data table, as "table:P1" ("table:-" for rows naming no patient). */
async function everythingVisible(tx: Tx): Promise<string[]> {
  const seen: string[] = [];
  for (const [table, column] of PATIENT_TABLES) {
    const rows = await rowsOf<{ p: string | null }>(
      tx,
      sql`select ${sql.identifier(column)}::text as p from ${sql.identifier(table)}`,
    );
    for (const r of rows) seen.push(`${table}:${r.p ? patientKeyOf(r.p) : "-"}`);
  }
  return [...new Set(seen)].sort();
}

/**
 * Patient keys visible per category through the category's tables, as `user` (in a request about
 * `patientId`, when given).
 */
async function visibleByCategory(
  userId: string | null,
  patientId: string | null = null,
): Promise<Record<DataCategory, PatientKey[]>> {
  return runWithRls(db.runtime, { userId, patientId }, async (tx) => {
    const out = {} as Record<DataCategory, PatientKey[]>;
    for (const category of CATEGORIES) {
      const keys = new Set<PatientKey>();
      for (const { table, patientColumn } of CATEGORY_TABLES[category]) {
        const rows = await rowsOf<{ p: string }>(
          tx,
          sql`select ${sql.identifier(patientColumn)}::text as p from ${sql.identifier(table)}`,
        );
        for (const r of rows) keys.add(patientKeyOf(r.p) as PatientKey);
      }
      out[category] = [...keys].sort();
    }
    return out;
  });
}

/** Runs `statement` and returns its SQLSTATE, or "ok". */
async function outcomeOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return "ok";
  } catch (error) {
    return sqlState(error) ?? `no SQLSTATE: ${sqlMessage(error)}`;
  }
}

// ---------------------------------------------------------------------------------------------
describe("missing, empty and malformed user context", () => {
  test("no user context (runWithRls with null) sees no row of any table", async () => {
    expect(await as(db, null, everythingVisible)).toEqual([]);
  });

  test("the request role with app.user_id never set in the transaction sees no row", async () => {
    const seen = await db.runtime.transaction(async (tx) => {
      await tx.execute(sql`set local role serums_app`);
      return everythingVisible(tx as Tx);
    });
    expect(seen).toEqual([]);
  });

  test("the request role set for the whole session, outside any transaction, sees no row", async () => {
    // A dedicated connection on PostgreSQL, so the session-level role does not leak into the pool.
    const own = db.engine === "postgres" && db.webUrl ? connectPostgres(db.webUrl, { max: 1 }) : null;
    const conn: Database = own?.db ?? db.runtime;
    try {
      await conn.execute(sql`set role serums_app`);
      const seen: string[] = [];
      for (const [table, column] of PATIENT_TABLES) {
        const rows = await rowsOf<{ p: string | null }>(
          conn,
          sql`select ${sql.identifier(column)}::text as p from ${sql.identifier(table)}`,
        );
        seen.push(...rows.map((r) => `${table}:${r.p}`));
      }
      expect(seen).toEqual([]);
    } finally {
      await conn.execute(sql`set role serums_web`);
      await own?.close();
    }
  });

  const MALFORMED: [string, string][] = [
    ["empty string", ""],
    ["garbage", "garbage"],
    ["SQL fragment", "' OR 1=1 --"],
    ["SQL fragment after a valid id", `${USER.oncologistA1}' OR '1'='1`],
    ["statement after a valid id", `${USER.oncologistA1}; set role postgres`],
    ["two ids", `${USER.oncologistA1},${USER.nurseA2}`],
    ["id in braces", `{${USER.oncologistA1}}`],
    ["id with a leading space", ` ${USER.oncologistA1}`],
    ["id with a trailing newline", `${USER.oncologistA1}\n`],
    ["id without hyphens", USER.oncologistA1.replaceAll("-", "")],
    ["the nil uuid", "00000000-0000-0000-0000-000000000000"],
    ["a well-formed id of nobody", "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d"],
    ["the word null", "null"],
    ["a patient id, not a user id", PATIENT.P1],
    ["a care team id", TEAM.A1],
    ["very long", "f".repeat(20_000)],
    ["unicode", "ü∂ƒ©˙∆˚¬…æ"],
  ];
  test.each(MALFORMED)("context %s: no rows, no error", async (_name, value) => {
    const seen = await runWithRls(db.runtime, { userId: value }, everythingVisible);
    expect(seen).toEqual([]);
  });

  test("a malformed context also reaches nothing through the consent functions", async () => {
    for (const [, value] of MALFORMED) {
      const [row] = await runWithRls(db.runtime, { userId: value }, (tx) =>
        rowsOf<{ consented: string[]; readable: string[]; own: string[]; me: string | null }>(
          tx,
          sql`select app.consented_patient_ids('demographics') as consented, app.readable_patient_ids('symptoms') as readable,
                     app.own_patient_ids() as own, app.active_user_id() as me`,
        ),
      );
      expect(row, JSON.stringify(value.slice(0, 40))).toEqual({ consented: [], readable: [], own: [], me: null });
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe("forged identities", () => {
  test("the id of another organisation's nurse reaches only that organisation's patient", async () => {
    const seen = await as(db, USER.nurseB, everythingVisible);
    expect(seen.filter((s) => !s.endsWith(":P4"))).toEqual([]);
    expect(await visibleByCategory(USER.nurseB)).toEqual({
      symptoms: ["P4"],
      treatment: ["P4"],
      alerts: ["P4"],
      demographics: ["P4"],
    });
  });

  test("a deactivated clinician's id reaches nothing", async () => {
    const id = fixtureId("user:deactivated-oncologist");
    await db.asOwner(async (o) => {
      await o.insert(t.users).values({
        id,
        organisationId: ORG.A,
        kind: "staff",
        email: "gone@fixture.example",
        displayName: "Gone",
        deactivatedAt: new Date(Date.now() - 60_000),
      });
      await o
        .insert(t.staffMemberships)
        .values({ userId: id, organisationId: ORG.A, careTeamId: TEAM.A1, role: "oncologist" });
    });
    expect(await as(db, id, everythingVisible)).toEqual([]);
  });

  test("a patient's account reaches only their own record", async () => {
    const seen = await as(db, USER.patientP1, everythingVisible);
    expect(seen.filter((s) => !s.endsWith(":P1"))).toEqual([]);
  });
});

describe("the patient a request is about", () => {
  // db/rls.ts names the patient of a request once the wrapper has checked consent; the policies
  // use it to answer for that patient once per statement. Named wrongly, it must grant nothing.
  const HINTS: [string, string][] = [
    ...PATIENT_KEYS.map((key): [string, string] => [key, PATIENT[key]]),
    ["a well-formed id of nobody", "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d"],
    ["garbage", "' OR 1=1 --"],
  ];
  const VIEWERS_OF_HINTS: UserKey[] = ["nurseA1", "nurseA2", "oncologistA1", "patientP1"];
  test.each(VIEWERS_OF_HINTS.flatMap((user) => HINTS.map(([name, id]) => [user, name, id] as const)))(
    "%s in a request about %s reads exactly what consent allows",
    async (user, _name, patientId) => {
      expect(await visibleByCategory(USER[user], patientId)).toEqual(READABLE[user]);
    },
  );

  test("names no one for a request without a user", async () => {
    const seen = await runWithRls(db.runtime, { userId: null, patientId: PATIENT.P1 }, everythingVisible);
    expect(seen).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("the runtime login role on its own", () => {
  // The web app's own login role: on PostgreSQL a connection of its own; on PGlite the one connection.
  let web: ReturnType<typeof connectPostgres> | null = null;
  beforeAll(() => {
    if (db.engine === "postgres") web = connectPostgres(db.webUrl as string, { max: 1 });
  });
  afterAll(() => web?.close());

  test("queries outside a transaction, without SET ROLE, are refused (permission denied)", async () => {
    const conn = web?.db ?? db.runtime;
    for (const [table] of PATIENT_TABLES) {
      expect(await outcomeOf(() => conn.execute(sql`select 1 from ${sql.identifier(table)} limit 1`)), table).toBe(
        PERMISSION_DENIED,
      );
    }
    expect(await outcomeOf(() => conn.execute(sql`select app.consented_patient_ids('symptoms')`))).toBe(
      PERMISSION_DENIED,
    );
    expect(await outcomeOf(() => conn.execute(sql`select * from app.sign_in_lookup('x')`))).toBe(PERMISSION_DENIED);
  });

  test("serums_web holds no privilege on any table and may EXECUTE only what takes a token", async () => {
    const rows = await rowsOf<{ what: string }>(
      db.runtime,
      sql`select c.oid::regclass::text as what from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'app') and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
            and (has_table_privilege('serums_web', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                 or has_any_column_privilege('serums_web', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
          union all
          select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'app' and has_function_privilege('serums_web', p.oid, 'EXECUTE')
          union all
          select 'schema app' where has_schema_privilege('serums_web', 'app', 'USAGE')`,
    );
    expect(rows.map((r) => r.what).sort()).toEqual([
      "app.begin_device(text)",
      "app.begin_session(text)",
      "app.begin_smart(text)",
      "schema app",
    ]);
    const [{ n }] = await rowsOf<{ n: number }>(
      db.runtime,
      sql`select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'app'`,
    );
    expect(n).toBeGreaterThan(10);
  });

  test("the request role cannot turn row-level security off", async () => {
    const outcome = await outcomeOf(() =>
      as(db, USER.nurseA1, async (tx) => {
        await tx.execute(sql`set local row_security = off`);
        return rowsOf(tx, sql`select id from patients`);
      }),
    );
    // With row_security off, a query that a policy would filter is an error, never every row.
    expect(outcome).toBe(PERMISSION_DENIED);
  });
});

// ---------------------------------------------------------------------------------------------
describe("moving rows to another patient, team or organisation", () => {
  const MOVES: [string, UserKey, () => ReturnType<typeof sql>][] = [
    [
      "alerts.patient_id",
      "oncologistA1",
      () => sql`update alerts set patient_id = ${PATIENT.P3} where id = ${RECORDS.P1.alert}`,
    ],
    [
      "alerts.care_team_id",
      "oncologistA1",
      () => sql`update alerts set care_team_id = ${TEAM.A2} where id = ${RECORDS.P1.alert}`,
    ],
    [
      "symptom_reports.patient_id",
      "oncologistA1",
      () => sql`update symptom_reports set patient_id = ${PATIENT.P2} where id = ${RECORDS.P1.report}`,
    ],
    [
      "symptom_reports.patient_id (by the patient)",
      "patientP1",
      () => sql`update symptom_reports set patient_id = ${PATIENT.P3} where id = ${RECORDS.P1.report}`,
    ],
    [
      "patients.organisation_id",
      "oncologistA1",
      () => sql`update patients set organisation_id = ${ORG.B} where id = ${PATIENT.P1}`,
    ],
    [
      "patients.primary_care_team_id to another organisation's team",
      "oncologistA1",
      () => sql`update patients set primary_care_team_id = ${TEAM.B1} where id = ${PATIENT.P1}`,
    ],
    [
      "patients.user_id linked to the clinician's own (staff) account",
      "nurseA1",
      () => sql`update patients set user_id = ${USER.nurseA1} where id = ${PATIENT.P2}`,
    ],
    [
      "patients.user_id linked to a colleague's staff account",
      "oncologistA1",
      () => sql`update patients set user_id = ${USER.nurseA1} where id = ${PATIENT.P2}`,
    ],
    [
      "consent_rules.patient_id (by the patient)",
      "patientP1",
      () => sql`update consent_rules set patient_id = ${PATIENT.P2} where id = ${RECORDS.P1.allowRule}`,
    ],
    [
      "consent_rules.grantee_care_team_id (by the patient)",
      "patientP1",
      () => sql`update consent_rules set grantee_care_team_id = ${TEAM.B1} where id = ${RECORDS.P1.allowRule}`,
    ],
    [
      "treatment_cycles.patient_id",
      "oncologistA1",
      () => sql`update treatment_cycles set patient_id = ${PATIENT.P3} where id = ${RECORDS.P1.cycle}`,
    ],
    [
      "treatment_plans.patient_id",
      "oncologistA1",
      () => sql`update treatment_plans set patient_id = ${PATIENT.P2} where id = ${RECORDS.P1.plan}`,
    ],
    [
      "device_tokens.patient_id (by the patient)",
      "patientP1",
      () => sql`update device_tokens set patient_id = ${PATIENT.P2} where id = ${RECORDS.P1.deviceToken}`,
    ],
    [
      "alert_events.patient_id",
      "oncologistA1",
      () => sql`update alert_events set patient_id = ${PATIENT.P3} where id = ${RECORDS.P1.alertEvent}`,
    ],
  ];
  test.each(MOVES)("%s is refused", async (_name, user, statement) => {
    const digest = () =>
      db.asOwner((o) =>
        rowsOf<{ d: string }>(
          o,
          sql`select md5(string_agg(x, '|' order by x)) as d from (
                select p::text as x from patients p union all select a::text from alerts a
                union all select r::text from symptom_reports r union all select c::text from consent_rules c
                union all select tc::text from treatment_cycles tc union all select tp::text from treatment_plans tp
                union all select d::text from device_tokens d union all select e::text from alert_events e) all_rows`,
        ),
      );
    const before = await digest();
    expect(await outcomeOf(() => as(db, USER[user], (tx) => tx.execute(statement())))).toBe(PERMISSION_DENIED);
    expect(await digest()).toEqual(before);
  });

  test("a record's account is set when it is enrolled: not even the patient's clinician links one later", async () => {
    // Whoever holds the account a record is linked to reads it as the patient, so a clinician who
    // could link one (to an account of her making) would read what the patient withholds from her.
    const account = fixtureId("user:patientP3");
    await db.asOwner((o) =>
      o.insert(t.users).values({
        id: account,
        organisationId: ORG.A,
        kind: "patient",
        email: "p3@fixture.example",
        displayName: "Patient P3",
      }),
    );
    expect(
      await outcomeOf(() =>
        as(db, USER.nurseA2, (tx) =>
          tx.execute(sql`update patients set user_id = ${account} where id = ${PATIENT.P3}`),
        ),
      ),
    ).toBe(PERMISSION_DENIED);
    const own = await as(db, account, (tx) => rowsOf<{ id: string }>(tx, sql`select id from patients`));
    expect(own).toEqual([]);
  });

  test("a clinician cannot grant their own team consent to a patient of another team", async () => {
    const outcome = await outcomeOf(() =>
      as(db, USER.nurseA1, (tx) =>
        tx.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
          values (${PATIENT.P3}, ${TEAM.A1}, 'allow', '{symptoms,treatment,alerts,demographics}')`),
      ),
    );
    expect(outcome).toBe(PERMISSION_DENIED);
    expect((await visibleByCategory(USER.nurseA1)).demographics).toEqual(["P1", "P2"]);
  });

  test("a clinician cannot lift a deny rule that names them", async () => {
    const outcome = await outcomeOf(() =>
      as(db, USER.nurseA1, (tx) =>
        tx.execute(sql`update consent_rules set revoked_at = now() where id = ${DENY_RULE_P2}`),
      ),
    );
    // Zero rows (the rule is not theirs to change) or refused: either way the deny stays.
    expect(["ok", PERMISSION_DENIED]).toContain(outcome);
    const [rule] = await db.asOwner((o) =>
      rowsOf<{ revoked_at: string | null }>(o, sql`select revoked_at from consent_rules where id = ${DENY_RULE_P2}`),
    );
    expect(rule.revoked_at).toBeNull();
    expect((await visibleByCategory(USER.nurseA1)).symptoms).toEqual(["P1"]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("consent rules over time", () => {
  test("a deny rule overlapping an allow rule wins, whichever names the viewer directly", async () => {
    // Fixture: P2's team allow covers nurse A1, a direct deny takes her symptoms away.
    expect(await visibleByCategory(USER.nurseA1)).toEqual({
      symptoms: ["P1"],
      treatment: ["P1", "P2"],
      alerts: ["P1", "P2"],
      demographics: ["P1", "P2"],
    });
    // Now the other way round: patient P1 allows nurse A2 directly, then denies her team.
    const allow = fixtureId("P1:allow-nurseA2-symptoms");
    const deny = fixtureId("P1:deny-teamA2-symptoms");
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (id, patient_id, grantee_user_id, effect, categories)
        values (${allow}, ${PATIENT.P1}, ${USER.nurseA2}, 'allow', '{symptoms,demographics}')`),
    );
    expect(await visibleByCategory(USER.nurseA2)).toEqual({
      symptoms: ["P1", "P3"],
      treatment: ["P3"],
      alerts: ["P3"],
      demographics: ["P1", "P3"],
    });
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (id, patient_id, grantee_care_team_id, effect, categories)
        values (${deny}, ${PATIENT.P1}, ${TEAM.A2}, 'deny', '{symptoms}')`),
    );
    expect((await visibleByCategory(USER.nurseA2)).symptoms).toEqual(["P3"]);
    expect((await visibleByCategory(USER.nurseA2)).demographics).toEqual(["P1", "P3"]);
    // Revoking the deny brings the allow back on the very next query; revoking the allow ends it.
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`update consent_rules set revoked_at = now() where id = ${deny}`),
    );
    expect((await visibleByCategory(USER.nurseA2)).symptoms).toEqual(["P1", "P3"]);
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`update consent_rules set revoked_at = now() where id = ${allow}`),
    );
    expect(await visibleByCategory(USER.nurseA2)).toEqual({
      symptoms: ["P3"],
      treatment: ["P3"],
      alerts: ["P3"],
      demographics: ["P3"],
    });
  });

  test("a revoked team rule stops the whole team's access on the very next query", async () => {
    const before = await visibleByCategory(USER.oncologistA1);
    expect(before.treatment).toEqual(["P1", "P2"]);
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`update consent_rules set revoked_at = now() where id = ${RECORDS.P1.allowRule}`),
    );
    for (const user of [USER.oncologistA1, USER.nurseA1, USER.adminOncologistA]) {
      const now = await visibleByCategory(user);
      for (const category of CATEGORIES) expect(now[category], category).not.toContain("P1");
    }
    // The patient still reads their own record, and staff cannot restore the rule.
    expect((await visibleByCategory(USER.patientP1)).symptoms).toEqual(["P1"]);
    expect(
      await outcomeOf(() =>
        as(db, USER.oncologistA1, (tx) =>
          tx.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
            values (${PATIENT.P1}, ${TEAM.A1}, 'allow', '{symptoms,treatment,alerts,demographics}')`),
        ),
      ),
    ).toBe(PERMISSION_DENIED);
    await db.asOwner((o) =>
      o.execute(sql`update consent_rules set revoked_at = null where id = ${RECORDS.P1.allowRule}`),
    );
    expect((await visibleByCategory(USER.oncologistA1)).treatment).toEqual(["P1", "P2"]);
  });

  test("an expired rule (valid_until <= now) grants nothing on the very next query; a future one nothing yet", async () => {
    const rule = fixtureId("P1:allow-nurseA2-treatment");
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (id, patient_id, grantee_user_id, effect, categories, valid_until)
        values (${rule}, ${PATIENT.P1}, ${USER.nurseA2}, 'allow', '{treatment}', now() + interval '1 hour')`),
    );
    expect((await visibleByCategory(USER.nurseA2)).treatment).toEqual(["P1", "P3"]);
    // The patient ends it now: valid_until = now() of that transaction, already past for the next one.
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`update consent_rules set valid_until = now() where id = ${rule}`),
    );
    expect((await visibleByCategory(USER.nurseA2)).treatment).toEqual(["P3"]);

    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (patient_id, grantee_user_id, effect, categories, valid_from)
        values (${PATIENT.P1}, ${USER.nurseA2}, 'allow', '{alerts}', now() + interval '1 hour')`),
    );
    expect((await visibleByCategory(USER.nurseA2)).alerts).toEqual(["P3"]);
  });

  test("a rule naming a clinician of another organisation grants them nothing", async () => {
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (patient_id, grantee_user_id, effect, categories)
        values (${PATIENT.P1}, ${USER.nurseB}, 'allow', '{symptoms,treatment,alerts,demographics}')`),
    );
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
        values (${PATIENT.P1}, ${TEAM.B1}, 'allow', '{symptoms,treatment,alerts,demographics}')`),
    );
    expect(await visibleByCategory(USER.nurseB)).toEqual({
      symptoms: ["P4"],
      treatment: ["P4"],
      alerts: ["P4"],
      demographics: ["P4"],
    });
  });

  test("a rule naming an admin without a clinical role grants them nothing", async () => {
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (patient_id, grantee_user_id, effect, categories)
        values (${PATIENT.P1}, ${USER.adminA}, 'allow', '{symptoms,treatment,alerts,demographics}')`),
    );
    expect(await visibleByCategory(USER.adminA)).toEqual({ symptoms: [], treatment: [], alerts: [], demographics: [] });
  });
});

// ---------------------------------------------------------------------------------------------
describe("shadowing the helpers' tables with temporary tables", () => {
  test("a temp staff_memberships / consent_rules / emergency_accesses changes nothing the policies decide", async () => {
    const allPatients = `{${Object.values(PATIENT).join(",")}}`;
    const outcome = await as(db, USER.nurseA1, async (tx) => {
      const made = await outcomeOf(async () => {
        await tx.transaction(async (sp) => {
          await sp.execute(sql`create temp table staff_memberships on commit drop as
            select ${USER.nurseA1}::uuid as user_id, o as organisation_id, t as care_team_id, 'nurse'::staff_role as role
            from unnest(${`{${ORG.A},${ORG.B}}`}::uuid[]) o, unnest(${`{${TEAM.A1},${TEAM.A2},${TEAM.B1}}`}::uuid[]) t`);
          await sp.execute(sql`create temp table consent_rules on commit drop as
            select p as patient_id, 'allow'::consent_effect as effect, '{symptoms,treatment,alerts,demographics}'::text[] as categories,
                   ${USER.nurseA1}::uuid as grantee_user_id, null::uuid as grantee_care_team_id, null::timestamptz as revoked_at,
                   now() - interval '1 day' as valid_from, null::timestamptz as valid_until
            from unnest(${allPatients}::uuid[]) p`);
          await sp.execute(sql`create temp table emergency_accesses on commit drop as
            select ${USER.nurseA1}::uuid as user_id, p as patient_id, now() - interval '1 hour' as started_at,
                   now() + interval '1 hour' as expires_at
            from unnest(${allPatients}::uuid[]) p`);
          await sp.execute(sql`create temp table patients on commit drop as select * from public.patients where false`);
          await sp.execute(
            sql`grant select on pg_temp.staff_memberships, pg_temp.consent_rules, pg_temp.emergency_accesses, pg_temp.patients to public`,
          );
        });
      });
      const [ids] = await rowsOf<{ consented: string[]; readable: string[]; clinical: string[]; teams: string[] }>(
        tx,
        sql`select app.consented_patient_ids('symptoms') as consented, app.readable_patient_ids('demographics') as readable,
                   app.clinical_org_ids() as clinical, app.clinical_team_ids() as teams`,
      );
      const visible: string[] = [];
      for (const [table, column] of PATIENT_TABLES) {
        const rows = await rowsOf<{ p: string | null }>(
          tx,
          sql`select ${sql.identifier(column)}::text as p from public.${sql.identifier(table)}`,
        );
        visible.push(...rows.map((r) => `${table}:${r.p ? patientKeyOf(r.p) : "-"}`));
      }
      return { made, ids, visible: [...new Set(visible)].sort() };
    });
    // Whether or not the temp tables could be made, the helpers read the real ones.
    expect(outcome.ids.consented.map(patientKeyOf)).toEqual(["P1"]);
    expect(outcome.ids.readable.map(patientKeyOf).sort()).toEqual(["P1", "P2"]);
    expect(outcome.ids.clinical).toEqual([ORG.A]);
    expect(outcome.ids.teams).toEqual([TEAM.A1]);
    expect(outcome.visible.filter((v) => !v.endsWith(":P1") && !v.endsWith(":P2"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Reading through functions and views. For a viewer, the "secrets" are the sentinel strings and
// ids of every category of every fixture patient they may not read (and every device token hash
// but their own); no output may contain one.

function secretsFor(user: UserKey | null): string[] {
  const secrets: string[] = [];
  for (const p of PATIENT_KEYS) {
    const s = sentinels(p);
    for (const category of CATEGORIES) {
      if (user && READABLE[user][category].includes(p)) continue;
      secrets.push(...s[category]);
      const r = RECORDS[p];
      if (category === "demographics") secrets.push(PATIENT[p]);
      if (category === "symptoms") secrets.push(r.report, r.spareReport);
      if (category === "alerts") secrets.push(r.alert, r.alertEvent);
      if (category === "treatment") secrets.push(r.plan, r.cycle, r.planVersion);
    }
    if (!(user === "patientP1" && p === "P1"))
      secrets.push(RECORDS[p].deviceTokenHash, RECORDS[p].deviceToken, RECORDS[p].deviceSecret);
  }
  return secrets;
}

/**
 * What a function may show a viewer beyond the categories they may read, by design: an
 * organisation's admins see the hospital number of each patient whose record a clinician opened
 * with emergency access, so that they can act on it (db/sql/emergency.sql), and nothing else.
 */
function disclosedBy(functionName: string, user: UserKey | null): string[] {
  if (functionName !== "organisation_emergency_accesses" || user === null) return [];
  if (!["adminA", "adminOncologistA"].includes(user)) return [];
  return PATIENT_KEYS.filter((p) => PATIENT_HOME[p].org === ORG.A).map((p) => sentinels(p).demographics[2]);
}

const VIEWERS: [string, UserKey | null, string | null][] = [
  ["nurse A1", "nurseA1", USER.nurseA1],
  ["forged: nurse of organisation B", "nurseB", USER.nurseB],
  ["admin without a clinical role", "adminA", USER.adminA],
  ["patient P1", "patientP1", USER.patientP1],
  ["no context", null, null],
  ["malformed context", null, "' OR 1=1 --"],
];

class Rollback extends Error {}

type AppFunction = { signature: string; name: string; argTypes: string[]; returns: string; retset: boolean };

describe("functions in schema app", () => {
  const ARG_UUIDS = [
    ...Object.values(PATIENT),
    ...Object.values(USER),
    ...Object.values(TEAM),
    ...Object.values(ORG),
    "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d",
  ];
  const ARG_TEXTS = [
    ...CATEGORIES,
    ...Object.keys(USER).map((k) => `${k.toLowerCase()}@fixture.example`),
    "patientp1@fixture.example",
    "garbage",
    "",
  ];

  /** Candidate values for each scalar argument type (arrays of these are passed whole). */
  const SCALARS: Record<string, { type: string; values: (string | number | boolean)[] }> = {
    uuid: { type: "uuid", values: ARG_UUIDS },
    text: { type: "text", values: ARG_TEXTS },
    "timestamp with time zone": { type: "timestamptz", values: ["2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"] },
    date: { type: "date", values: ["2000-01-01", "2100-01-01"] },
    integer: { type: "integer", values: [0, 1, 3600] },
    smallint: { type: "smallint", values: [0, 1] },
    bigint: { type: "bigint", values: [0, 1] },
    boolean: { type: "boolean", values: [true, false] },
    jsonb: { type: "jsonb", values: ["{}", '{"accountId":"x"}'] },
    alert_severity: { type: "alert_severity", values: ["amber", "red"] },
    staff_role: { type: "staff_role", values: ["nurse", "oncologist", "admin"] },
  };
  const arrayLiteral = (values: (string | number | boolean)[]) =>
    `{${values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(",")}}`;

  /**
   * One query calling `f` over the candidate arguments, each output as text: every combination
   * when there are few, otherwise the candidate lists side by side (each cycled to the longest).
   * Array arguments get every candidate at once; a row argument (audit_events) any visible row.
   */
  function callsOf(f: AppFunction): ReturnType<typeof sql> | null {
    const scalars: { index: number; type: string; values: (string | number | boolean)[] }[] = [];
    const args: ReturnType<typeof sql>[] = [];
    for (const [i, argType] of f.argTypes.entries()) {
      const scalar = SCALARS[argType];
      const element = argType.endsWith("[]") ? SCALARS[argType.slice(0, -2)] : undefined;
      if (scalar) {
        scalars.push({ index: i, type: scalar.type, values: scalar.values });
        args.push(sql.raw(`u.a${i}`));
      } else if (element) {
        args.push(sql`${arrayLiteral(element.values)}::${sql.raw(element.type)}[]`);
      } else if (argType === "audit_events") {
        args.push(sql`(select e from public.audit_events e order by e.id limit 1)`);
      } else {
        return null;
      }
    }
    const combinations = scalars.reduce((n, a) => n * a.values.length, 1);
    let columns: (string | number | boolean)[][];
    if (combinations <= 400) {
      columns = scalars.map(() => []);
      const walk = (k: number, picked: (string | number | boolean)[]) => {
        if (k === scalars.length) {
          picked.forEach((v, j) => {
            columns[j].push(v);
          });
          return;
        }
        for (const v of scalars[k].values) walk(k + 1, [...picked, v]);
      };
      walk(0, []);
    } else {
      const longest = Math.max(...scalars.map((a) => a.values.length));
      columns = scalars.map((a) => Array.from({ length: longest }, (_, r) => a.values[r % a.values.length]));
    }
    const call = sql`${sql.raw(f.signature.slice(0, f.signature.indexOf("(")))}(${sql.join(args, sql`, `)})`;
    const from = scalars.length
      ? sql` from unnest(${sql.join(
          scalars.map((a, j) => sql`${arrayLiteral(columns[j])}::${sql.raw(a.type)}[]`),
          sql`, `,
        )}) as u(${sql.raw(scalars.map((a) => `a${a.index}`).join(", "))})`
      : sql``;
    return f.retset
      ? sql`select r::text as out from (select ${call} as r${from}) q`
      : sql`select (${call})::text as out${from}`;
  }

  let functions: AppFunction[] = [];
  beforeAll(async () => {
    functions = await db.asOwner((o) =>
      rowsOf<AppFunction>(
        o,
        sql`select p.oid::regprocedure::text as signature, p.proname as name, p.prorettype::regtype::text as returns,
                   p.proretset as retset,
                   array(select a::regtype::text from unnest(p.proargtypes) a) as "argTypes"
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'app' order by 1`,
      ),
    );
  });

  test("every function in app has a probe (arguments of known types, or a trigger)", () => {
    expect(functions.length).toBeGreaterThan(10);
    const unprobed = functions.filter((f) => f.returns !== "trigger" && callsOf(f) === null).map((f) => f.signature);
    expect(unprobed, "add argument candidates for these functions' types").toEqual([]);
  });

  test.each(VIEWERS)(
    "called by %s, no app function returns data the viewer may not read",
    async (_name, key, userId) => {
      const secrets = secretsFor(key);
      const leaks: string[] = [];
      let called = 0;
      // Some functions write (sign-in failures, unlocking): everything is rolled back at the end.
      await runWithRls(db.runtime, { userId }, async (tx) => {
        for (const f of functions) {
          if (f.returns === "trigger") {
            const outcome = await outcomeOf(() =>
              tx.transaction((sp) => sp.execute(sql.raw(`select app.${f.name}()`))),
            );
            expect(outcome, `${f.signature} cannot be called directly`).not.toBe("ok");
            continue;
          }
          const query = callsOf(f);
          if (!query) continue;
          let outputs: string[] = [];
          const outcome = await outcomeOf(async () => {
            outputs = (await tx.transaction((sp) => rowsOf<{ out: string | null }>(sp, query))).map((r) => r.out ?? "");
          });
          if (outcome === "ok") called++;
          else if (outcome !== PERMISSION_DENIED) throw new Error(`${f.signature}: ${outcome}`);
          const text = outputs.join("\n");
          const disclosed = disclosedBy(f.name, key);
          for (const secret of secrets)
            if (text.includes(secret) && !disclosed.includes(secret)) leaks.push(`${f.signature} -> ${secret}`);
        }
        throw new Rollback();
      }).catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
      expect(leaks).toEqual([]);
      expect(called).toBeGreaterThan(10);
    },
  );

  test("the consent functions under a forged context of another organisation return only that organisation's patient", async () => {
    const [row] = await as(db, USER.nurseB, (tx) =>
      rowsOf<Record<string, string[]>>(
        tx,
        sql`select app.consented_patient_ids('symptoms') as s, app.consented_patient_ids('treatment') as t,
                   app.consented_patient_ids('alerts') as a, app.consented_patient_ids('demographics') as d,
                   app.readable_patient_ids('symptoms') as rs, app.own_patient_ids() as own`,
      ),
    );
    expect(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.map(patientKeyOf)]))).toEqual({
      s: ["P4"],
      t: ["P4"],
      a: ["P4"],
      d: ["P4"],
      rs: ["P4"],
      own: [],
    });
  });

  test("sign_in_lookup is the sign-in role's, returns only an account's credentials, and nothing for an unknown address", async () => {
    expect(
      await outcomeOf(() =>
        as(db, null, (tx) => tx.execute(sql`select * from app.sign_in_lookup('x@fixture.example')`)),
      ),
    ).toBe(PERMISSION_DENIED);
    const rows = await runAsSignIn(db.runtime, (tx) =>
      rowsOf<Record<string, unknown>>(tx, sql`select * from app.sign_in_lookup('PATIENTP1@fixture.example')`),
    );
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        "user_id",
        "organisation_id",
        "kind",
        "password_hash",
        "mfa_secret_enc",
        "mfa_enabled",
        "deactivated",
        "locked_until",
        "failed_sign_ins",
      ].sort(),
    );
    expect(rows[0].user_id).toBe(USER.patientP1);
    const none = await runAsSignIn(db.runtime, (tx) =>
      rowsOf(tx, sql`select * from app.sign_in_lookup('nobody@fixture.example')`),
    );
    expect(none).toEqual([]);
  });

  test("authenticate_device answers only for a token, not for its stored hash", async () => {
    const at = (fn: string) => sql`select * from app.authenticate_device(${fn}, now())`;
    const rows = await as(db, null, (tx) => rowsOf<{ patient_id: string }>(tx, at(RECORDS.P1.deviceSecret)));
    // P1 is the fixture patient with an account; the token names their record and nothing else.
    expect(rows.map((r) => patientKeyOf(r.patient_id))).toEqual(["P1"]);
    const guesses = await as(db, null, (tx) =>
      rowsOf(
        tx,
        sql`${at(RECORDS.P1.deviceTokenHash)} union all ${at(RECORDS.P1.deviceToken)} union all ${at("")} union all ${at(PATIENT.P1)}`,
      ),
    );
    expect(guesses).toEqual([]);
  });

  test("the organisation look-ups reveal nothing outside the caller's own organisations", async () => {
    const [row] = await as(db, USER.nurseA1, (tx) =>
      rowsOf<Record<string, string | null>>(
        tx,
        sql`select app.patient_org_id(${PATIENT.P4}) as p4, app.care_team_org_id(${TEAM.B1}) as b1,
                   app.user_org_id(${USER.nurseB}) as nurse_b, app.patient_org_id(${PATIENT.P3}) as p3`,
      ),
    );
    expect(row).toEqual({ p4: null, b1: null, nurse_b: null, p3: ORG.A });
  });
});

describe("views", () => {
  let views: { name: string }[] = [];
  beforeAll(async () => {
    // Statistics first, so that a view over pg_statistic (pg_stats) would have sample values to give away.
    await db.asOwner((o) => o.execute(sql`analyze`));
    views = await db.asOwner((o) =>
      rowsOf<{ name: string }>(
        o,
        sql`select format('%I.%I', schemaname, viewname) as name from pg_views
            union all select format('%I.%I', schemaname, matviewname) from pg_matviews order by 1`,
      ),
    );
  });

  // Two viewers whose secrets together cover every fixture patient: nurse A1 (P3, P4, P2's
  // symptoms) and the forged nurse of organisation B (P1, P2, P3). The catalogue views do not depend
  // on the user context, and a few are slow (information_schema.element_types), so two suffice.
  test.each(VIEWERS.filter(([, key]) => key === "nurseA1" || key === "nurseB"))(
    "no view in the database shows %s data they may not read",
    async (_name, key, userId) => {
      expect(views.length).toBeGreaterThan(50);
      const secrets = secretsFor(key);
      const leaks: string[] = [];
      let read = 0;
      await runWithRls(db.runtime, { userId }, async (tx) => {
        for (const { name } of views) {
          let text = "";
          const outcome = await outcomeOf(async () => {
            const rows = await tx.transaction((sp) =>
              rowsOf<{ row: string }>(sp, sql`select v::text as row from ${sql.raw(name)} v`),
            );
            text = rows.map((r) => r.row).join("\n");
          });
          if (outcome === "ok") read++;
          for (const secret of secrets) if (text.includes(secret)) leaks.push(`${name} -> ${secret}`);
        }
      });
      expect(leaks).toEqual([]);
      expect(read).toBeGreaterThan(50);
    },
  );
});

// ---------------------------------------------------------------------------------------------
describe("the audit trail", () => {
  test("no one can UPDATE, DELETE or TRUNCATE audit events", async () => {
    const chain = () =>
      db.asOwner((o) =>
        rowsOf<{ d: string }>(o, sql`select md5(string_agg(a::text, '|' order by a.id)) as d from audit_events a`),
      );
    const before = await chain();
    for (const user of [USER.adminA, USER.patientP1, USER.oncologistA1, USER.adminOncologistA, null]) {
      const attempts: [string, ReturnType<typeof sql>][] = [
        ["update all", sql`update audit_events set action = 'tampered'`],
        ["update own", sql`update audit_events set outcome = 'allowed' where actor_user_id = ${user}`],
        ["delete all", sql`delete from audit_events`],
        ["delete own", sql`delete from audit_events where actor_user_id = ${user}`],
        ["truncate", sql`truncate audit_events`],
      ];
      for (const [name, statement] of attempts) {
        expect(await outcomeOf(() => as(db, user, (tx) => tx.execute(statement))), `${name} as ${user}`).toBe(
          PERMISSION_DENIED,
        );
      }
    }
    for (const statement of [sql`update audit_events set action = 'x'`, sql`delete from audit_events`]) {
      expect(await outcomeOf(() => db.runtime.execute(statement))).toBe(PERMISSION_DENIED);
    }
    expect(await chain()).toEqual(before);
  });

  test("an appended event cannot forge another actor", async () => {
    const outcome = await outcomeOf(() =>
      as(db, USER.nurseA1, (tx) =>
        tx.execute(
          sql`insert into audit_events (actor_user_id, action, outcome) values (${USER.adminA}, 'forged', 'allowed')`,
        ),
      ),
    );
    expect(outcome).toBe(PERMISSION_DENIED);
  });
});

// ---------------------------------------------------------------------------------------------
// Escaping the request role. Only on a real server: PGlite's session user is always a superuser,
// so RESET ROLE or SET ROLE there would succeed by design of the embedded engine, not because of
// a flaw in the migration. On PGlite this block is not registered at all.
if (TEST_ENGINE === "postgres") {
  describe("role escapes inside a request transaction (PostgreSQL only)", () => {
    let conn: ReturnType<typeof connectPostgres>;
    // As the web app: its own login role, and a nurse's session token.
    let nurse: RlsContext;
    beforeAll(async () => {
      if (!db.webUrl) throw new Error("the PostgreSQL test database has no web role URL");
      conn = connectPostgres(db.webUrl, { max: 1 });
      await openSessions(db, ["nurseA1"]);
      nurse = { sessionToken: SESSION.nurseA1.token };
    });
    afterAll(async () => {
      await conn?.close();
    });

    test("the connection is the runtime login role, not a superuser", async () => {
      const [row] = await rowsOf<{ u: string; s: string; su: boolean }>(
        conn.db,
        sql`select current_user as u, session_user as s, (select rolsuper from pg_roles where rolname = session_user) as su`,
      );
      expect(row).toEqual({ u: "serums_web", s: "serums_web", su: false });
    });

    test.each([
      ["SET ROLE postgres", "set role postgres"],
      ["SET LOCAL ROLE postgres", "set local role postgres"],
      ["SET ROLE serums_definer", "set role serums_definer"],
      ["SET LOCAL ROLE serums_definer", "set local role serums_definer"],
      ["SET SESSION AUTHORIZATION postgres", "set session authorization postgres"],
      ["set_config('role', 'postgres')", "select set_config('role', 'postgres', true)"],
      ["set_config('role', 'serums_definer')", "select set_config('role', 'serums_definer', true)"],
    ])("%s is refused", async (_name, statement) => {
      const outcome = await outcomeOf(() =>
        runWithRls(conn.db, nurse, async (tx) => {
          await tx.execute(sql.raw(statement));
          return rowsOf(tx, sql`select id from patients`);
        }),
      );
      expect(outcome).toBe(PERMISSION_DENIED);
    });

    test.each([
      ["RESET ROLE", "reset role"],
      ["SET ROLE NONE", "set role none"],
      ["SET LOCAL ROLE serums_web", "set local role serums_web"],
    ])("%s leaves the login role, which reads nothing", async (_name, statement) => {
      const outcome = await outcomeOf(() =>
        runWithRls(conn.db, nurse, async (tx) => {
          await tx.execute(sql.raw(statement));
          const [{ u }] = await rowsOf<{ u: string }>(tx, sql`select current_user as u`);
          expect(u).toBe("serums_web");
          return rowsOf(tx, sql`select id from patients`);
        }),
      );
      expect(outcome).toBe(PERMISSION_DENIED);
    });

    test("after all that, the connection is still only the runtime role", async () => {
      const [row] = await rowsOf<{ u: string; ctx: string | null }>(
        conn.db,
        sql`select current_user as u, nullif(current_setting('app.user_id', true), '') as ctx`,
      );
      expect(row).toEqual({ u: "serums_web", ctx: null });
      expect(await outcomeOf(() => conn.db.execute(sql`select 1 from patients`))).toBe(PERMISSION_DENIED);
    });
  });
}
