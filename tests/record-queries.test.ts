/**
 * The patient record's query shape, which keeps it fast as the database grows: a record's data (180
 * days of daily reports with their grades and answers, alerts with their history, the plan with its
 * cycles) is read in a fixed handful of statements whatever the size of the record (no N+1), and
 * every one of them can be served by an index. How fast it is, is measured by `npm run bench`.
 *
 * The data is generated inside the database with generate_series: RECORD_TEST_PATIENTS patients
 * (default 12) in two care teams, each with 180 days of daily reports (8 graded symptoms, 16
 * answers), an alert every 20 days with its events, and a plan of 6 cycles with 3 versions.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { appendAuditEvent } from "../db/queries/audit";
import { findViewerConsent } from "../db/queries/consent";
import { loadPatientRecord } from "../db/queries/record";
import { currentPlanQuery } from "../db/queries/treatment-plans";
import { runWithRls } from "../db/rls";
import { rowsOf } from "./support/database";
import { CATEGORIES, fixtureId } from "./support/fixtures";
import { consentToOwnTeams, insertOrganisationWithNurse } from "./support/generated-org";
import { suiteDatabase } from "./support/suite-database";

const PATIENTS = Number(process.env.RECORD_TEST_PATIENTS ?? 12);
const DAYS = 180;
const ORG = fixtureId("bench:org");
const TEAMS = [fixtureId("bench:team:1"), fixtureId("bench:team:2")];
const NURSE = fixtureId("bench:nurse");
/** The generated ids are md5-shaped uuids: patient i is md5('patient:' || i). */
const patientSql = (i: string) => sql.raw(`md5('patient:' || ${i})::uuid`);

const db = suiteDatabase("record_performance", { fixtures: false });
let measured: string;
let small: string;

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    await insertOrganisationWithNurse(owner, { id: ORG, name: "Bench", teams: TEAMS, nurse: NURSE });
    // Patients alternate between the teams; every one consents to their team.
    await owner.execute(sql`insert into patients (id, organisation_id, hospital_number, given_name, family_name,
        date_of_birth, diagnosis, primary_care_team_id)
      select ${patientSql("i")}, ${ORG}, 'B' || lpad(i::text, 7, '0'), 'Given' || i, 'Family' || i,
             date '1950-01-01' + (i * 37 % 9000), 'Breast cancer',
             case when i % 2 = 0 then ${TEAMS[0]}::uuid else ${TEAMS[1]}::uuid end
      from generate_series(1, ${PATIENTS}) as i`);
    await consentToOwnTeams(owner, ORG);
    // One report a day for 180 days, stored as they would arrive: day by day, each report's grades and answers together.
    await owner.execute(sql`insert into symptom_reports (id, patient_id, source, reported_at, temperature_c, note, created_at)
      select md5('report:' || i || ':' || d)::uuid, ${patientSql("i")}, 'patient',
             now() - make_interval(days => d, hours => (i + d) % 6),
             case when d % 3 = 0 then 36.4 + ((i * 7 + d) % 18) / 10.0 end,
             case when d % 9 = 0 then 'Tired today' end,
             now() - make_interval(days => d)
      from generate_series(${DAYS - 1}, 0, -1) as d, generate_series(1, ${PATIENTS}) as i`);
    const symptoms = sql.raw(
      `'{nausea,vomiting,diarrhoea,mouth_sores,decreased_appetite,fatigue,numbness_tingling,shaking_chills}'::text[]`,
    );
    await owner.execute(sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
      select r.id, r.patient_id, s.symptom, ((abs(hashtext(r.id::text || s.symptom)) % 10) / 3)::smallint, r.reported_at
      from symptom_reports r cross join unnest(${symptoms}) with ordinality as s(symptom, n)
      order by r.created_at, r.patient_id, s.n`);
    await owner.execute(sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
      select r.id, r.patient_id, s.symptom, a.attribute, (abs(hashtext(r.id::text || s.symptom || a.attribute)) % 4)::smallint
      from symptom_reports r cross join unnest(${symptoms}) with ordinality as s(symptom, n)
        cross join unnest('{frequency,severity}'::text[]) with ordinality as a(attribute, m)
      order by r.created_at, r.patient_id, s.n, a.m`);
    // An alert every 20 days; older ones resolved, with their events.
    await owner.execute(sql`insert into alerts (id, patient_id, care_team_id, report_id, severity, reasons, status, raised_at, due_at,
        acknowledged_by, acknowledged_at, resolved_by, resolved_at, outcome_codes)
      select md5('alert:' || r.id)::uuid, r.patient_id, p.primary_care_team_id, r.id,
             case when extract(day from r.reported_at)::int % 2 = 0 then 'red' else 'amber' end::alert_severity,
             '{Nausea grade 3}', case when r.reported_at < now() - interval '10 days' then 'resolved' else 'open' end::alert_status,
             r.reported_at, r.reported_at + interval '4 hours',
             case when r.reported_at < now() - interval '10 days' then ${NURSE}::uuid end,
             case when r.reported_at < now() - interval '10 days' then r.reported_at + interval '20 minutes' end,
             case when r.reported_at < now() - interval '10 days' then ${NURSE}::uuid end,
             case when r.reported_at < now() - interval '10 days' then r.reported_at + interval '1 hour' end,
             case when r.reported_at < now() - interval '10 days' then '{self_care_advice}'::text[] else '{}'::text[] end
      from symptom_reports r join patients p on p.id = r.patient_id
      where abs(hashtext(r.id::text)) % 20 = 0`);
    await owner.execute(sql`insert into alert_events (alert_id, patient_id, user_id, kind, note, outcome_codes, created_at)
      select a.id, a.patient_id, ${NURSE}, e.kind, case when e.kind = 'resolved' then 'Phoned; advice given.' end,
             case when e.kind = 'resolved' then a.outcome_codes end,
             a.raised_at + case when e.kind = 'resolved' then interval '1 hour' else interval '20 minutes' end
      from alerts a cross join unnest('{acknowledged,resolved}'::text[]) as e(kind)
      where a.status = 'resolved'`);
    // A plan of six 21-day cycles, the first 175 days ago, with three versions.
    await owner.execute(sql`insert into treatment_plans (id, patient_id, regimen, drugs, intent, cycle_length_days, planned_cycles,
        start_date, version, updated_by)
      select md5('plan:' || i)::uuid, ${patientSql("i")}, 'EC', '{epirubicin,cyclophosphamide}', 'adjuvant', 21, 6,
             current_date - 175, 3, ${NURSE}
      from generate_series(1, ${PATIENTS}) as i`);
    await owner.execute(sql`insert into treatment_cycles (plan_id, patient_id, cycle_number, planned_date, given_date, dose_percent, status)
      select md5('plan:' || i)::uuid, ${patientSql("i")}, c, current_date - 175 + (c - 1) * 21,
             current_date - 175 + (c - 1) * 21, case when c > 3 then 80 else 100 end, 'given'
      from generate_series(1, ${PATIENTS}) as i, generate_series(1, 6) as c`);
    await owner.execute(sql`insert into treatment_plan_versions (plan_id, patient_id, version, changed_by, reason, previous, current)
      select md5('plan:' || i)::uuid, ${patientSql("i")}, v, ${NURSE}, 'Bench', case when v > 1 then '{"regimen":"EC"}'::jsonb end,
             '{"regimen":"EC"}'::jsonb
      from generate_series(1, ${PATIENTS}) as i, generate_series(1, 3) as v`);
    await owner.execute(sql`analyze`);
    const [{ id }] = await rowsOf<{ id: string }>(
      owner,
      sql`select ${patientSql(String(PATIENTS - (PATIENTS % 2)))}::text as id`,
    );
    measured = id;
    // A patient of the same team with only a few reports, to compare statement counts.
    await owner.execute(sql`insert into patients (id, organisation_id, hospital_number, given_name, family_name, date_of_birth,
        diagnosis, primary_care_team_id) values (${fixtureId("bench:small")}, ${ORG}, 'SMALL01', 'Small', 'Record',
        '1970-01-01', 'Lymphoma', ${TEAMS[0]})`);
    await owner.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
      values (${fixtureId("bench:small")}, ${TEAMS[0]}, 'allow', '{symptoms,treatment,alerts,demographics}')`);
    await owner.execute(sql`insert into symptom_reports (patient_id, source, reported_at)
      select ${fixtureId("bench:small")}, 'patient', now() - make_interval(days => d) from generate_series(0, 2) as d`);
    await owner.execute(sql`insert into treatment_plans (patient_id, regimen, drugs, intent, cycle_length_days, planned_cycles,
        start_date, updated_by)
      values (${fixtureId("bench:small")}, 'R-CHOP', '{rituximab}', 'curative', 21, 6, current_date - 3, ${NURSE})`);
    small = fixtureId("bench:small");
  });
}, 15 * 60_000);

/** Counts the statements a piece of work sends (both drivers go through execute or a builder's execute). */
function counting(tx: Tx): { tx: Tx; count: () => number } {
  let n = 0;
  const session = (tx as unknown as { session: Record<string, unknown> }).session;
  const original = {
    execute: session.execute as (...a: unknown[]) => unknown,
    prepareQuery: session.prepareQuery as (...a: unknown[]) => unknown,
  };
  session.prepareQuery = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.prepareQuery.apply(this, args);
  };
  return {
    tx,
    count: () => {
      session.prepareQuery = original.prepareQuery;
      return n;
    },
  };
}

/** What the record page does in its transaction: the consent facts, the record's data, the audit event. */
async function openRecord(patientId: string) {
  return runWithRls(db.runtime, { userId: NURSE, actingRole: "nurse" }, async (tx) => {
    const consent = await findViewerConsent(tx, { patientId, userId: NURSE });
    expect(consent?.rules.length).toBe(1);
    const record = await loadPatientRecord(tx, {
      patientId,
      viewerId: NURSE,
      readable: [...CATEGORIES],
      now: new Date(),
    });
    await appendAuditEvent(tx, {
      action: "patient_record_viewed",
      actorUserId: NURSE,
      actorRole: "nurse",
      organisationId: ORG,
      patientId,
      resourceType: "patient",
      resourceId: patientId,
      outcome: "allowed",
    });
    return record;
  });
}

describe("the patient record with a large database", () => {
  test("reads 180 days of reports, grades, answers, alerts and the plan", async () => {
    const record = await openRecord(measured);
    expect(record.timeline?.reports.length).toBeGreaterThanOrEqual(DAYS - 1);
    expect(record.timeline?.reports[0].grades).toHaveLength(8);
    expect(record.reports).toHaveLength(10);
    expect(record.reports?.[0].answers).toHaveLength(16);
    expect(record.alerts?.length).toBeGreaterThan(0);
    expect(record.alerts?.some((a) => a.events.length === 2)).toBe(true);
    expect(record.plan?.cycles).toHaveLength(6);
  });

  test("in a fixed number of statements, whatever the size of the record (no N+1)", async () => {
    const counts: number[] = [];
    for (const patientId of [measured, small]) {
      await runWithRls(db.runtime, { userId: NURSE }, async (tx) => {
        const probe = counting(tx);
        await loadPatientRecord(probe.tx, { patientId, viewerId: NURSE, readable: [...CATEGORIES], now: new Date() });
        counts.push(probe.count());
      });
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(8);
  });

  test("every query of the record can be served by an index: no sequential scan of a table that grows with reports", async () => {
    const since = new Date(Date.now() - DAYS * 86_400_000).toISOString();
    const queries = [
      sql`select r.id, g.grade from symptom_reports r
          left join symptom_grades g on g.patient_id = r.patient_id and g.report_id = r.id and g.reported_at >= ${since}::timestamptz
          where r.patient_id = ${measured} and r.reported_at >= ${since}::timestamptz order by r.reported_at, r.id`,
      sql`select r.id, (select json_agg(a.value) from symptom_answers a where a.patient_id = r.patient_id and a.report_id = r.id) from symptom_reports r
          where r.patient_id = ${measured} order by r.reported_at desc, r.id desc limit 11`,
      sql`select a.id, (select json_agg(e.kind) from alert_events e where e.alert_id = a.id) from alerts a
          where a.patient_id = ${measured} and (a.raised_at >= ${since}::timestamptz or a.status <> 'resolved')`,
      currentPlanQuery(measured),
    ];
    // The tables that grow with every report. (Plans and cycles are one per patient.) On a small
    // database a sequential scan is the planner's cheaper choice, so it is priced out: a scan that
    // remains is one no index can replace.
    const large = /Seq Scan on (symptom_reports|symptom_grades|symptom_answers|alerts|alert_events)\b/;
    for (const query of queries) {
      const plan = await runWithRls(db.runtime, { userId: NURSE }, (tx) =>
        tx
          .execute(sql`set local enable_seqscan = off`)
          .then(() => rowsOf<{ "QUERY PLAN": string }>(tx, sql`explain ${query}`)),
      );
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text, text).not.toMatch(large);
    }
  });
});
