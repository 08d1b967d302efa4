/**
 * The write matrix: every kind of caller × every table the request role can reach × insert, update
 * of each column, delete, and every reference from a row of patient P1 to a report, alert or plan
 * of another patient (P2, same team; P4, another organisation). What each cell should do is written
 * down in tests/write-matrix.md, a table a reviewer reads as the policy; this suite runs every cell
 * as the runtime login role through runWithRls, exactly as the app connects, and fails on every
 * cell that did something else.
 *
 * A cell is "allowed" when its statement changed a row, and "denied" when it changed none or the
 * database refused it: a privilege or row-level security error (42501), a foreign key (23503, the
 * composite keys that hold a row to its parent's patient), or a trigger's refusal (23514, P0001).
 * Any other error means the cell's statement is wrong, and fails the suite. Each cell runs in a
 * savepoint that is rolled back, inside one transaction per caller, so every cell starts from the
 * same data; the tables are compared as the owner before and after.
 */
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { rowsOf } from "./support/database";
import { affectedRows, fixtureId, ORG, PATIENT, RECORDS, sqlMessage, sqlState, TEAM, USER } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("write_matrix");

// ---------------------------------------------------------------------------------------------
// Who asks. The fixture world (tests/support/fixtures.ts) plus what it lacks: an account for
// patient P2, oncologists of another team and another organisation, a bystander who never asks
// (the "someone else" a forged row names) and an unlinked patient account.

const EXTRA = {
  patientP2: fixtureId("matrix:patientP2"),
  oncologistA2: fixtureId("matrix:oncologistA2"),
  oncologistB: fixtureId("matrix:oncologistB"),
  bystander: fixtureId("matrix:bystander"),
  spareAccount: fixtureId("matrix:spare-account"),
} as const;

/** The columns of tests/write-matrix.md, in order, and who each one is. */
const PRINCIPALS = {
  P1: USER.patientP1, // patient P1's own account
  P2: EXTRA.patientP2, // another patient's account (P2, same team)
  oA1: USER.oncologistA1, // oncologist of P1's team
  nA1: USER.nurseA1, // nurse of P1's team
  oA2: EXTRA.oncologistA2, // oncologist of another team (A2)
  nA2: USER.nurseA2, // nurse of another team (A2)
  oB: EXTRA.oncologistB, // oncologist of another organisation (B)
  nB: USER.nurseB, // nurse of another organisation (B)
  adm: USER.adminA, // admin of organisation A, no clinical role
  admO: USER.adminOncologistA, // admin of A who is also an oncologist of team A1
  none: null, // no user at all
  svc: null, // a backend service reading for team A1 (SMART Backend Services): no account; see asPrincipal
} as const;
type Principal = keyof typeof PRINCIPALS;
const PRINCIPAL_KEYS = Object.keys(PRINCIPALS) as Principal[];

/**
 * The only place the suite reaches runWithRls: runs `work` as `principal`, in one transaction.
 * (How the app sets a user's identity may change; this helper is all that follows it.)
 */
function asPrincipal<T>(principal: Principal, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (principal === "svc") return runWithRls(db.runtime, { smartToken: SERVICE.token }, work);
  return runWithRls(db.runtime, { userId: PRINCIPALS[principal] }, work);
}

/** The backend service: its client, its access token, and its identity (set by the database). */
const SERVICE = { client: "matrix-backend", token: "matrix-backend-access-token", account: "" };

/** Who a row names as its author: the caller, or for "none" a claim to be oncologist A1. */
const claimed = (p: Principal) => (p === "svc" ? SERVICE.account : (PRINCIPALS[p] ?? USER.oncologistA1));

// ---------------------------------------------------------------------------------------------
// The rows written. A section is one table and one existing row of it (P1's, or for the account
// tables nurse A1's and P1's accounts): its inserts, an update of each of its columns (from the
// catalogue) and its delete.

type Insert = { label: string; statement: (p: Principal, n: number) => SQL };
type Section = { name: string; table: string; row: SQL; inserts: Insert[] };

const P1 = PATIENT.P1;
const R1 = RECORDS.P1;
const other = { P2: RECORDS.P2, P4: RECORDS.P4 } as const;

/** An insert for each other patient, P2 and P4: P1's row pointing at their `what`. */
function crossPatient(what: string, statement: (target: typeof R1) => SQL): Insert[] {
  return (["P2", "P4"] as const).map((key) => ({
    label: `insert, ${what} of ${key}`,
    statement: () => statement(other[key]),
  }));
}

/** A new account of `kind` in organisation A, with the `more` columns set as well. */
function newAccount(label: string, kind: "patient" | "staff", more: Record<string, SQL> = {}): Insert {
  const columns = Object.keys(more);
  return {
    label,
    statement: (_p, n) => sql`insert into users (organisation_id, kind, email, display_name${sql.join(
      columns.map((c) => sql`, ${sql.identifier(c)}`),
    )})
      values (${ORG.A}, ${kind}, ${`matrix-${n}@fixture.example`}, 'New account'${sql.join(columns.map((c) => sql`, ${more[c]}`))})`,
  };
}

const SECTIONS: Section[] = [
  {
    name: "patients: P1's record",
    table: "patients",
    row: sql`id = ${P1}`,
    inserts: [
      {
        label: "insert a patient into P1's team",
        statement: (_p, n) => sql`insert into patients (organisation_id, hospital_number, given_name, family_name,
          date_of_birth, diagnosis, primary_care_team_id)
          values (${ORG.A}, ${`WM-${n}`}, 'New', 'Patient', '1970-01-01', 'Lymphoma', ${TEAM.A1})`,
      },
      {
        label: "insert, created_by someone else",
        statement: (_p, n) => sql`insert into patients (organisation_id, hospital_number, given_name, family_name,
          date_of_birth, diagnosis, primary_care_team_id, created_by)
          values (${ORG.A}, ${`WM-${n}`}, 'New', 'Patient', '1970-01-01', 'Lymphoma', ${TEAM.A1}, ${EXTRA.bystander})`,
      },
      {
        label: "insert, user_id a staff account",
        statement: (_p, n) => sql`insert into patients (organisation_id, hospital_number, given_name, family_name,
          date_of_birth, diagnosis, primary_care_team_id, user_id)
          values (${ORG.A}, ${`WM-${n}`}, 'New', 'Patient', '1970-01-01', 'Lymphoma', ${TEAM.A1}, ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "consent_rules: P1's allow rule for team A1",
    table: "consent_rules",
    row: sql`id = ${R1.allowRule}`,
    inserts: [
      {
        label: "insert an allow rule on P1 for team A2",
        statement: () => sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories)
          values (${P1}, ${TEAM.A2}, 'allow', '{symptoms}')`,
      },
      {
        label: "insert, created_by someone else",
        statement:
          () => sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, created_by)
          values (${P1}, ${TEAM.A2}, 'allow', '{symptoms}', ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "symptom_reports: P1's report",
    table: "symptom_reports",
    row: sql`id = ${R1.report}`,
    inserts: [
      {
        label: "insert a report for P1",
        statement: (p) => sql`insert into symptom_reports (patient_id, source)
          values (${P1}, ${p === "P1" || p === "P2" ? "patient" : "clinician_phone"})`,
      },
      {
        label: "insert, submitted_by someone else",
        statement: () => sql`insert into symptom_reports (patient_id, source, submitted_by)
          values (${P1}, 'clinician_phone', ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "symptom_answers: an answer on P1's report",
    table: "symptom_answers",
    row: sql`report_id = ${R1.report} and symptom = 'nausea' and attribute = 'severity'`,
    inserts: [
      {
        label: "insert an answer on P1's report",
        statement: () => sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
          values (${R1.report}, ${P1}, 'fatigue', 'severity', 1)`,
      },
      ...crossPatient(
        "report_id the report",
        (r) => sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
          values (${r.report}, ${P1}, 'fatigue', 'severity', 1)`,
      ),
    ],
  },
  {
    name: "symptom_grades: a grade on P1's report",
    table: "symptom_grades",
    row: sql`report_id = ${R1.report} and symptom = 'nausea'`,
    inserts: [
      {
        label: "insert a grade on P1's report",
        statement: () => sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
          values (${R1.report}, ${P1}, 'fatigue', 1, now())`,
      },
      ...crossPatient(
        "report_id the report",
        (r) => sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
          values (${r.report}, ${P1}, 'fatigue', 1, now())`,
      ),
    ],
  },
  {
    name: "alerts: P1's alert",
    table: "alerts",
    row: sql`id = ${R1.alert}`,
    // Resolved: P1's fixture alert is his active one, and a patient has one at a time.
    inserts: [
      {
        label: "insert an alert on P1's spare report, to team A1",
        statement: () => sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, due_at, status)
          values (${P1}, ${TEAM.A1}, ${R1.spareReport}, 'red', '{fever}', now() + interval '1 hour', 'resolved')`,
      },
      {
        label: "insert, care_team_id team A2",
        statement: () => sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, due_at, status)
          values (${P1}, ${TEAM.A2}, ${R1.spareReport}, 'red', '{fever}', now() + interval '1 hour', 'resolved')`,
      },
      ...["acknowledged_by", "resolved_by", "assigned_to"].map((column) => ({
        label: `insert, ${column} someone else`,
        statement: () => sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, due_at, status,
            ${sql.identifier(column)})
          values (${P1}, ${TEAM.A1}, ${R1.spareReport}, 'red', '{fever}', now() + interval '1 hour', 'resolved',
            ${EXTRA.bystander})`,
      })),
      ...crossPatient(
        "report_id the spare report",
        (r) => sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, due_at, status)
          values (${P1}, ${TEAM.A1}, ${r.spareReport}, 'red', '{fever}', now() + interval '1 hour', 'resolved')`,
      ),
    ],
  },
  {
    name: "alert_events: the note on P1's alert",
    table: "alert_events",
    row: sql`id = ${R1.alertEvent}`,
    inserts: [
      {
        label: "insert a note on P1's alert",
        statement: (p) => sql`insert into alert_events (alert_id, patient_id, user_id, kind, note)
          values (${R1.alert}, ${P1}, ${claimed(p)}, 'note', 'called')`,
      },
      {
        label: "insert, user_id someone else",
        statement: () => sql`insert into alert_events (alert_id, patient_id, user_id, kind, note)
          values (${R1.alert}, ${P1}, ${EXTRA.bystander}, 'note', 'called')`,
      },
      {
        label: "insert, kind notified (the worker's record)",
        statement: (p) => sql`insert into alert_events (alert_id, patient_id, user_id, kind, channels)
          values (${R1.alert}, ${P1}, ${claimed(p)}, 'notified', '{email}')`,
      },
      {
        label: "insert, kind report_added (the report's record)",
        statement: (p) => sql`insert into alert_events (alert_id, patient_id, user_id, kind, report_id)
          values (${R1.alert}, ${P1}, ${claimed(p)}, 'report_added', ${R1.report})`,
      },
      {
        label: "insert a note with channels",
        statement: (p) => sql`insert into alert_events (alert_id, patient_id, user_id, kind, note, channels)
          values (${R1.alert}, ${P1}, ${claimed(p)}, 'note', 'called', '{email}')`,
      },
      ...crossPatient(
        "alert_id the alert",
        (r) => sql`insert into alert_events (alert_id, patient_id, user_id, kind, note)
          values (${r.alert}, ${P1}, ${USER.oncologistA1}, 'note', 'called')`,
      ),
      ...crossPatient(
        "report_id the report",
        (r) => sql`insert into alert_events (alert_id, patient_id, user_id, kind, note, report_id)
          values (${R1.alert}, ${P1}, ${USER.oncologistA1}, 'note', 'called', ${r.report})`,
      ),
    ],
  },
  {
    name: "alert_reports: P1's report in his alert",
    table: "alert_reports",
    row: sql`report_id = ${R1.report}`,
    inserts: [
      {
        label: "insert P1's spare report into his alert",
        statement:
          () => sql`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes)
          values (${R1.spareReport}, ${R1.alert}, ${P1}, 'red', '{fever}', 30)`,
      },
      ...crossPatient(
        "alert_id the alert",
        (r) => sql`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes)
          values (${R1.spareReport}, ${r.alert}, ${P1}, 'red', '{fever}', 30)`,
      ),
      ...crossPatient(
        "report_id the spare report",
        (r) => sql`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes)
          values (${r.spareReport}, ${R1.alert}, ${P1}, 'red', '{fever}', 30)`,
      ),
    ],
  },
  {
    name: "treatment_plans: P1's plan",
    table: "treatment_plans",
    row: sql`id = ${R1.plan}`,
    inserts: [
      {
        label: "insert a plan for P1",
        statement:
          () => sql`insert into treatment_plans (patient_id, regimen, drugs, intent, cycle_length_days, planned_cycles, start_date)
          values (${P1}, 'FOLFOX', '{oxaliplatin}', 'palliative', 14, 12, '2026-03-02')`,
      },
      {
        label: "insert, updated_by someone else",
        statement:
          () => sql`insert into treatment_plans (patient_id, regimen, drugs, intent, cycle_length_days, planned_cycles,
            start_date, updated_by)
          values (${P1}, 'FOLFOX', '{oxaliplatin}', 'palliative', 14, 12, '2026-03-02', ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "treatment_cycles: the cycle of P1's plan",
    table: "treatment_cycles",
    row: sql`id = ${R1.cycle}`,
    inserts: [
      {
        label: "insert a cycle into P1's plan",
        statement: () => sql`insert into treatment_cycles (plan_id, patient_id, cycle_number, planned_date)
          values (${R1.plan}, ${P1}, 7, '2026-06-01')`,
      },
      ...crossPatient(
        "plan_id the plan",
        (r) => sql`insert into treatment_cycles (plan_id, patient_id, cycle_number, planned_date)
          values (${r.plan}, ${P1}, 7, '2026-06-01')`,
      ),
    ],
  },
  {
    name: "treatment_cycle_doses: epirubicin's dose in the cycle of P1's plan",
    table: "treatment_cycle_doses",
    row: sql`id = ${R1.cycleDose}`,
    inserts: [
      {
        label: "insert an agent's dose into P1's cycle",
        statement: () => sql`insert into treatment_cycle_doses (cycle_id, patient_id, agent, dose_percent, reason)
          values (${R1.cycle}, ${P1}, 'cyclophosphamide', 80, 'Neutropenia')`,
      },
      ...crossPatient(
        "cycle_id the cycle",
        (r) => sql`insert into treatment_cycle_doses (cycle_id, patient_id, agent, dose_percent, reason)
          values (${r.cycle}, ${P1}, 'cyclophosphamide', 80, 'Neutropenia')`,
      ),
    ],
  },
  {
    name: "treatment_plan_versions: the version of P1's plan",
    table: "treatment_plan_versions",
    row: sql`id = ${R1.planVersion}`,
    inserts: [
      {
        label: "insert a version of P1's plan",
        statement: (p) => sql`insert into treatment_plan_versions (plan_id, patient_id, version, changed_by, current)
          values (${R1.plan}, ${P1}, 7, ${claimed(p)}, '{}'::jsonb)`,
      },
      {
        label: "insert, changed_by someone else",
        statement: () => sql`insert into treatment_plan_versions (plan_id, patient_id, version, changed_by, current)
          values (${R1.plan}, ${P1}, 7, ${EXTRA.bystander}, '{}'::jsonb)`,
      },
      ...crossPatient(
        "plan_id the plan",
        (r) => sql`insert into treatment_plan_versions (plan_id, patient_id, version, changed_by, current)
          values (${r.plan}, ${P1}, 7, ${USER.oncologistA1}, '{}'::jsonb)`,
      ),
    ],
  },
  {
    name: "emergency_accesses: nurse A2's expired access to P1",
    table: "emergency_accesses",
    row: sql`id = ${R1.emergencyAccess}`,
    inserts: [
      {
        label: "insert an emergency access to P1",
        statement: (p) => sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
          values (${claimed(p)}, ${P1}, 'Collapsed in clinic', now() + interval '1 hour')`,
      },
      {
        label: "insert, user_id someone else",
        statement: () => sql`insert into emergency_accesses (user_id, patient_id, reason, expires_at)
          values (${EXTRA.bystander}, ${P1}, 'Collapsed in clinic', now() + interval '1 hour')`,
      },
      {
        label: "insert, started_at an hour ago",
        statement: (p) => sql`insert into emergency_accesses (user_id, patient_id, reason, started_at, expires_at)
          values (${claimed(p)}, ${P1}, 'Collapsed in clinic', now() - interval '1 hour', now() + interval '1 hour')`,
      },
    ],
  },
  {
    name: "device_tokens: P1's phone",
    table: "device_tokens",
    row: sql`id = ${R1.deviceToken}`,
    inserts: [
      {
        label: "insert a device for P1",
        statement: (_p, n) => sql`insert into device_tokens (patient_id, name, token_hash)
          values (${P1}, 'Tablet', ${`matrix-token-${n}`})`,
      },
    ],
  },
  {
    name: "smart_clients: an app registered in organisation A",
    table: "smart_clients",
    row: sql`id = 'matrix-app'`,
    inserts: [
      {
        label: "register an app in organisation A",
        statement: (p, n) => sql`insert into smart_clients (id, organisation_id, name, redirect_uris, created_by)
          values (${`matrix-app-${n}`}, ${ORG.A}, 'App', '{https://app.example/cb}', ${claimed(p)})`,
      },
      {
        label: "register, created_by someone else",
        statement: (_p, n) => sql`insert into smart_clients (id, organisation_id, name, redirect_uris, created_by)
          values (${`matrix-app-${n}`}, ${ORG.A}, 'App', '{https://app.example/cb}', ${EXTRA.bystander})`,
      },
      {
        label: "register in organisation B",
        statement: (p, n) => sql`insert into smart_clients (id, organisation_id, name, redirect_uris, created_by)
          values (${`matrix-app-${n}`}, ${ORG.B}, 'App', '{https://app.example/cb}', ${claimed(p)})`,
      },
      {
        label: "register a backend service for team A1",
        statement: (p, n) => sql`insert into smart_clients (id, kind, organisation_id, name, redirect_uris, jwks,
          care_team_ids, created_by)
          values (${`matrix-backend-${n}`}, 'backend', ${ORG.A}, 'Service', '{}', '{"keys": []}', ${`{${TEAM.A1}}`}::uuid[],
            ${claimed(p)})`,
      },
      {
        label: "register a backend service for team B1",
        statement: (p, n) => sql`insert into smart_clients (id, kind, organisation_id, name, redirect_uris, jwks,
          care_team_ids, created_by)
          values (${`matrix-backend-${n}`}, 'backend', ${ORG.A}, 'Service', '{}', '{"keys": []}', ${`{${TEAM.B1}}`}::uuid[],
            ${claimed(p)})`,
      },
    ],
  },
  {
    name: "bulk_exports: the backend service's export",
    table: "bulk_exports",
    row: sql`client_id = ${SERVICE.client}`,
    inserts: [
      {
        label: "insert an export for the backend service",
        statement: (p) => sql`insert into bulk_exports (client_id, account_id, organisation_id, types, request_url)
          values (${SERVICE.client}, ${claimed(p)}::uuid, ${ORG.A}, '{Patient}',
            'https://fhir.example/$export')`,
      },
    ],
  },
  {
    name: "bulk_export_files: a file of the backend service's export",
    table: "bulk_export_files",
    row: sql`resource_type = 'Patient'`,
    inserts: [
      {
        label: "insert a file into the service's export",
        statement: (p) => sql`insert into bulk_export_files (export_id, account_id, resource_type, ndjson, count)
          select id, ${claimed(p)}::uuid, 'Observation', '{}', 1 from bulk_exports where client_id = ${SERVICE.client}`,
      },
    ],
  },
  {
    name: "audit_events: the event about P1",
    table: "audit_events",
    row: sql`patient_id = ${P1}`,
    inserts: [
      {
        label: "insert an event about P1 in organisation A",
        statement: (p) => sql`insert into audit_events (organisation_id, actor_user_id, action, patient_id, outcome)
          values (${ORG.A}, ${claimed(p)}, 'record_viewed', ${P1}, 'allowed')`,
      },
      {
        label: "insert, actor_user_id someone else",
        statement: () => sql`insert into audit_events (organisation_id, actor_user_id, action, patient_id, outcome)
          values (${ORG.A}, ${EXTRA.bystander}, 'record_viewed', ${P1}, 'allowed')`,
      },
      {
        label: "insert, no actor",
        statement: () => sql`insert into audit_events (organisation_id, action, outcome)
          values (${ORG.A}, 'sign_in_failed', 'denied')`,
      },
    ],
  },
  {
    name: "notifications: P1's alert sent to nurse A1",
    table: "notifications",
    row: sql`alert_id = ${R1.alert}`,
    inserts: [
      {
        label: "insert a notification of P1's alert",
        statement: () => sql`insert into notifications (organisation_id, alert_id, recipient_user_id, step)
          values (${ORG.A}, ${R1.alert}, ${EXTRA.bystander}, 'second')`,
      },
    ],
  },
  {
    name: "reminder_preferences: P1's reminders to report",
    table: "reminder_preferences",
    row: sql`patient_id = ${PATIENT.P1}`,
    inserts: [
      {
        label: "insert P2's preferences",
        statement: (p) => sql`insert into reminder_preferences (patient_id, enabled, updated_by)
          values (${PATIENT.P2}, false, ${claimed(p)})`,
      },
      {
        label: "insert P2's, updated_by someone else",
        statement: () => sql`insert into reminder_preferences (patient_id, enabled, updated_by)
          values (${PATIENT.P2}, false, ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "staff_change_requests: admin A asks to reset nurse A1's second factor",
    table: "staff_change_requests",
    row: sql`target_user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert an approved request",
        statement: () => sql`insert into staff_change_requests (organisation_id, kind, target_user_id, status,
            requested_by, decided_by, decided_at)
          values (${ORG.A}, 'mfa_reset', ${USER.nurseA1}, 'approved', ${USER.adminA}, ${EXTRA.bystander}, now())`,
      },
    ],
  },
  {
    name: "on_call_shifts: nurse A1 on call for team A1",
    table: "on_call_shifts",
    row: sql`user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert a shift for team A1",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.A}, ${TEAM.A1}, ${EXTRA.bystander}, now() + interval '1 day', now() + interval '32 hours')`,
      },
      {
        label: "insert, overlapping nurse A1's shift",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.A}, ${TEAM.A1}, ${EXTRA.bystander}, now(), now() + interval '8 hours')`,
      },
      {
        label: "insert, user_id not of team A1",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.A}, ${TEAM.A1}, ${USER.nurseA2}, now() + interval '1 day', now() + interval '32 hours')`,
      },
      {
        label: "insert, organisation_id B",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.B}, ${TEAM.A1}, ${EXTRA.bystander}, now() + interval '1 day', now() + interval '32 hours')`,
      },
      {
        label: "insert, longer than 7 days",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.A}, ${TEAM.A1}, ${EXTRA.bystander}, now() + interval '1 day', now() + interval '9 days')`,
      },
      {
        label: "insert, shorter than 30 minutes",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.A}, ${TEAM.A1}, ${EXTRA.bystander}, now() + interval '1 day', now() + interval '1 day 10 minutes')`,
      },
      {
        label: "insert, ended already",
        statement: () => sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
          values (${ORG.A}, ${TEAM.A1}, ${EXTRA.bystander}, now() - interval '2 days', now() - interval '1 day')`,
      },
    ],
  },
  {
    name: "notification_preferences: nurse A1's preferences",
    table: "notification_preferences",
    row: sql`user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert nurse A2's preferences",
        statement: () =>
          sql`insert into notification_preferences (user_id, channels) values (${USER.nurseA2}, '{push}')`,
      },
      {
        label: "insert, user_id someone else",
        statement: () =>
          sql`insert into notification_preferences (user_id, channels) values (${EXTRA.bystander}, '{push}')`,
      },
    ],
  },
  {
    name: "push_subscriptions: nurse A1's browser",
    table: "push_subscriptions",
    row: sql`user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert a subscription for nurse A2",
        statement: (_p, n) => sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth, label)
          values (${USER.nurseA2}, ${`https://push.example/matrix-${n}`}, 'key', 'secret', 'Chrome on Linux')`,
      },
      {
        label: "insert, user_id someone else",
        statement: (_p, n) => sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth, label)
          values (${EXTRA.bystander}, ${`https://push.example/matrix-${n}`}, 'key', 'secret', 'Chrome on Linux')`,
      },
    ],
  },
  {
    name: "users: patient P1's account",
    table: "users",
    row: sql`id = ${USER.patientP1}`,
    inserts: [
      newAccount("insert a patient account in organisation A", "patient"),
      newAccount("insert a patient account with a password", "patient", { password_hash: sql`'known-hash'` }),
    ],
  },
  {
    name: "users: nurse A1's account",
    table: "users",
    row: sql`id = ${USER.nurseA1}`,
    inserts: [
      newAccount("insert a staff account in organisation A", "staff"),
      newAccount("insert a staff account with a password", "staff", { password_hash: sql`'known-hash'` }),
      newAccount("insert a staff account with a second factor", "staff", {
        mfa_secret_enc: sql`'known-secret'`,
        mfa_enabled_at: sql`now()`,
      }),
      newAccount("insert, created_by someone else", "staff", { created_by: sql`${EXTRA.bystander}::uuid` }),
    ],
  },
  {
    name: "sessions: nurse A1's session",
    table: "sessions",
    row: sql`user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert a session for nurse A1",
        statement: () => sql`insert into sessions (user_id) values (${USER.nurseA1})`,
      },
      {
        label: "insert a session for nurse A1, second factor done",
        statement: () => sql`insert into sessions (user_id, mfa_verified_at) values (${USER.nurseA1}, now())`,
      },
    ],
  },
  {
    name: "recovery_codes: nurse A1's recovery code",
    table: "recovery_codes",
    row: sql`user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert a recovery code for nurse A1",
        statement: (_p, n) =>
          sql`insert into recovery_codes (user_id, code_hash) values (${USER.nurseA1}, ${`code-${n}`})`,
      },
    ],
  },
  {
    name: "invitations: a reset link for nurse A1",
    table: "invitations",
    row: sql`user_id = ${USER.nurseA1}`,
    inserts: [
      {
        label: "insert a reset link for nurse A1",
        statement: (_p, n) => sql`insert into invitations (user_id, token_hash, purpose, expires_at)
          values (${USER.nurseA1}, ${`link-${n}`}, 'reset', now() + interval '1 hour')`,
      },
      {
        label: "insert, created_by someone else",
        statement: (_p, n) => sql`insert into invitations (user_id, token_hash, purpose, expires_at, created_by)
          values (${USER.nurseA1}, ${`link-${n}`}, 'reset', now() + interval '1 hour', ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "staff_memberships: nurse A1's nurse role in team A1",
    table: "staff_memberships",
    row: sql`user_id = ${USER.nurseA1} and role = 'nurse'`,
    inserts: [
      {
        label: "insert a nurse role in team A2 for nurse A1",
        statement: () => sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
          values (${USER.nurseA1}, ${ORG.A}, ${TEAM.A2}, 'nurse')`,
      },
      {
        label: "insert, created_by someone else",
        statement: () => sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role, created_by)
          values (${USER.nurseA1}, ${ORG.A}, ${TEAM.A2}, 'nurse', ${EXTRA.bystander})`,
      },
    ],
  },
  {
    name: "care_teams: team A1",
    table: "care_teams",
    row: sql`id = ${TEAM.A1}`,
    inserts: [
      {
        label: "insert a care team in organisation A",
        statement: (_p, n) => sql`insert into care_teams (organisation_id, name) values (${ORG.A}, ${`Team ${n}`})`,
      },
    ],
  },
  {
    name: "organisations: organisation A",
    table: "organisations",
    row: sql`id = ${ORG.A}`,
    inserts: [
      {
        label: "insert an organisation",
        statement: (_p, n) => sql`insert into organisations (name, slug) values ('New', ${`org-${n}`})`,
      },
    ],
  },
];

/**
 * Tables with patient data or accounts that are not in the matrix, because the request role holds
 * no privilege on them at all (checked below): the consent index the definer functions keep.
 */
const UNREACHABLE_WITH_PATIENT_DATA = ["app.consent_access"];

// ---------------------------------------------------------------------------------------------
// Updates: each column set to another value of its type. A column that names a row of a patient,
// team or organisation is pointed at P2's, team A2's or organisation B's; one that names a person,
// at the bystander (a patient record's account, at an unlinked patient account).

type Column = { name: string; type: string; udt: string; generated: boolean };

const USER_COLUMNS = new Set([
  "user_id",
  "created_by",
  "submitted_by",
  "updated_by",
  "changed_by",
  "assigned_to",
  "acknowledged_by",
  "resolved_by",
  "actor_user_id",
  "recipient_user_id",
  "grantee_user_id",
]);

function changedValue(table: string, c: Column): SQL {
  const col = sql.identifier(c.name);
  if (c.generated) return sql`default`;
  if (table === "patients" && c.name === "user_id") return sql`${EXTRA.spareAccount}::uuid`;
  if (USER_COLUMNS.has(c.name)) return sql`${EXTRA.bystander}::uuid`;
  switch (c.name) {
    case "patient_id":
      return sql`${PATIENT.P2}::uuid`;
    case "report_id":
      return sql`${RECORDS.P2.spareReport}::uuid`;
    case "alert_id":
      return sql`${RECORDS.P2.alert}::uuid`;
    case "plan_id":
      return sql`${RECORDS.P2.plan}::uuid`;
    case "organisation_id":
    case "patient_organisation_id":
      return sql`${ORG.B}::uuid`;
    case "care_team_id":
    case "primary_care_team_id":
    case "grantee_care_team_id":
      return sql`${TEAM.A2}::uuid`;
    case "categories":
      return sql`'{symptoms}'::text[]`;
    case "patient_ids":
      return sql`${`{${PATIENT.P2}}`}::uuid[]`;
    case "care_team_ids":
      return sql`${`{${TEAM.A2}}`}::uuid[]`;
    case "channels":
      return sql`'{push}'::text[]`;
    case "sms_number":
      return sql`'+447700900999'`;
    // One of the languages the app speaks, other than the row's own (it may be null).
    case "locale":
    case "default_locale":
      return sql`case when ${col} is distinct from 'nl' then 'nl' else 'es' end`;
  }
  switch (c.type) {
    case "uuid":
      return sql`gen_random_uuid()`;
    case "boolean":
      return sql`not coalesce(${col}, false)`;
    case "smallint":
    case "integer":
    case "bigint":
    case "numeric":
      return sql`coalesce(${col}, 1) - 1`;
    case "timestamp with time zone":
      return sql`coalesce(${col}, now()) - interval '1 minute'`;
    case "date":
      return sql`coalesce(${col}, current_date) - 1`;
    // Constants, not the column's own value: updating a column the request role may not read
    // (a password hash, a TOTP secret, a link's token hash) must not need that read.
    case "jsonb":
      return sql`'{"changed": true}'::jsonb`;
    case "text":
      return sql`'changed by the write matrix'`;
    case "ARRAY":
      return sql`'{changed}'::text[]`;
    case "USER-DEFINED":
      return sql`(select e from unnest(enum_range(null::${sql.identifier(c.udt)})) e where e is distinct from ${col} limit 1)`;
  }
  throw new Error(`no changed value for ${table}.${c.name} of type ${c.type}`);
}

// ---------------------------------------------------------------------------------------------
// The expected table, tests/write-matrix.md: "## <section>" headings, each followed by a table
// whose first column is the write, then one column per principal (Y: allowed, -: denied), then why.

const ALLOWED = "Y";
const DENIED = "-";

type Row = { allowed: Record<Principal, boolean>; why: string };

async function readExpected(): Promise<Map<string, Row>> {
  const text = await readFile(new URL("./write-matrix.md", import.meta.url), "utf8");
  const cells = new Map<string, Row>();
  let section: string | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("## ")) section = line.slice(3).trim();
    if (!line.startsWith("|") || !section) continue;
    const fields = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((f) => f.trim());
    if (fields[0] === "write") {
      const header = fields.slice(1, 1 + PRINCIPAL_KEYS.length).join(" ");
      if (header !== PRINCIPAL_KEYS.join(" ")) throw new Error(`${section}: the columns must be ${PRINCIPAL_KEYS}`);
      continue;
    }
    if (/^-+$/.test(fields[0])) continue;
    const marks = fields.slice(1, 1 + PRINCIPAL_KEYS.length);
    if (marks.length !== PRINCIPAL_KEYS.length || marks.some((m) => m !== ALLOWED && m !== DENIED))
      throw new Error(`${section}, ${fields[0]}: each principal's cell must be ${ALLOWED} or ${DENIED}`);
    const key = `${section} | ${fields[0]}`;
    if (cells.has(key)) throw new Error(`written twice: ${key}`);
    const allowed = Object.fromEntries(PRINCIPAL_KEYS.map((p, i) => [p, marks[i] === ALLOWED]));
    cells.set(key, { allowed: allowed as Record<Principal, boolean>, why: fields[1 + PRINCIPAL_KEYS.length] ?? "" });
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Running the cells.

class Rollback extends Error {
  constructor(readonly rows: number) {
    super("rolled back");
  }
}

/** Refusals: privilege or row-level security, a foreign key, a trigger's check or exception. */
const REFUSALS = new Set(["42501", "23503", "23514", "P0001"]);

type Outcome = { allowed: boolean; detail: string } | { broken: string };

async function runCell(tx: Tx, statement: SQL): Promise<Outcome> {
  try {
    await tx.transaction(async (savepoint) => {
      throw new Rollback(affectedRows(await savepoint.execute(statement)));
    });
    return { broken: "the savepoint was not rolled back" };
  } catch (error) {
    if (error instanceof Rollback)
      return error.rows > 0 ? { allowed: true, detail: `${error.rows} row(s)` } : { allowed: false, detail: "0 rows" };
    const code = sqlState(error);
    if (code && REFUSALS.has(code))
      return { allowed: false, detail: `${code} ${sqlMessage(error).split(" / ").at(-1)}` };
    return { broken: `${code ?? "no SQLSTATE"}: ${sqlMessage(error)}` };
  }
}

type Cell = { key: string; statement: (p: Principal, n: number) => SQL };

let columnsOf = new Map<string, Column[]>();

/** Every cell of the matrix, in the order of tests/write-matrix.md. */
function allCells(): Cell[] {
  return SECTIONS.flatMap((s) => [
    ...s.inserts.map((i) => ({ key: `${s.name} | ${i.label}`, statement: i.statement })),
    ...(columnsOf.get(s.table) ?? []).map((c) => ({
      key: `${s.name} | update ${c.name}`,
      statement: () =>
        sql`update ${sql.identifier(s.table)} set ${sql.identifier(c.name)} = ${changedValue(s.table, c)} where ${s.row}`,
    })),
    { key: `${s.name} | delete`, statement: () => sql`delete from ${sql.identifier(s.table)} where ${s.row}` },
  ]);
}

const owner = <T extends Record<string, unknown>>(query: SQL) => db.asOwner((o) => rowsOf<T>(o, query));

/** A digest of every table of the matrix, to show that no cell left anything behind. */
async function digest(): Promise<string> {
  const parts: string[] = [];
  for (const table of new Set(SECTIONS.map((s) => s.table))) {
    const [row] = await owner<{ d: string }>(
      sql`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as d from ${sql.identifier(table)} x`,
    );
    parts.push(`${table}:${row.d}`);
  }
  return parts.join(" ");
}

beforeAll(async () => {
  await db.asOwner((o) =>
    o.transaction(async (tx) => {
      await tx.insert(t.smartClients).values({
        id: "matrix-app",
        organisationId: ORG.A,
        name: "Matrix app",
        redirectUris: ["https://app.example/cb"],
        createdBy: USER.adminA,
      });
      const [service] = await tx
        .insert(t.smartClients)
        .values({
          id: SERVICE.client,
          kind: "backend",
          organisationId: ORG.A,
          name: "Matrix backend service",
          redirectUris: [],
          jwks: { keys: [] },
          careTeamIds: [TEAM.A1],
          createdBy: USER.adminA,
          // Its use is recorded at most once a minute: a use "tomorrow" keeps the service's one
          // transaction from recording one, which the digest of the tables would count as a write.
          lastUsedAt: new Date(Date.now() + 24 * 3600_000),
        })
        .returning({ account: t.smartClients.accountId });
      SERVICE.account = service.account;
      await tx.execute(sql`insert into bulk_exports (client_id, account_id, organisation_id, types, request_url)
        values (${SERVICE.client}, ${service.account}, ${ORG.A}, '{Patient}', 'https://fhir.example/$export')`);
      await tx.execute(sql`insert into bulk_export_files (export_id, account_id, resource_type, ndjson, count)
        select id, account_id, 'Patient', '{}', 1 from bulk_exports where client_id = ${SERVICE.client}`);
      await tx.execute(sql`insert into oauth_records (kind, id_hash, payload, expires_at)
        values ('ClientCredentials', app.link_token_hash(${SERVICE.token}),
                jsonb_build_object('clientId', ${SERVICE.client}::text), now() + interval '1 hour')`);
      await tx.insert(t.users).values([
        {
          id: EXTRA.patientP2,
          organisationId: ORG.A,
          kind: "patient",
          email: "matrix-p2@fixture.example",
          displayName: "Patient P2",
        },
        {
          id: EXTRA.spareAccount,
          organisationId: ORG.A,
          kind: "patient",
          email: "matrix-spare@fixture.example",
          displayName: "Spare",
        },
        {
          id: EXTRA.oncologistA2,
          organisationId: ORG.A,
          kind: "staff",
          email: "matrix-oa2@fixture.example",
          displayName: "Onc A2",
        },
        {
          id: EXTRA.oncologistB,
          organisationId: ORG.B,
          kind: "staff",
          email: "matrix-ob@fixture.example",
          displayName: "Onc B",
        },
        {
          id: EXTRA.bystander,
          organisationId: ORG.A,
          kind: "staff",
          email: "matrix-by@fixture.example",
          displayName: "Bystander",
        },
      ]);
      await tx.execute(sql`update patients set user_id = ${EXTRA.patientP2} where id = ${PATIENT.P2}`);
      await tx.insert(t.staffMemberships).values([
        { userId: EXTRA.oncologistA2, organisationId: ORG.A, careTeamId: TEAM.A2, role: "oncologist" },
        { userId: EXTRA.oncologistB, organisationId: ORG.B, careTeamId: TEAM.B1, role: "oncologist" },
        { userId: EXTRA.bystander, organisationId: ORG.A, careTeamId: TEAM.A1, role: "nurse" },
      ]);
      // The rows the account and notification sections change, which the fixtures do not have.
      await tx.execute(sql`insert into sessions (user_id) values (${USER.nurseA1})`);
      await tx.execute(sql`insert into staff_change_requests (organisation_id, kind, target_user_id, requested_by)
        values (${ORG.A}, 'mfa_reset', ${USER.nurseA1}, ${USER.adminA})`);
      await tx.execute(sql`insert into recovery_codes (user_id, code_hash) values (${USER.nurseA1}, 'matrix-code')`);
      await tx.execute(sql`insert into invitations (user_id, token_hash, purpose, expires_at, created_by)
        values (${USER.nurseA1}, 'matrix-link', 'reset', now() + interval '1 hour', ${USER.adminA})`);
      await tx.execute(sql`insert into notifications (organisation_id, alert_id, recipient_user_id, step)
        values (${ORG.A}, ${R1.alert}, ${USER.nurseA1}, 'on_call')`);
      await tx.execute(sql`insert into on_call_shifts (organisation_id, care_team_id, user_id, starts_at, ends_at)
        values (${ORG.A}, ${TEAM.A1}, ${USER.nurseA1}, now() - interval '1 hour', now() + interval '7 hours')`);
      await tx.execute(sql`insert into notification_preferences (user_id, channels, quiet_start_minute, quiet_end_minute)
        values (${USER.nurseA1}, '{email,push}', 1320, 420)`);
      await tx.execute(sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth, label)
        values (${USER.nurseA1}, 'https://push.example/matrix-a1', 'key', 'secret', 'Firefox on Windows')`);
      await tx.execute(sql`insert into reminder_preferences (patient_id, quiet_from, quiet_until, updated_by)
        values (${PATIENT.P1}, 1320, 480, ${USER.patientP1})`);
    }),
  );
  const columns = await owner<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_generated: string;
  }>(
    sql`select table_name, column_name, data_type, udt_name, is_generated from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  );
  columnsOf = new Map();
  for (const c of columns) {
    const list = columnsOf.get(c.table_name) ?? [];
    list.push({ name: c.column_name, type: c.data_type, udt: c.udt_name, generated: c.is_generated === "ALWAYS" });
    columnsOf.set(c.table_name, list);
  }
});

// ---------------------------------------------------------------------------------------------

describe("the write matrix", () => {
  test("covers every table the request role can reach, and every table with patient data or accounts", async () => {
    const reachable = await owner<{ name: string }>(
      sql`select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p', 'v') and n.nspname in ('public', 'app')
            and (has_table_privilege('serums_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                 or has_any_column_privilege('serums_app', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
          order by 1`,
    );
    const inMatrix = [...new Set(SECTIONS.map((s) => `public.${s.table}`))].sort();
    // Views the request role reads and never writes: the caller's own consent rows
    // (db/sql/consent.sql) and the alert reasons they may read (db/sql/alert-reasons.sql).
    const readOnly = ["app.readable_alert_reasons", "app.readable_by_caller", "app.readable_report_reasons"];
    expect(reachable.map((r) => r.name)).toEqual([...readOnly, ...inMatrix]);
    for (const view of readOnly) {
      const [writable] = await owner<{ any: boolean }>(
        sql`select has_table_privilege('serums_app', ${view}::regclass, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                   or has_any_column_privilege('serums_app', ${view}::regclass, 'INSERT, UPDATE, REFERENCES') as any`,
      );
      expect(writable.any, view).toBe(false);
    }

    const personal = await owner<{ name: string }>(
      sql`select distinct table_schema || '.' || table_name as name from information_schema.columns
          where table_schema in ('public', 'app')
            and (column_name in ('patient_id', 'user_id', 'recipient_user_id') or table_name in ('patients', 'users'))
          order by 1`,
    );
    const missing = personal.map((r) => r.name).filter((name) => !inMatrix.includes(name) && !readOnly.includes(name));
    expect(missing, "tables with patient data or accounts that the matrix leaves out").toEqual(
      UNREACHABLE_WITH_PATIENT_DATA,
    );
  });

  test("every cell does what tests/write-matrix.md says", async () => {
    const expected = await readExpected();
    const cells = allCells();
    const before = await digest();
    const unexpected: string[] = [];
    const broken: string[] = [];
    const observed = new Map<string, Record<Principal, Outcome>>(
      cells.map((c) => [c.key, {} as Record<Principal, Outcome>]),
    );
    let n = 0;
    for (const principal of PRINCIPAL_KEYS) {
      await asPrincipal(principal, async (tx) => {
        for (const cell of cells) {
          const outcome = await runCell(tx, cell.statement(principal, ++n));
          (observed.get(cell.key) as Record<Principal, Outcome>)[principal] = outcome;
          const want = expected.get(cell.key)?.allowed[principal];
          if ("broken" in outcome) broken.push(`${cell.key} as ${principal}: ${outcome.broken}`);
          else if (want !== undefined && want !== outcome.allowed)
            unexpected.push(
              `${cell.key} as ${principal}: expected ${want ? "allowed" : "denied"}, was ${outcome.allowed ? "allowed" : "denied"} (${outcome.detail})`,
            );
        }
      });
    }
    expect(await digest(), "every cell was rolled back").toBe(before);

    const written = [...expected.keys()];
    const notWritten = cells.map((c) => c.key).filter((k) => !expected.has(k));
    const stale = written.filter((k) => !observed.has(k));
    const total = cells.length * PRINCIPAL_KEYS.length;
    if (unexpected.length || notWritten.length || broken.length) {
      const file = join(tmpdir(), `write-matrix.observed.${process.pid}.md`);
      writeFileSync(file, observedMarkdown(cells, observed, expected));
      console.log(`the observed matrix is in ${file}`);
    }
    console.log(
      `write matrix: ${total} cells (${cells.length} writes × ${PRINCIPAL_KEYS.length} principals), ${unexpected.length} unexpected`,
    );
    expect(broken, "cells whose statement failed for another reason than a refusal").toEqual([]);
    expect(notWritten, "writes missing from tests/write-matrix.md").toEqual([]);
    expect(stale, "rows of tests/write-matrix.md that no cell runs").toEqual([]);
    expect(unexpected, "unexpected cells").toEqual([]);
    // About 3,800 cells: 20 s on an idle 2-core machine, minutes on a busy one. Not a timing check.
  }, 300_000);
});

/** The observed matrix in the file's own format, the expected "why" kept, for a reviewer to diff. */
function observedMarkdown(
  cells: Cell[],
  observed: Map<string, Record<Principal, Outcome>>,
  expected: Map<string, Row>,
): string {
  const out: string[] = [];
  let section = "";
  for (const cell of cells) {
    const [name, write] = cell.key.split(" | ");
    if (name !== section) {
      section = name;
      out.push(
        "",
        `## ${name}`,
        "",
        `| write | ${PRINCIPAL_KEYS.join(" | ")} | why |`,
        `| --- |${" --- |".repeat(PRINCIPAL_KEYS.length + 1)}`,
      );
    }
    const marks = PRINCIPAL_KEYS.map((p) => {
      const o = observed.get(cell.key)?.[p];
      const mark = !o || "broken" in o ? "?" : o.allowed ? ALLOWED : DENIED;
      const want = expected.get(cell.key)?.allowed[p];
      return want === undefined || (o && !("broken" in o) && o.allowed === want) ? mark : `${mark}!`;
    });
    out.push(`| ${write} | ${marks.join(" | ")} | ${expected.get(cell.key)?.why ?? ""} |`);
  }
  return `${out.join("\n")}\n`;
}
