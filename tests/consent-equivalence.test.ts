/**
 * The consent rule exists twice: as SQL for row-level security (app.consented_patient_ids and the
 * policies) and as the pure function canReadCategory (lib/consent/evaluate.ts). This suite builds a
 * seeded random world of staff, memberships, patients, consent rules and emergency accesses, then
 * for every (viewer, patient, category) asks both and demands the same answer, three ways on the
 * database side: the helper function, the rows the category's tables actually return, and the
 * request path's own check (app.viewer_consent fed to canReadCategory). The database's now(), read
 * in the same transaction, is the pure function's `now`, so there is no clock skew.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { DataCategory, StaffRole } from "@/lib/vocabulary";
import type { Tx } from "../db/client";
import * as t from "../db/schema";
import {
  type ConsentRule,
  canReadCategory,
  type EmergencyAccess,
  type Membership,
  type Viewer,
} from "../lib/consent/evaluate";
import { prng } from "../lib/prng";
import { rowsOf } from "./support/database";
import {
  as,
  CATEGORIES,
  CATEGORY_TABLES,
  fixtureId,
  insertPatientWithRecords,
  ORG,
  PATIENT,
  TEAM,
  USER,
} from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const SEED = Number(process.env.CONSENT_SEED ?? 20261124);
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;

const RANDOM_STAFF = 10;
const RANDOM_PATIENTS = 8;
const RANDOM_RULES = 320;
const RANDOM_EMERGENCIES = 40;

const MIN = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Offsets (seconds from the database's now at build time) for the start of a window. */
const STARTS = [-30 * DAY, -DAY, -HOUR, -MIN, HOUR, DAY];
/** Lengths of a window, in seconds. */
const LENGTHS = [MIN, HOUR, 2 * HOUR, DAY, 60 * DAY];

/**
 * now() + `seconds`, cut to whole milliseconds. JavaScript dates hold milliseconds and PostgreSQL
 * microseconds; with every window boundary on a whole millisecond, comparing it with now() in the
 * database and with now() cut to the millisecond in TypeScript gives the same answer.
 */
const msAfterNow = (seconds: number) => sql`date_trunc('milliseconds', now() + ${seconds} * interval '1 second')`;
/** The transaction's now(), cut to the millisecond. */
async function databaseNow(tx: Tx): Promise<Date> {
  const [{ ms }] = await rowsOf<{ ms: string }>(
    tx,
    sql`select floor(extract(epoch from now()) * 1000)::bigint::text as ms`,
  );
  return new Date(Number(ms));
}

const TEAM_A3 = fixtureId("eq:team:A3");
const TEAMS_BY_ORG: Record<string, string[]> = { [ORG.A]: [TEAM.A1, TEAM.A2, TEAM_A3], [ORG.B]: [TEAM.B1] };
const ALL_TEAMS = [...TEAMS_BY_ORG[ORG.A], ...TEAMS_BY_ORG[ORG.B]];

const db = suiteDatabase("consent_equivalence");
let staffIds: string[] = [];
let patientAccountIds: string[] = [];

beforeAll(async () => {
  await db.asOwner((owner) =>
    owner.transaction(async (tx) => {
      await tx.insert(t.careTeams).values({ id: TEAM_A3, organisationId: ORG.A, name: "Team A3" });

      // Staff with random memberships: 0-3 roles, in either organisation, in a team or none.
      const randomStaff = Array.from({ length: RANDOM_STAFF }, (_, i) => fixtureId(`eq:staff:${i}`));
      await tx.insert(t.users).values(
        randomStaff.map((id, i) => ({
          id,
          organisationId: pick([ORG.A, ORG.A, ORG.B]),
          kind: "staff" as const,
          email: `eq-staff-${i}@fixture.example`,
          displayName: `Random staff ${i}`,
          deactivatedAt: chance(0.15) ? sql`now() - interval '1 day'` : null,
        })),
      );
      const memberships = new Map<
        string,
        { userId: string; organisationId: string; careTeamId: string | null; role: StaffRole }
      >();
      for (const userId of randomStaff) {
        const count = pick([0, 1, 1, 2, 2, 3]);
        for (let k = 0; k < count; k++) {
          const organisationId = pick([ORG.A, ORG.A, ORG.B]);
          const careTeamId = chance(0.8) ? pick(TEAMS_BY_ORG[organisationId]) : null;
          const role = pick<StaffRole>(["oncologist", "nurse", "nurse", "admin"]);
          memberships.set(`${userId}|${organisationId}|${careTeamId}|${role}`, {
            userId,
            organisationId,
            careTeamId,
            role,
          });
        }
      }
      if (memberships.size) await tx.insert(t.staffMemberships).values([...memberships.values()]);
      staffIds = [
        ...Object.entries(USER)
          .filter(([k]) => k !== "patientP1")
          .map(([, id]) => id),
        ...randomStaff,
      ];

      // Patients with a row in every patient-data table; some with their own account.
      const randomPatients: string[] = [];
      for (let i = 0; i < RANDOM_PATIENTS; i++) {
        const id = fixtureId(`eq:patient:${i}`);
        const organisationId = pick([ORG.A, ORG.A, ORG.B]);
        let userId: string | null = null;
        if (i < 2) {
          userId = fixtureId(`eq:patient-user:${i}`);
          await tx.insert(t.users).values({
            id: userId,
            organisationId,
            kind: "patient",
            email: `eq-patient-${i}@fixture.example`,
            displayName: `Random patient ${i}`,
          });
        }
        await insertPatientWithRecords(tx, {
          id,
          label: `eq${i}`,
          organisationId,
          careTeamId: pick(TEAMS_BY_ORG[organisationId]),
          userId,
          clinicianId: pick(staffIds),
        });
        randomPatients.push(id);
      }
      patientAccountIds = [USER.patientP1, fixtureId("eq:patient-user:0"), fixtureId("eq:patient-user:1")];
      const patients = [...Object.values(PATIENT), ...randomPatients];

      // Random consent rules: allow or deny, for a user (mostly staff, sometimes a patient account)
      // or a team (of either organisation), random categories, windows around now, some revoked.
      const rules = Array.from({ length: RANDOM_RULES }, () => {
        const start = pick(STARTS);
        const byUser = chance(0.5);
        const categories = CATEGORIES.filter(() => chance(0.5));
        return {
          patientId: pick(patients),
          granteeUserId: byUser ? pick([...staffIds, ...staffIds, ...patientAccountIds]) : null,
          granteeCareTeamId: byUser ? null : pick(ALL_TEAMS),
          effect: chance(0.7) ? ("allow" as const) : ("deny" as const),
          categories: categories.length ? categories : [pick(CATEGORIES)],
          validFrom: msAfterNow(start),
          validUntil: chance(0.5) ? null : msAfterNow(start + pick(LENGTHS)),
          revokedAt: chance(0.15) ? sql`now() - interval '1 hour'` : null,
        };
      });
      await tx.insert(t.consentRules).values(rules);

      const emergencies = Array.from({ length: RANDOM_EMERGENCIES }, () => {
        const start = pick(STARTS);
        return {
          userId: pick(staffIds),
          patientId: pick(patients),
          reason: "Random emergency for the equivalence test",
          startedAt: msAfterNow(start),
          expiresAt: msAfterNow(start + pick(LENGTHS)),
        };
      });
      await tx.insert(t.emergencyAccesses).values(emergencies);
    }),
  );
});

type World = {
  viewers: Map<string, Viewer>;
  patients: { id: string; organisationId: string }[];
  rules: ConsentRule[];
  emergencies: EmergencyAccess[];
};

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/** Everything the pure function needs, read back from the database as the owner. */
async function readWorld(): Promise<World> {
  return db.asOwner(async (o) => {
    const users = await rowsOf<{ id: string; deactivated: boolean }>(
      o,
      sql`select id, deactivated_at is not null as deactivated from users`,
    );
    const memberships = await rowsOf<{
      user_id: string;
      organisation_id: string;
      care_team_id: string | null;
      role: StaffRole;
    }>(o, sql`select user_id, organisation_id, care_team_id, role from staff_memberships`);
    const patients = await rowsOf<{ id: string; organisation_id: string; user_id: string | null }>(
      o,
      sql`select id, organisation_id, user_id from patients`,
    );
    const rules = await rowsOf<Record<string, unknown>>(o, sql`select * from consent_rules`);
    const emergencies = await rowsOf<Record<string, unknown>>(o, sql`select * from emergency_accesses`);
    const viewers = new Map<string, Viewer>();
    for (const u of users) {
      viewers.set(u.id, {
        userId: u.id,
        active: !u.deactivated,
        memberships: memberships
          .filter((m) => m.user_id === u.id)
          .map((m): Membership => ({ organisationId: m.organisation_id, careTeamId: m.care_team_id, role: m.role })),
        ownPatientId: patients.find((p) => p.user_id === u.id)?.id ?? null,
      });
    }
    return {
      viewers,
      patients: patients.map((p) => ({ id: p.id, organisationId: p.organisation_id })),
      rules: rules.map((r) => ({
        patientId: r.patient_id as string,
        granteeUserId: (r.grantee_user_id as string | null) ?? null,
        granteeCareTeamId: (r.grantee_care_team_id as string | null) ?? null,
        effect: r.effect as "allow" | "deny",
        categories: r.categories as DataCategory[],
        validFrom: date(r.valid_from) as Date,
        validUntil: date(r.valid_until),
        revokedAt: date(r.revoked_at),
      })),
      emergencies: emergencies.map((e) => ({
        userId: e.user_id as string,
        patientId: e.patient_id as string,
        startedAt: date(e.started_at) as Date,
        expiresAt: date(e.expires_at) as Date,
      })),
    };
  });
}

/** What the database says, as `viewerId`, in one transaction, with that transaction's now(). */
async function askDatabase(tx: Tx, patientIds: string[]) {
  const now = await databaseNow(tx);
  const byCategory = {} as Record<
    DataCategory,
    { consented: Set<string>; readable: Set<string>; tables: Record<string, Set<string>> }
  >;
  for (const category of CATEGORIES) {
    const [ids] = await rowsOf<{ consented: string[]; readable: string[] }>(
      tx,
      sql`select app.consented_patient_ids(${category}) as consented, app.readable_patient_ids(${category}) as readable`,
    );
    const tables: Record<string, Set<string>> = {};
    for (const { table, patientColumn } of CATEGORY_TABLES[category]) {
      const rows = await rowsOf<{ p: string }>(
        tx,
        sql`select distinct ${sql.identifier(patientColumn)}::text as p from ${sql.identifier(table)}`,
      );
      tables[table] = new Set(rows.map((r) => r.p));
    }
    byCategory[category] = { consented: new Set(ids.consented), readable: new Set(ids.readable), tables };
  }
  // The request path: app.viewer_consent gives the rules and emergencies naming the caller.
  const requestPath = new Map<
    string,
    { organisationId: string; rules: ConsentRule[]; emergencies: EmergencyAccess[] }
  >();
  for (const patientId of patientIds) {
    const [row] = await rowsOf<{ organisation_id: string; rules: unknown; emergency: unknown }>(
      tx,
      sql`select organisation_id, rules, emergency from app.viewer_consent(${patientId})`,
    );
    if (!row) continue;
    const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>[];
    requestPath.set(patientId, {
      organisationId: row.organisation_id,
      rules: parse(row.rules).map((r) => ({
        patientId,
        granteeUserId: (r.granteeUserId as string | null) ?? null,
        granteeCareTeamId: (r.granteeCareTeamId as string | null) ?? null,
        effect: r.effect as "allow" | "deny",
        categories: r.categories as DataCategory[],
        validFrom: new Date(r.validFrom as string),
        validUntil: date(r.validUntil),
        revokedAt: date(r.revokedAt),
      })),
      emergencies: parse(row.emergency).map((e) => ({
        userId: "",
        patientId,
        startedAt: new Date(e.startedAt as string),
        expiresAt: new Date(e.expiresAt as string),
      })),
    });
  }
  return { now, byCategory, requestPath };
}

describe("canReadCategory and the database agree", () => {
  test("on every (viewer, patient, category) of a seeded random world", async () => {
    const world = await readWorld();
    const viewerIds = [...staffIds, ...patientAccountIds];
    expect(world.rules.length).toBeGreaterThanOrEqual(RANDOM_RULES);
    expect(world.patients.length).toBe(4 + RANDOM_PATIENTS);

    const disagreements: string[] = [];
    let cases = 0;
    let checks = 0;
    let allowed = 0;
    for (const viewerId of viewerIds) {
      const viewer = world.viewers.get(viewerId);
      if (!viewer) throw new Error(`no viewer ${viewerId}`);
      const answer = await as(db, viewerId, (tx) =>
        askDatabase(
          tx,
          world.patients.map((p) => p.id),
        ),
      );
      for (const patient of world.patients) {
        for (const category of CATEGORIES) {
          cases++;
          const expected = canReadCategory({
            viewer,
            patient,
            category,
            rules: world.rules,
            emergencyAccesses: world.emergencies,
            now: answer.now,
          });
          if (expected) allowed++;
          const where = `seed ${SEED}, viewer ${viewerId}, patient ${patient.id}, ${category}: pure says ${expected}`;
          const db = answer.byCategory[category];
          const own = viewer.ownPatientId === patient.id;
          const observed: [string, boolean][] = [
            ["app.readable_patient_ids", db.readable.has(patient.id)],
            // Consent is for staff; one's own record comes through own_patient_ids instead.
            ["app.consented_patient_ids", own ? expected : db.consented.has(patient.id)],
            ...Object.entries(db.tables).map(([table, seen]): [string, boolean] => [
              `rows of ${table}`,
              seen.has(patient.id),
            ]),
          ];
          if (viewer.ownPatientId === null && viewer.active) {
            // The request path's check, exactly as db/queries/consent.ts and the pages use it.
            const facts = answer.requestPath.get(patient.id);
            observed.push([
              "app.viewer_consent + canReadCategory",
              facts
                ? canReadCategory({
                    viewer,
                    patient: { id: patient.id, organisationId: facts.organisationId },
                    category,
                    rules: facts.rules,
                    emergencyAccesses: facts.emergencies.map((e) => ({ ...e, userId: viewer.userId })),
                    now: answer.now,
                  })
                : false,
            ]);
          }
          for (const [source, value] of observed) {
            checks++;
            if (value !== expected) disagreements.push(`${where}; ${source} says ${value}`);
          }
        }
      }
    }
    console.info(
      `consent equivalence (seed ${SEED}): ${cases} (viewer, patient, category) cases, ${allowed} readable, ` +
        `${checks} comparisons, ${disagreements.length} disagreements`,
    );
    expect(disagreements.slice(0, 20)).toEqual([]);
    // The random world must exercise both answers, and most cases must be compared.
    expect(cases).toBeGreaterThanOrEqual(viewerIds.length * world.patients.length * 4);
    expect(allowed).toBeGreaterThan(50);
    expect(cases - allowed).toBeGreaterThan(50);
  });
});

describe("exact edges agree", () => {
  class Rollback extends Error {}

  /** Like `as`, on the owner's connection: the transaction may `reset role` to write as the owner. */
  const asOnOwnerConnection = <T>(userId: string, work: (tx: Tx) => Promise<T>) =>
    db.asOwner((owner) => as(owner, userId, work));

  /**
   * In one transaction (rolled back): patient P1 records `rules` on their own record, then the same
   * transaction switches its context to nurse A2 (no access to P1 otherwise), and `emergencies` of
   * hers are laid down; both sides are asked with that transaction's now(). The request role may
   * no longer choose an emergency window (an access starts at now()), so those rows are written as
   * the owner, in the same transaction.
   */
  async function edge(ruleSql: ReturnType<typeof sql> | null, emergencySql: ReturnType<typeof sql> | null) {
    let result: { pure: Record<DataCategory, boolean>; db: Record<DataCategory, boolean> } | null = null;
    await asOnOwnerConnection(USER.patientP1, async (tx) => {
      if (ruleSql) await tx.execute(ruleSql);
      const rules = (
        await rowsOf<Record<string, unknown>>(
          tx,
          sql`select * from consent_rules where patient_id = ${PATIENT.P1} and grantee_user_id = ${USER.nurseA2}`,
        )
      ).map(
        (r): ConsentRule => ({
          patientId: PATIENT.P1,
          granteeUserId: USER.nurseA2,
          granteeCareTeamId: null,
          effect: r.effect as "allow" | "deny",
          categories: r.categories as DataCategory[],
          validFrom: date(r.valid_from) as Date,
          validUntil: date(r.valid_until),
          revokedAt: date(r.revoked_at),
        }),
      );
      // The owner may make anyone the caller; a setting written by hand would name nobody.
      await tx.execute(sql`reset role`);
      await tx.execute(sql`select app.assume_identity(${USER.nurseA2}), set_config('role', 'serums_app', true)`);
      if (emergencySql) {
        await tx.execute(sql`reset role`);
        await tx.execute(emergencySql);
        await tx.execute(sql`select set_config('role', 'serums_app', true)`);
      }
      const emergencies = (
        await rowsOf<{ started_at: string; expires_at: string }>(
          tx,
          sql`select started_at, expires_at from emergency_accesses where user_id = ${USER.nurseA2} and patient_id = ${PATIENT.P1}`,
        )
      ).map((e) => ({
        userId: USER.nurseA2,
        patientId: PATIENT.P1,
        startedAt: new Date(e.started_at),
        expiresAt: new Date(e.expires_at),
      }));
      const now = await databaseNow(tx);
      const viewer: Viewer = {
        userId: USER.nurseA2,
        active: true,
        memberships: [{ organisationId: ORG.A, careTeamId: TEAM.A2, role: "nurse" }],
        ownPatientId: null,
      };
      const pure = {} as Record<DataCategory, boolean>;
      const fromDb = {} as Record<DataCategory, boolean>;
      for (const category of CATEGORIES) {
        pure[category] = canReadCategory({
          viewer,
          patient: { id: PATIENT.P1, organisationId: ORG.A },
          category,
          rules,
          emergencyAccesses: emergencies,
          now,
        });
        const [{ ids }] = await rowsOf<{ ids: string[] }>(
          tx,
          sql`select app.consented_patient_ids(${category}) as ids`,
        );
        fromDb[category] = ids.includes(PATIENT.P1);
      }
      result = { pure, db: fromDb };
      throw new Rollback();
    }).catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
    if (!result) throw new Error("edge did not run");
    return result as { pure: Record<DataCategory, boolean>; db: Record<DataCategory, boolean> };
  }

  const allow = (extra: ReturnType<typeof sql>) =>
    sql`insert into consent_rules (patient_id, grantee_user_id, effect, categories, valid_from, valid_until, revoked_at)
        select ${PATIENT.P1}, ${USER.nurseA2}, 'allow', '{symptoms}', f, u, r from (${extra}) as e(f, u, r)`;
  const emergency = (extra: ReturnType<typeof sql>) =>
    sql`insert into emergency_accesses (user_id, patient_id, reason, started_at, expires_at)
        select ${USER.nurseA2}, ${PATIENT.P1}, 'Edge case of the emergency window', s, x from (${extra}) as e(s, x)`;

  test.each([
    ["a rule from exactly now is active", allow(sql`select now(), null::timestamptz, null::timestamptz`), null, true],
    [
      "a rule until exactly now is not",
      allow(sql`select now() - interval '1 hour', now(), null::timestamptz`),
      null,
      false,
    ],
    [
      "a rule until a millisecond after now is",
      allow(sql`select now() - interval '1 hour', now() + interval '1 millisecond', null::timestamptz`),
      null,
      true,
    ],
    [
      "a rule from a millisecond after now is not (yet)",
      allow(sql`select now() + interval '1 millisecond', null::timestamptz, null::timestamptz`),
      null,
      false,
    ],
    [
      "a rule revoked exactly now is not",
      allow(sql`select now() - interval '1 hour', null::timestamptz, now()`),
      null,
      false,
    ],
    [
      "a rule revoked in the future is not either",
      allow(sql`select now() - interval '1 hour', null::timestamptz, now() + interval '1 day'`),
      null,
      false,
    ],
    ["an emergency from exactly now is open", null, emergency(sql`select now(), now() + interval '1 hour'`), true],
    ["an emergency until exactly now is over", null, emergency(sql`select now() - interval '1 hour', now()`), false],
    [
      "an emergency from a millisecond after now is not open yet",
      null,
      emergency(sql`select now() + interval '1 millisecond', now() + interval '1 hour'`),
      false,
    ],
    [
      "an emergency until a millisecond after now is open",
      null,
      emergency(sql`select now() - interval '1 hour', now() + interval '1 millisecond'`),
      true,
    ],
  ] as const)("%s", async (_name, ruleSql, emergencySql, symptoms) => {
    const { pure, db: fromDb } = await edge(ruleSql, emergencySql);
    expect(fromDb).toEqual(pure);
    expect(pure.symptoms).toBe(symptoms);
  });
});

describe("a consent rule carries its patient's organisation", () => {
  // app.consented_patient_ids checks the organisation on the rule itself (db/sql/consent.sql); the
  // trigger and the foreign key are what make that the patient's organisation.
  test("whatever an insert names, and after the patient moves", async () => {
    class Rollback extends Error {}
    const orgOf = async (tx: Tx, ruleId: string) =>
      (
        await rowsOf<{ org: string }>(
          tx,
          sql`select patient_organisation_id as org from consent_rules where id = ${ruleId}`,
        )
      )[0].org;
    await db
      .asOwner((owner) =>
        owner.transaction(async (tx) => {
          const [rule] = await rowsOf<{ id: string }>(
            tx,
            sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, patient_organisation_id)
                values (${PATIENT.P1}, ${TEAM.B1}, 'allow', '{symptoms}', ${ORG.B}) returning id`,
          );
          expect(await orgOf(tx as Tx, rule.id)).toBe(ORG.A);
          await tx.execute(sql`update consent_rules set patient_organisation_id = ${ORG.B} where id = ${rule.id}`).then(
            () => expect.unreachable("a rule cannot name another organisation than its patient's"),
            (error: Error) => expect(String(error.cause ?? error)).toMatch(/foreign key/),
          );
          throw new Rollback();
        }),
      )
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    await db
      .asOwner((owner) =>
        owner.transaction(async (tx) => {
          const [rule] = await rowsOf<{ id: string }>(
            tx,
            sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
                values (${PATIENT.P1}, ${TEAM.B1}, 'allow', '{symptoms}') returning id`,
          );
          await tx.execute(sql`update patients set organisation_id = ${ORG.B} where id = ${PATIENT.P1}`);
          expect(await orgOf(tx as Tx, rule.id)).toBe(ORG.B);
          throw new Rollback();
        }),
      )
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });
});
