/**
 * The access matrix: every role × every patient-data table × SELECT / INSERT / UPDATE / DELETE,
 * each cell an explicit expectation and its own test case, run as the runtime role through
 * runWithRls against the fixture world (tests/support/fixtures.ts).
 *
 * Where the expectations come from (the rules, not the code):
 * - A staff member reads a category of a patient only with a clinical role (oncologist, nurse) in
 *   the patient's organisation, an active allow rule covering them (directly or through a care team
 *   they hold a clinical role in) and no active deny rule covering them: deny overrides allow.
 *   patients = demographics; symptom_* = symptoms; alert* = alerts; treatment_* = treatment.
 * - A patient always reads their own record. An admin without a clinical role reads no clinical
 *   data. Nobody reads another team's or organisation's patients, and without a valid user context
 *   nobody reads anything. A denied read is zero rows, never an error.
 * - Writes: nobody writes where they may not read, and clinical records are never deleted. Within
 *   that, as the migration documents: a patient submits their own reports (and the alert the same
 *   transaction raises) but does not edit demographics or clinical records; clinicians with consent
 *   for a category write it; clinicians enrol patients into their own organisation; only the patient
 *   grants, narrows or revokes consent (staff record only the enrolment rule, tested at the end);
 *   device tokens are the patient's alone; a clinician of the patient's organisation opens an
 *   emergency access for themself and nobody changes one; consent rules are visible with the record
 *   (demographics); emergency accesses are visible to the clinician who opened them and the patient
 *   (the organisation's admins list them without the reason, through a function); audit events are
 *   append-only, each names its own actor and its own organisation (staff may name any patient:
 *   denied attempts are audited too; a patient's account names only its own record), and are read
 *   by the patient they are about and, for events naming no patient, the organisation's admins.
 * - A denied write is a permission / row-level security error (SQLSTATE 42501) or zero rows
 *   affected, and the table is unchanged afterwards, checked as the owner. Allowed writes are rolled
 *   back, so every cell starts from the same data.
 */
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { rowsOf } from "./support/database";
import {
  affectedRows,
  as,
  ORG,
  PATIENT,
  PATIENT_DATA_TABLES,
  PATIENT_HOME,
  PATIENT_KEYS,
  type PatientKey,
  PERMISSION_DENIED,
  patientKeyOf,
  RECORDS,
  sqlMessage,
  sqlState,
  TEAM,
  USER,
} from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const ROLES = [
  "oncologist",
  "nurse",
  "adminOnly",
  "adminClinical",
  "patient",
  "otherTeam",
  "otherOrg",
  "noContext",
] as const;
type Role = (typeof ROLES)[number];

/** Who plays each role (see tests/support/fixtures.ts). */
const ACTOR: Record<Role, string | null> = {
  oncologist: USER.oncologistA1, // team A1: P1, P2
  nurse: USER.nurseA1, // team A1, but P2 denies her symptoms
  adminOnly: USER.adminA, // admin of A, no clinical role
  adminClinical: USER.adminOncologistA, // admin of A and oncologist in team A1
  patient: USER.patientP1, // patient P1's own account
  otherTeam: USER.nurseA2, // team A2: P3
  otherOrg: USER.nurseB, // organisation B: P4
  noContext: null, // no user context at all
};

const TABLES = PATIENT_DATA_TABLES;
type Table = (typeof TABLES)[number];

// SELECT: whose rows each role sees. Px = rows of patient Px; orgA = audit events naming no patient,
// of organisation A; "-" = nothing (zero rows, no error).
const SELECT = matrix(`
| table                   | oncologist | nurse  | adminOnly | adminClinical | patient | otherTeam | otherOrg | noContext |
| patients                | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| consent_rules           | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| symptom_reports         | P1 P2      | P1     | -         | P1 P2         | P1      | P3        | P4       | -         |
| symptom_answers         | P1 P2      | P1     | -         | P1 P2         | P1      | P3        | P4       | -         |
| symptom_grades          | P1 P2      | P1     | -         | P1 P2         | P1      | P3        | P4       | -         |
| alerts                  | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| alert_events            | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| alert_reports           | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| treatment_plans         | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| treatment_cycles        | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| treatment_cycle_doses   | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| treatment_plan_versions | P1 P2      | P1 P2  | -         | P1 P2         | P1      | P3        | P4       | -         |
| emergency_accesses      | P3         | -      | -         | -             | P1      | P1 P2     | P4       | -         |
| device_tokens           | -          | -      | -         | -             | P1      | -         | -        | -         |
| audit_events            | -          | -      | orgA      | orgA          | P1      | -         | -        | -         |
`);
// (Fixture emergency accesses, all expired: on P1 and P2 by nurse A2, on P3 by oncologist A1, on P4 by nurse B.)

// INSERT: for which patients a new row is accepted. For `patients`, Px = enrolling a new patient into
// Px's organisation and care team. For `consent_rules`, an allow rule on Px for the caller's own care
// team (or Px's team for callers without one): self-granting access to an existing patient. For
// `audit_events`, an event by the caller about Px in Px's organisation.
const INSERT = matrix(`
| table                   | oncologist  | nurse       | adminOnly   | adminClinical | patient     | otherTeam   | otherOrg    | noContext |
| patients                | P1 P2 P3    | P1 P2 P3    | -           | P1 P2 P3      | -           | P1 P2 P3    | P4          | -         |
| consent_rules           | -           | -           | -           | -             | P1          | -           | -           | -         |
| symptom_reports         | P1 P2       | P1          | -           | P1 P2         | P1          | P3          | P4          | -         |
| symptom_answers         | P1 P2       | P1          | -           | P1 P2         | P1          | P3          | P4          | -         |
| symptom_grades          | P1 P2       | P1          | -           | P1 P2         | P1          | P3          | P4          | -         |
| alerts                  | P1 P2       | P1 P2       | -           | P1 P2         | P1          | P3          | P4          | -         |
| alert_events            | P1 P2       | P1 P2       | -           | P1 P2         | -           | P3          | P4          | -         |
| alert_reports           | P1 P2       | P1          | -           | P1 P2         | P1          | P3          | P4          | -         |
| treatment_plans         | P1 P2       | P1 P2       | -           | P1 P2         | -           | P3          | P4          | -         |
| treatment_cycles        | P1 P2       | P1 P2       | -           | P1 P2         | -           | P3          | P4          | -         |
| treatment_cycle_doses   | P1 P2       | P1 P2       | -           | P1 P2         | -           | P3          | P4          | -         |
| treatment_plan_versions | P1 P2       | P1 P2       | -           | P1 P2         | -           | P3          | P4          | -         |
| emergency_accesses      | P1 P2 P3    | P1 P2 P3    | -           | P1 P2 P3      | -           | P1 P2 P3    | P4          | -         |
| device_tokens           | -           | -           | -           | -             | P1          | -           | -           | -         |
| audit_events            | P1 P2 P3    | P1 P2 P3    | P1 P2 P3    | P1 P2 P3      | P1          | P1 P2 P3    | P4          | -         |
`);

// UPDATE: whose existing rows a harmless change reaches. Reports, answers, grades, alert events, alert reports,
// plan versions, emergency accesses and audit events are immutable (no UPDATE privilege at all).
const UPDATE = matrix(`
| table                   | oncologist | nurse  | adminOnly | adminClinical | patient | otherTeam | otherOrg | noContext |
| patients                | P1 P2      | P1 P2  | -         | P1 P2         | -       | P3        | P4       | -         |
| consent_rules           | -          | -      | -         | -             | P1      | -         | -        | -         |
| symptom_reports         | -          | -      | -         | -             | -       | -         | -        | -         |
| symptom_answers         | -          | -      | -         | -             | -       | -         | -        | -         |
| symptom_grades          | -          | -      | -         | -             | -       | -         | -        | -         |
| alerts                  | P1 P2      | P1 P2  | -         | P1 P2         | -       | P3        | P4       | -         |
| alert_events            | -          | -      | -         | -             | -       | -         | -        | -         |
| alert_reports           | -          | -      | -         | -             | -       | -         | -        | -         |
| treatment_plans         | P1 P2      | P1 P2  | -         | P1 P2         | -       | P3        | P4       | -         |
| treatment_cycles        | P1 P2      | P1 P2  | -         | P1 P2         | -       | P3        | P4       | -         |
| treatment_cycle_doses   | P1 P2      | P1 P2  | -         | P1 P2         | -       | P3        | P4       | -         |
| treatment_plan_versions | -          | -      | -         | -             | -       | -         | -        | -         |
| emergency_accesses      | -          | -      | -         | -             | -       | -         | -        | -         |
| device_tokens           | -          | -      | -         | -             | P1      | -         | -        | -         |
| audit_events            | -          | -      | -         | -             | -       | -         | -        | -         |
`);

// DELETE: nothing, by anyone.
const DELETE = matrix(`
| table                   | oncologist | nurse  | adminOnly | adminClinical | patient | otherTeam | otherOrg | noContext |
| patients                | -          | -      | -         | -             | -       | -         | -        | -         |
| consent_rules           | -          | -      | -         | -             | -       | -         | -        | -         |
| symptom_reports         | -          | -      | -         | -             | -       | -         | -        | -         |
| symptom_answers         | -          | -      | -         | -             | -       | -         | -        | -         |
| symptom_grades          | -          | -      | -         | -             | -       | -         | -        | -         |
| alerts                  | -          | -      | -         | -             | -       | -         | -        | -         |
| alert_events            | -          | -      | -         | -             | -       | -         | -        | -         |
| alert_reports           | -          | -      | -         | -             | -       | -         | -        | -         |
| treatment_plans         | -          | -      | -         | -             | -       | -         | -        | -         |
| treatment_cycles        | -          | -      | -         | -             | -       | -         | -        | -         |
| treatment_cycle_doses   | -          | -      | -         | -             | -       | -         | -        | -         |
| treatment_plan_versions | -          | -      | -         | -             | -       | -         | -        | -         |
| emergency_accesses      | -          | -      | -         | -             | -       | -         | -        | -         |
| device_tokens           | -          | -      | -         | -             | -       | -         | -        | -         |
| audit_events            | -          | -      | -         | -             | -       | -         | -        | -         |
`);

/** Parses one of the tables above into table → role → sorted labels. */
function matrix(text: string): Record<Table, Record<Role, string[]>> {
  const lines = text
    .trim()
    .split("\n")
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((cell) => cell.trim()),
    );
  const [header, ...rows] = lines;
  if (header.slice(1).join() !== ROLES.join()) throw new Error(`matrix header must list the roles: ${header.join()}`);
  const out = {} as Record<Table, Record<Role, string[]>>;
  for (const [table, ...cells] of rows) {
    if (!TABLES.includes(table as Table)) throw new Error(`unknown table in matrix: ${table}`);
    if (cells.length !== ROLES.length) throw new Error(`matrix row ${table} has ${cells.length} cells`);
    out[table as Table] = Object.fromEntries(
      ROLES.map((role, i) => [role, cells[i] === "-" ? [] : cells[i].split(/\s+/).sort()]),
    ) as Record<Role, string[]>;
  }
  const missing = TABLES.filter((t) => !(t in out));
  if (missing.length) throw new Error(`matrix is missing tables: ${missing.join()}`);
  return out;
}

const show = (labels: string[]) => (labels.length ? labels.join(" ") : "-");

// ---------------------------------------------------------------------------------------------
// What each operation does, per table, for the row(s) of target patient `p`.

const orgLabel = (id: string) => (id === ORG.A ? "orgA" : id === ORG.B ? "orgB" : id);

/** The patient (or, for audit events naming none, the organisation) of every visible row. */
function selectOwners(table: Table): SQL {
  if (table === "patients") return sql`select id as patient_id, null::uuid as organisation_id from patients`;
  if (table === "audit_events") return sql`select patient_id, organisation_id from audit_events`;
  return sql`select patient_id, null::uuid as organisation_id from ${sql.identifier(table)}`;
}

/** The care team a caller would grant themself in a consent rule. */
const OWN_TEAM: Record<Role, string | null> = {
  oncologist: TEAM.A1,
  nurse: TEAM.A1,
  adminOnly: null,
  adminClinical: TEAM.A1,
  patient: null,
  otherTeam: TEAM.A2,
  otherOrg: TEAM.B1,
  noContext: null,
};

let serial = 0;
function insertRow(table: Table, p: PatientKey, role: Role): SQL {
  const patient = PATIENT[p];
  const r = RECORDS[p];
  const home = PATIENT_HOME[p];
  // Rows that must name a user name the caller; without a context, a forged name.
  const actor = ACTOR[role] ?? USER.oncologistA1;
  const n = ++serial;
  switch (table) {
    case "patients":
      return sql`insert into patients (organisation_id, hospital_number, given_name, family_name, date_of_birth, diagnosis, primary_care_team_id)
        values (${home.org}, ${`NEW-${n}`}, 'New', 'Patient', '1970-01-01', 'Lymphoma', ${home.team})`;
    case "consent_rules":
      return sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
        values (${patient}, ${OWN_TEAM[role] ?? home.team}, 'allow', '{symptoms,treatment,alerts,demographics}')`;
    case "symptom_reports":
      return sql`insert into symptom_reports (patient_id, source, submitted_by) values (${patient}, 'patient', ${ACTOR[role]})`;
    case "symptom_answers":
      return sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
        values (${r.report}, ${patient}, 'fatigue', 'severity', 1)`;
    case "symptom_grades":
      return sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
        values (${r.report}, ${patient}, 'fatigue', 1, now())`;
    case "alerts":
      // Resolved: the patient's fixture alert is their active one, and a patient has one at a time.
      return sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, due_at, status)
        values (${patient}, ${home.team}, ${r.spareReport}, 'red', '{fever}', now() + interval '1 hour', 'resolved')`;
    case "alert_reports":
      // Linking a report to the patient's alert: both must be visible to the caller.
      return sql`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes)
        values (${r.spareReport}, ${r.alert}, ${patient}, 'red', '{fever}', 30)`;
    case "alert_events":
      return sql`insert into alert_events (alert_id, patient_id, user_id, kind, note)
        values (${r.alert}, ${patient}, ${actor}, 'note', 'called the patient')`;
    case "treatment_plans":
      return sql`insert into treatment_plans (patient_id, regimen, drugs, intent, cycle_length_days, planned_cycles, start_date)
        values (${patient}, 'FOLFOX', '{oxaliplatin}', 'palliative', 14, 12, '2026-03-02')`;
    case "treatment_cycles":
      return sql`insert into treatment_cycles (plan_id, patient_id, cycle_number, planned_date)
        values (${r.plan}, ${patient}, 2, '2026-01-26')`;
    case "treatment_cycle_doses":
      return sql`insert into treatment_cycle_doses (cycle_id, patient_id, agent, dose_percent, reason)
        values (${r.cycle}, ${patient}, 'cyclophosphamide', 80, 'Neutropenia')`;
    case "treatment_plan_versions":
      return sql`insert into treatment_plan_versions (plan_id, patient_id, version, changed_by, current)
        values (${r.plan}, ${patient}, 2, ${actor}, '{}'::jsonb)`;
    case "emergency_accesses":
      return sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
        values (${actor}, ${patient}, 'Patient collapsed in clinic', now() + interval '1 hour')`;
    case "device_tokens":
      return sql`insert into device_tokens (patient_id, name, token_hash) values (${patient}, 'Tablet', ${`new-token-${n}`})`;
    case "audit_events":
      return sql`insert into audit_events (organisation_id, actor_user_id, action, patient_id, outcome)
        values (${home.org}, ${ACTOR[role]}, 'record_viewed', ${patient}, 'allowed')`;
  }
}

function updateRow(table: Table, p: PatientKey): SQL {
  const patient = PATIENT[p];
  switch (table) {
    case "patients":
      return sql`update patients set diagnosis = 'Changed' where id = ${patient}`;
    case "consent_rules":
      return sql`update consent_rules set revoked_at = now() where patient_id = ${patient}`;
    case "symptom_reports":
      return sql`update symptom_reports set note = 'Changed' where patient_id = ${patient}`;
    case "symptom_answers":
      return sql`update symptom_answers set value = 0 where patient_id = ${patient}`;
    case "symptom_grades":
      return sql`update symptom_grades set grade = 0 where patient_id = ${patient}`;
    case "alerts":
      return sql`update alerts set status = 'acknowledged', version = 2 where patient_id = ${patient}`;
    case "alert_events":
      return sql`update alert_events set note = 'Changed' where patient_id = ${patient}`;
    case "alert_reports":
      return sql`update alert_reports set reasons = '{}' where patient_id = ${patient}`;
    case "treatment_plans":
      return sql`update treatment_plans set regimen = 'Changed' where patient_id = ${patient}`;
    case "treatment_cycles":
      return sql`update treatment_cycles set reason = 'Changed' where patient_id = ${patient}`;
    case "treatment_cycle_doses":
      return sql`update treatment_cycle_doses set reason = 'Changed' where patient_id = ${patient}`;
    case "treatment_plan_versions":
      return sql`update treatment_plan_versions set reason = 'Changed' where patient_id = ${patient}`;
    case "emergency_accesses":
      return sql`update emergency_accesses set expires_at = now() + interval '1 day' where patient_id = ${patient}`;
    case "device_tokens":
      return sql`update device_tokens set name = 'Changed' where patient_id = ${patient}`;
    case "audit_events":
      return sql`update audit_events set action = 'changed' where patient_id = ${patient}`;
  }
}

function deleteRow(table: Table, p: PatientKey): SQL {
  if (table === "patients") return sql`delete from patients where id = ${PATIENT[p]}`;
  return sql`delete from ${sql.identifier(table)} where patient_id = ${PATIENT[p]}`;
}

// ---------------------------------------------------------------------------------------------

const db = suiteDatabase("access_matrix");

class Rollback extends Error {}
type Outcome = "written" | "zero rows" | "refused";

/** Runs one write as `userId`; a write that reached any row is rolled back, so the data stays as it was. */
async function attempt(userId: string | null, statement: SQL): Promise<Outcome> {
  try {
    await as(db, userId, async (tx: Tx) => {
      const n = affectedRows(await tx.execute(statement));
      if (n > 0) throw new Rollback();
    });
    return "zero rows";
  } catch (error) {
    if (error instanceof Rollback) return "written";
    if (sqlState(error) === PERMISSION_DENIED) return "refused";
    throw new Error(`unexpected error (not a permission error): ${sqlMessage(error)}`);
  }
}

async function snapshot(table: Table): Promise<string> {
  const [row] = await db.asOwner((owner) =>
    rowsOf<{ digest: string; n: number }>(
      owner,
      sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as n
          from ${sql.identifier(table)} t`,
    ),
  );
  return `${row.n}:${row.digest}`;
}

/** One case per (table, role), as [op, table, role] so the test name reads "SELECT patients as nurse". */
const cells = (op: string) =>
  TABLES.flatMap((table) => ROLES.map((role) => [op, table, role] as [string, Table, Role]));

describe("SELECT", () => {
  test.each(cells("SELECT"))("%s %s as %s", async (_op, table, role) => {
    const expected = SELECT[table][role];
    const rows = await as(db, ACTOR[role], (tx) =>
      rowsOf<{ patient_id: string | null; organisation_id: string | null }>(tx, selectOwners(table)),
    );
    const seen = [
      ...new Set(rows.map((r) => (r.patient_id ? patientKeyOf(r.patient_id) : orgLabel(r.organisation_id ?? "?")))),
    ].sort();
    expect(show(seen), `${table} rows visible to ${role}`).toBe(show(expected));
  });
});

describe.each([
  { op: "INSERT", expectations: INSERT, statement: insertRow },
  { op: "UPDATE", expectations: UPDATE, statement: (t: Table, p: PatientKey) => updateRow(t, p) },
  { op: "DELETE", expectations: DELETE, statement: (t: Table, p: PatientKey) => deleteRow(t, p) },
])("$op", ({ op, expectations, statement }) => {
  test.each(cells(op))("%s %s as %s", async (_op, table, role) => {
    const before = await snapshot(table);
    const outcomes: Record<string, Outcome> = {};
    for (const p of PATIENT_KEYS) outcomes[p] = await attempt(ACTOR[role], statement(table, p, role));
    const allowed = PATIENT_KEYS.filter((p) => outcomes[p] === "written");
    expect(
      show(allowed),
      `${op} ${table} as ${role}: written for ${show(allowed)}; outcomes ${JSON.stringify(outcomes)}`,
    ).toBe(show(expectations[table][role]));
    expect(await snapshot(table), `${table} unchanged after ${op} attempts as ${role}`).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Writes that change the picture, run after the matrix.

describe("enrolment and emergency access", () => {
  test("a clinician enrols a patient into their team and records the enrolment consent for that team only", async () => {
    const id = randomUUID();
    await as(db, USER.oncologistA1, (tx) =>
      tx.execute(sql`insert into patients (id, organisation_id, hospital_number, given_name, family_name, date_of_birth, diagnosis, primary_care_team_id)
        values (${id}, ${ORG.A}, 'ENROL-1', 'Enrolled', 'Patient', '1980-02-02', 'Sarcoma', ${TEAM.A1})`),
    );
    const rule = (granteeUser: string | null, granteeTeam: string | null, effect: string) =>
      sql`insert into consent_rules (patient_id, grantee_user_id, grantee_care_team_id, effect, categories)
        values (${id}, ${granteeUser}, ${granteeTeam}, ${effect}::consent_effect, '{symptoms,treatment,alerts,demographics}')`;
    // Not for another team, not as a personal grant, not as a deny.
    expect(await attempt(USER.oncologistA1, rule(null, TEAM.A2, "allow")), "grant to another team").toBe("refused");
    expect(await attempt(USER.oncologistA1, rule(USER.oncologistA1, null, "allow")), "personal grant").toBe("refused");
    expect(await attempt(USER.oncologistA1, rule(null, TEAM.A1, "deny")), "deny").toBe("refused");
    // Nor by someone outside the patient's team.
    expect(await attempt(USER.nurseA2, rule(null, TEAM.A2, "allow")), "other team grants itself").toBe("refused");
    expect(await attempt(USER.adminA, rule(null, TEAM.A1, "allow")), "admin").toBe("refused");

    await as(db, USER.oncologistA1, (tx) => tx.execute(rule(null, TEAM.A1, "allow")));
    const visible = await as(db, USER.nurseA1, (tx) => rowsOf(tx, sql`select id from patients where id = ${id}`));
    expect(visible).toHaveLength(1);
    // Once the patient has a rule, staff cannot add another, even for the same team.
    expect(await attempt(USER.nurseA1, rule(null, TEAM.A1, "allow")), "second staff rule").toBe("refused");
  });

  test("emergency access opens a clinician's read of another team's patient until it expires", async () => {
    const read = () =>
      as(db, USER.nurseA1, async (tx) => ({
        patients: (await rowsOf<{ id: string }>(tx, sql`select id from patients where id = ${PATIENT.P3}`)).length,
        reports: (await rowsOf(tx, sql`select 1 from symptom_reports where patient_id = ${PATIENT.P3}`)).length,
        plans: (await rowsOf(tx, sql`select 1 from treatment_plans where patient_id = ${PATIENT.P3}`)).length,
        alerts: (await rowsOf(tx, sql`select 1 from alerts where patient_id = ${PATIENT.P3}`)).length,
      }));
    expect(await read()).toEqual({ patients: 0, reports: 0, plans: 0, alerts: 0 });
    await as(db, USER.nurseA1, (tx) =>
      tx.execute(sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
        values (${USER.nurseA1}, ${PATIENT.P3}, 'Collapsed on the ward, team A2 unreachable', now() + interval '1 hour')`),
    );
    expect(await read()).toEqual({ patients: 1, reports: 2, plans: 1, alerts: 1 });
    // A colleague in the same team gains nothing from it.
    const colleague = await as(db, USER.oncologistA1, (tx) =>
      rowsOf(tx, sql`select 1 from patients where id = ${PATIENT.P3}`),
    );
    expect(colleague).toHaveLength(0);
    await db.asOwner((o) =>
      o.execute(sql`update emergency_accesses set expires_at = now() - interval '1 second'
        where user_id = ${USER.nurseA1} and patient_id = ${PATIENT.P3}`),
    );
    expect(await read()).toEqual({ patients: 0, reports: 0, plans: 0, alerts: 0 });
  });

  test("an emergency access longer than 12 hours, or without a real reason, is refused", async () => {
    for (const [reason, hours] of [
      ["A long enough reason", 13],
      ["short", 1],
    ] as const) {
      const outcome = await attempt(
        USER.nurseA1,
        sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
          values (${USER.nurseA1}, ${PATIENT.P3}, ${reason}, now() + ${`${hours} hours`}::interval)`,
      );
      expect(outcome, `${reason}, ${hours} h`).toBe("refused");
    }
  });

  test("an emergency access cannot be opened in someone else's name", async () => {
    expect(
      await attempt(
        USER.nurseA1,
        sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
          values (${USER.nurseA2}, ${PATIENT.P1}, 'Opened for a colleague', now() + interval '1 hour')`,
      ),
    ).toBe("refused");
  });
});
