/**
 * app.consent_access is the consent rule worked out ahead of time (db/sql/consent.sql): triggers on the
 * rules, the staff memberships, the emergency accesses and the patients recompute it in the same
 * transaction as the change. Each test here makes one kind of change, committed, the way the app or
 * an administrator would, and checks after every step that the table equals a full recomputation
 * and that the clinician concerned gained or lost exactly what the change says. On PostgreSQL, two
 * changes are also interleaved on two sessions, the case the consent lock exists for.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, test } from "vitest";
import type { DataCategory } from "@/lib/vocabulary";
import type { Database } from "../db/client";
import { rowsOf, TEST_ENGINE } from "./support/database";
import {
  as,
  CATEGORIES,
  DENY_RULE_P2,
  ORG,
  PATIENT,
  PERMISSION_DENIED,
  sqlState,
  TEAM,
  USER,
} from "./support/fixtures";
import { signal } from "./support/signal";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("consent_access");

const rowText = sql`user_id::text || ' ' || patient_id::text || ' ' || category || ' ' || valid_from::text || ' ' || coalesce(valid_until::text, '-')`;

/** The table, and the same rows worked out afresh from everything the rule reads. */
async function expectUpToDate(): Promise<void> {
  await db.asOwner(async (o) => {
    const stored = await rowsOf<{ row: string }>(o, sql`select ${rowText} as row from app.consent_access order by 1`);
    const fresh = await rowsOf<{ row: string }>(
      o,
      sql`select ${rowText} as row
          from app.consent_access_rows(array(select distinct user_id from staff_memberships), null) order by 1`,
    );
    expect(stored.map((r) => r.row)).toEqual(fresh.map((r) => r.row));
    expect(stored.length).toBeGreaterThan(0);
  });
}

/** The patients whose `category` the user may read now, as the app asks (runWithRls, serums_app). */
async function readable(userId: string, category: DataCategory): Promise<string[]> {
  const [{ ids }] = await as(db, userId, (tx) =>
    rowsOf<{ ids: string[] }>(tx, sql`select app.consented_patient_ids(${category}) as ids`),
  );
  return [...ids].sort();
}

async function categoriesOf(userId: string, patientId: string): Promise<DataCategory[]> {
  const result: DataCategory[] = [];
  for (const category of CATEGORIES) if ((await readable(userId, category)).includes(patientId)) result.push(category);
  return result;
}

const owner = <T>(work: (o: Database) => Promise<T>) => db.asOwner(work);

describe("every change the rule depends on is reflected at once", () => {
  test("a team's new allow rule reaches its clinicians, and its revocation takes it back", async () => {
    expect(await categoriesOf(USER.nurseA2, PATIENT.P1)).toEqual([]);
    const [rule] = await as(db, USER.patientP1, (tx) =>
      rowsOf<{ id: string }>(
        tx,
        sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
            values (${PATIENT.P1}, ${TEAM.A2}, 'allow', '{symptoms,alerts}') returning id`,
      ),
    );
    expect(await categoriesOf(USER.nurseA2, PATIENT.P1)).toEqual(["symptoms", "alerts"]);
    await expectUpToDate();

    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`update consent_rules set revoked_at = now() where id = ${rule.id}`),
    );
    expect(await categoriesOf(USER.nurseA2, PATIENT.P1)).toEqual([]);
    await expectUpToDate();
  });

  test("a deny rule overrides the team's allow until it is deleted", async () => {
    expect(await readable(USER.nurseA1, "symptoms")).not.toContain(PATIENT.P2);
    const [deny] = await owner((o) =>
      rowsOf<Record<string, unknown>>(o, sql`delete from consent_rules where id = ${DENY_RULE_P2} returning *`),
    );
    expect(await readable(USER.nurseA1, "symptoms")).toContain(PATIENT.P2);
    await expectUpToDate();

    await owner((o) =>
      o.execute(sql`insert into consent_rules (id, patient_id, grantee_user_id, effect, categories)
                    values (${deny.id as string}, ${PATIENT.P2}, ${USER.nurseA1}, 'deny', '{symptoms}')`),
    );
    expect(await readable(USER.nurseA1, "symptoms")).not.toContain(PATIENT.P2);
    await expectUpToDate();
  });

  test("joining a care team, changing role and leaving it", async () => {
    expect(await readable(USER.nurseA2, "alerts")).toEqual([PATIENT.P3]);
    const [membership] = await owner((o) =>
      rowsOf<{ id: string }>(
        o,
        sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
            values (${USER.nurseA2}, ${ORG.A}, ${TEAM.A1}, 'nurse') returning id`,
      ),
    );
    expect(await readable(USER.nurseA2, "alerts")).toEqual([PATIENT.P1, PATIENT.P2, PATIENT.P3].sort());
    await expectUpToDate();

    await owner((o) => o.execute(sql`update staff_memberships set role = 'admin' where id = ${membership.id}`));
    expect(await readable(USER.nurseA2, "alerts")).toEqual([PATIENT.P3]);
    await expectUpToDate();

    await owner((o) => o.execute(sql`delete from staff_memberships where id = ${membership.id}`));
    expect(await readable(USER.nurseA2, "alerts")).toEqual([PATIENT.P3]);
    await expectUpToDate();
  });

  test("an emergency access opens every category for its window, within the clinician's organisation", async () => {
    const opened = await owner((o) =>
      rowsOf<{ id: string }>(
        o,
        sql`insert into emergency_accesses (user_id, patient_id, reason, started_at, expires_at) values
              (${USER.nurseA2}, ${PATIENT.P1}, 'Unreachable team, fever reported', now(), now() + interval '1 hour'),
              (${USER.nurseA2}, ${PATIENT.P2}, 'Starts later: grants nothing yet', now() + interval '1 hour', now() + interval '2 hours'),
              (${USER.nurseB}, ${PATIENT.P1}, 'Another organisation: grants nothing', now(), now() + interval '1 hour')
            returning id`,
      ),
    );
    expect(await categoriesOf(USER.nurseA2, PATIENT.P1)).toEqual([...CATEGORIES]);
    expect(await categoriesOf(USER.nurseA2, PATIENT.P2)).toEqual([]);
    expect(await categoriesOf(USER.nurseB, PATIENT.P1)).toEqual([]);
    await expectUpToDate();

    await owner((o) =>
      o.execute(
        sql`delete from emergency_accesses where id in (${sql.join(
          opened.map((e) => sql`${e.id}`),
          sql`, `,
        )})`,
      ),
    );
    expect(await categoriesOf(USER.nurseA2, PATIENT.P1)).toEqual([]);
    await expectUpToDate();
  });

  test("a patient who moves organisation leaves the old organisation's clinicians", async () => {
    expect(await readable(USER.nurseA2, "symptoms")).toEqual([PATIENT.P3]);
    await owner((o) => o.execute(sql`update patients set organisation_id = ${ORG.B} where id = ${PATIENT.P3}`));
    expect(await readable(USER.nurseA2, "symptoms")).toEqual([]);
    await expectUpToDate();

    await owner((o) => o.execute(sql`update patients set organisation_id = ${ORG.A} where id = ${PATIENT.P3}`));
    expect(await readable(USER.nurseA2, "symptoms")).toEqual([PATIENT.P3]);
    await expectUpToDate();
  });
});

describe("the table is the consent functions' alone", () => {
  test("a consent change outside READ COMMITTED is refused and changes nothing", async () => {
    const count = () =>
      owner((o) => rowsOf<{ n: number }>(o, sql`select count(*)::int as n from consent_rules`)).then(([r]) => r.n);
    const before = await count();
    const outcome = await owner((o) =>
      o
        .transaction(
          (tx) =>
            tx.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
                           values (${PATIENT.P1}, ${TEAM.A2}, 'allow', '{symptoms}')`),
          { isolationLevel: "repeatable read" },
        )
        .then(
          () => "committed",
          (error: unknown) => sqlState(error),
        ),
    );
    expect(outcome).toBe("40001");
    expect(await count()).toBe(before);
    expect(await readable(USER.nurseA2, "symptoms")).toEqual([PATIENT.P3]);
  });

  test("the request role can neither read it nor recompute it", async () => {
    for (const statement of [
      sql`select count(*) from app.consent_access`,
      sql`select app.refresh_consent_access(array[${USER.nurseA1}::uuid], null)`,
      sql`select app.rebuild_consent_access()`,
      sql`select * from app.consent_access_rows(array[${USER.nurseA1}::uuid], null)`,
    ]) {
      const outcome = await as(db, USER.nurseA1, (tx) => tx.execute(statement)).then(
        () => "allowed",
        (error: unknown) => sqlState(error),
      );
      expect(outcome).toBe(PERMISSION_DENIED);
    }
  });
});

// PGlite has one session: two transactions cannot be open at once there, so this is PostgreSQL's.
if (TEST_ENGINE === "postgres") {
  describe("concurrent consent changes", () => {
    test("wait for each other, and leave no row that neither would", async () => {
      const url = db.ownerUrl;
      if (!url) throw new Error("no owner URL on PostgreSQL");
      const first = postgres(url, { max: 1, onnotice: () => {} });
      const second = postgres(url, { max: 1, onnotice: () => {} });
      try {
        // The first session gives team A2 P1's alerts and holds its transaction open; meanwhile the
        // second takes nurse A2 out of team A2. Recomputed from snapshots that each miss the other's
        // change, nurse A2 would keep P1's alerts; the second must wait for the first to commit.
        const held = signal();
        const granted = signal();
        const firstDone = first.begin(async (tx) => {
          await tx`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
                   values (${PATIENT.P1}, ${TEAM.A2}, 'allow', '{alerts}')`;
          granted.resolve();
          await held.promise;
        });
        await granted.promise;
        let secondFinished = false;
        const secondDone = second
          .begin(
            (tx) => tx`delete from staff_memberships where user_id = ${USER.nurseA2} and care_team_id = ${TEAM.A2}`,
          )
          .then(() => {
            secondFinished = true;
          });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const waited = !secondFinished;
        held.resolve();
        await firstDone;
        await secondDone;

        expect(waited).toBe(true);
        expect(await readable(USER.nurseA2, "alerts")).toEqual([]);
        await expectUpToDate();
      } finally {
        await owner((o) =>
          o.execute(sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
                        values (${USER.nurseA2}, ${ORG.A}, ${TEAM.A2}, 'nurse') on conflict do nothing`),
        );
        await owner((o) =>
          o.execute(
            sql`delete from consent_rules where patient_id = ${PATIENT.P1} and grantee_care_team_id = ${TEAM.A2}`,
          ),
        );
        await Promise.all([first.end(), second.end()]);
      }
      expect(await readable(USER.nurseA2, "alerts")).toEqual([PATIENT.P3]);
    });
  });
}
