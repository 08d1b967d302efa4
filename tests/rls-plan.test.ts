/**
 * What a clinical table's SELECT policy costs must not grow with how many patients the viewer may
 * read. A nurse of a large team may read thousands of patients; opening one patient's record must
 * still read only that patient's rows. A policy written as `patient_id = ANY (<every readable
 * patient>)` lets the planner use the list as an index condition on patient_id, and then every
 * answer or grade of the whole team is fetched (and thrown away) for every report of the record.
 *
 * The data is generated with generate_series as the owner: PATIENTS patients in the nurse's team
 * (all consenting) and as many in another, a few reports each with their grades and answers, and
 * one patient with 60 days of reports. Each statement of the record is then run under EXPLAIN
 * (ANALYZE, FORMAT JSON) as the nurse, and no index scan on patient_id may return more rows than
 * the patient has. PGlite gets a smaller team (the same assertion, over less data).
 */
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectPostgres, type Database, type Tx } from "../db/client";
import { loadPatientRecord } from "../db/queries/record";
import { runWithRls } from "../db/rls";
import { createTestDatabase, rowsOf, TEST_ENGINE, type TestDatabase } from "./support/database";
import { CATEGORIES, fixtureId } from "./support/fixtures";
import { consentToOwnTeams, insertOrganisationWithNurse } from "./support/generated-org";

const PATIENTS = TEST_ENGINE === "postgres" ? 2000 : 200;
const ORG = fixtureId("rlsplan:org");
const TEAMS = [fixtureId("rlsplan:team:1"), fixtureId("rlsplan:team:2")];
const NURSE = fixtureId("rlsplan:nurse");
const MEASURED = fixtureId("rlsplan:measured");
const CLINICAL = ["symptom_reports", "symptom_answers", "symptom_grades", "alerts", "alert_events"];

let db: TestDatabase;
/** The measured patient's own rows in each clinical table. */
let own: Record<string, number>;

beforeAll(async () => {
  db = await createTestDatabase("rls_plan");
  await db.asOwner(async (owner) => {
    await insertOrganisationWithNurse(owner, { id: ORG, name: "Plan", teams: TEAMS, nurse: NURSE });
    await owner.execute(sql`insert into patients (id, organisation_id, hospital_number, given_name, family_name,
        date_of_birth, diagnosis, primary_care_team_id)
      select md5('rlsplan:' || i)::uuid, ${ORG}::uuid, 'P' || lpad(i::text, 7, '0'), 'Given' || i, 'Family' || i,
             date '1950-01-01' + (i * 37 % 9000), 'Breast cancer',
             case when i % 2 = 0 then ${TEAMS[0]}::uuid else ${TEAMS[1]}::uuid end
      from generate_series(1, ${PATIENTS * 2}) as i
      union all
      select ${MEASURED}::uuid, ${ORG}::uuid, 'MEASURED', 'Measured', 'Patient', date '1960-01-01', 'Lymphoma', ${TEAMS[0]}::uuid`);
    await consentToOwnTeams(owner, ORG);
    // Every patient: a report every 12 days for 60 days. The measured patient: one a day.
    await owner.execute(sql`insert into symptom_reports (id, patient_id, source, reported_at, temperature_c)
      select md5('rlsplan:report:' || p.id || ':' || d)::uuid, p.id, 'patient',
             now() - make_interval(days => d, hours => abs(hashtext(p.id::text)) % 6), 36.8
      from patients p cross join generate_series(59, 0, -1) as d
      where p.organisation_id = ${ORG} and (p.id = ${MEASURED} or d % 12 = 0)`);
    const symptoms = sql.raw(
      `'{nausea,vomiting,diarrhoea,mouth_sores,decreased_appetite,fatigue,numbness_tingling,shaking_chills}'::text[]`,
    );
    await owner.execute(sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
      select r.id, r.patient_id, s.symptom, ((abs(hashtext(r.id::text || s.symptom)) % 10) / 3)::smallint, r.reported_at
      from symptom_reports r cross join unnest(${symptoms}) as s(symptom)`);
    await owner.execute(sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
      select r.id, r.patient_id, s.symptom, a.attribute, (abs(hashtext(r.id::text || s.symptom || a.attribute)) % 4)::smallint
      from symptom_reports r cross join unnest(${symptoms}) as s(symptom)
        cross join unnest('{frequency,severity}'::text[]) as a(attribute)`);
    // A patient has at most one active alert: each patient's latest is open (unless one already is),
    // the earlier ones resolved.
    await owner.execute(sql`insert into alerts (id, patient_id, care_team_id, report_id, severity, reasons, status, raised_at, due_at)
      select md5('rlsplan:alert:' || r.id)::uuid, r.patient_id, p.primary_care_team_id, r.id, 'amber', '{Nausea grade 3}',
             case when row_number() over (partition by r.patient_id order by r.reported_at desc) = 1
                       and not exists (select 1 from alerts x where x.patient_id = r.patient_id and x.status <> 'resolved')
                  then 'open' else 'resolved' end::alert_status,
             r.reported_at, r.reported_at + interval '4 hours'
      from symptom_reports r join patients p on p.id = r.patient_id
      where abs(hashtext(r.id::text)) % 5 = 0`);
    await owner.execute(sql`analyze`);
    own = {};
    for (const table of CLINICAL) {
      const [row] = await rowsOf<{ n: number }>(
        owner,
        sql`select count(*)::int as n from ${sql.identifier(table)} where patient_id = ${MEASURED}`,
      );
      own[table] = row.n;
    }
  });
}, 10 * 60_000);

afterAll(async () => {
  await db?.close();
}, 5 * 60_000);

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

function* nodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodes(child);
}

/** Every statement `work` sends, as the JSON plan of its EXPLAIN ANALYZE, run as the nurse under RLS. */
async function plansOf(work: (tx: Tx) => Promise<unknown>): Promise<PlanNode[]> {
  const plans: PlanNode[] = [];
  await runWithRls(db.runtime, { userId: NURSE, actingRole: "nurse" }, async (tx) => {
    const explaining = new Proxy(tx, {
      get(target, property, receiver) {
        if (property !== "execute") return Reflect.get(target, property, receiver);
        return async (query: SQL) => {
          const [row] = await rowsOf<{ "QUERY PLAN": unknown }>(target, sql`explain (analyze, format json) ${query}`);
          const json = row["QUERY PLAN"];
          const parsed = (typeof json === "string" ? JSON.parse(json) : json) as { Plan: PlanNode }[];
          plans.push(parsed[0].Plan);
          return target.execute(query);
        };
      },
    });
    await work(explaining);
  });
  return plans;
}

/** The table an index belongs to: the indexes are named <table>_<columns>_index or <table>_pkey. */
const tableOfIndex = (index: string) => CLINICAL.find((t) => index.startsWith(`${t}_`));

describe("row-level security on a clinical table, for a nurse of a large team", () => {
  test("opening one record reads no more rows by patient_id than the patient has", async () => {
    expect(own.symptom_answers).toBe(60 * 16);
    const plans = await plansOf((tx) =>
      loadPatientRecord(tx, { patientId: MEASURED, viewerId: NURSE, readable: [...CATEGORIES], now: new Date() }),
    );
    expect(plans.length).toBeGreaterThan(3);
    const wide: string[] = [];
    for (const plan of plans) {
      for (const node of nodes(plan)) {
        const cond = node["Index Cond"];
        const index = node["Index Name"];
        if (typeof cond !== "string" || typeof index !== "string" || !/\bpatient_id\b/.test(cond)) continue;
        const table = tableOfIndex(index);
        if (!table) continue;
        const rows = Number(node["Actual Rows"]);
        if (rows > own[table])
          wide.push(`${node["Node Type"]} on ${index} (${cond}): ${rows} rows, the patient has ${own[table]}`);
      }
    }
    expect(wide).toEqual([]);
  });
});

describe("consent for the rows of one patient's record", () => {
  type Calls = { consentAllows: number; consentedSet: number; rows: number };

  /**
   * Calls of the consent functions made by loading the record, read from
   * pg_stat_xact_user_functions in the same transaction. Counting needs track_functions, which only
   * a superuser may set: for the database on PostgreSQL (a new connection picks it up), for the one
   * session on PGlite.
   */
  async function consentCalls(patientId: string | null): Promise<Calls> {
    const owned = db.engine === "postgres" && db.runtimeUrl ? connectPostgres(db.runtimeUrl, { max: 1 }) : null;
    const runtime: Database = owned?.db ?? db.runtime;
    try {
      return await runWithRls(runtime, { userId: NURSE, actingRole: "nurse", patientId }, async (tx) => {
        const record = await loadPatientRecord(tx, {
          patientId: MEASURED,
          viewerId: NURSE,
          readable: [...CATEGORIES],
          now: new Date(),
        });
        const calls = await rowsOf<{ funcname: string; calls: number }>(
          tx,
          sql`select funcname, sum(calls)::int as calls from pg_stat_xact_user_functions
              where schemaname = 'app' group by funcname`,
        );
        const of = (name: string) => calls.find((c) => c.funcname === name)?.calls ?? 0;
        return {
          consentAllows: of("consent_allows"),
          consentedSet: of("consented_patient_ids"),
          rows: record.timeline?.reports.reduce((n, r) => n + r.grades.length, 0) ?? 0,
        };
      });
    } finally {
      await owned?.close();
    }
  }

  beforeAll(async () => {
    await db.asOwner(async (owner) => {
      if (db.engine === "postgres") {
        const [{ name }] = await rowsOf<{ name: string }>(owner, sql`select current_database() as name`);
        await owner.execute(sql.raw(`alter database ${name} set track_functions = 'pl'`));
      } else {
        await owner.execute(sql`set track_functions = 'pl'`);
      }
    });
  });

  // Asked per row, the count is at least the number of rows (877 calls for 480 grades). Asked per
  // statement it is a few per statement: the set of every patient the nurse may read is built
  // where a plan checks rows the request's patient does not cover (and again for each run of a
  // correlated subquery), so the bound is a fraction of the rows rather than an exact count.
  test("are asked per statement, not once per row", async () => {
    for (const patientId of [MEASURED, null]) {
      const calls = await consentCalls(patientId);
      expect(calls.rows).toBeGreaterThan(400);
      expect(calls.consentAllows + calls.consentedSet, JSON.stringify(calls)).toBeLessThan(calls.rows / 8);
    }
  });
});
