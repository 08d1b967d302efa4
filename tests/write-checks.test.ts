/**
 * What a write may say about whose a row is and who did something, made as the runtime login role
 * through runWithRls exactly as the app connects:
 * - the account a patient record belongs to is set when the patient is enrolled and never changed
 *   by a request, so no clinician can become a patient who withholds data from her, and no record
 *   can be taken from its patient;
 * - a row that belongs to a report, an alert or a plan belongs to that parent's patient, an alert
 *   goes to its patient's care team, and every column naming who wrote or did something names the
 *   caller (alert acknowledgement, resolution and assignment are recorded by the database);
 * - the audit trail takes only events whose actor is the caller, in the caller's own organisation,
 *   and a patient's account names no other patient's record; events without an actor are the
 *   sign-in events the database itself writes.
 * Each attack must be refused (an error or zero rows) and each legitimate action must still work.
 */
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { acknowledgeAlert, assignAlert, reopenAlert, resolveAlert } from "../db/queries/alert-actions";
import { appendSignInEvent } from "../db/queries/audit";
import { enrolPatient } from "../db/queries/patients";
import { savePlan } from "../db/queries/treatment-changes";
import { findCurrentPlan, snapshotOf } from "../db/queries/treatment-plans";
import { runAsSignIn } from "../db/rls";
import * as t from "../db/schema";
import { attemptSignIn } from "../server/auth/sign-in";
import { insertAlert, insertPatientLike } from "./support/alerts";
import { rowsOf } from "./support/database";
import {
  affectedRows,
  as,
  DENY_RULE_P2,
  ORG,
  PATIENT,
  RECORDS,
  sqlMessage,
  sqlState,
  TEAM,
  USER,
} from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("write_checks");

class Rollback extends Error {}

/** "written" (rolled back again), "zero rows", or the SQLSTATE of the error. */
async function attempt(userId: string | null, statement: SQL): Promise<string> {
  try {
    await as(db, userId, async (tx) => {
      if (affectedRows(await tx.execute(statement)) > 0) throw new Rollback();
    });
    return "zero rows";
  } catch (error) {
    if (error instanceof Rollback) return "written";
    return sqlState(error) ?? `no SQLSTATE: ${sqlMessage(error)}`;
  }
}

/** Refused: permission or row-level security (42501), a foreign key (23503), or nothing reached. */
const REFUSED = ["42501", "23503", "zero rows"];

async function expectRefused(userId: string | null, statement: SQL, what: string): Promise<void> {
  expect(REFUSED, what).toContain(await attempt(userId, statement));
}

async function expectWritten(userId: string | null, statement: SQL, what: string): Promise<void> {
  expect(await attempt(userId, statement), what).toBe("written");
}

const owner = <T extends Record<string, unknown>>(query: SQL) => db.asOwner((o) => rowsOf<T>(o, query));

/**
 * Runs `work` while `patient` has no active alert, then gives the fixtures' active alert back: a
 * patient has one active alert at a time, so a new one can only be raised when none is.
 */
async function withoutActiveAlert(patient: string, work: () => Promise<void>): Promise<void> {
  const held = await owner<{ id: string; status: string }>(
    sql`select id, status::text as status from alerts where patient_id = ${patient} and status <> 'resolved'`,
  );
  await db.asOwner((o) =>
    o.execute(sql`update alerts set status = 'resolved' where patient_id = ${patient} and status <> 'resolved'`),
  );
  try {
    await work();
  } finally {
    for (const a of held)
      await db.asOwner((o) => o.execute(sql`update alerts set status = ${a.status}::alert_status where id = ${a.id}`));
  }
}

/** A new patient with P1's team and consent rules and no alert yet, for a test that raises one. */
const patientLikeP1 = (label: string) => db.asOwner((o) => insertPatientLike(o, PATIENT.P1, label));

// ---------------------------------------------------------------------------------------------
describe("the account a patient record belongs to", () => {
  test("a nurse cannot link a withholding patient's record to an account she made, nor act as it", async () => {
    const account = randomUUID();
    // Clinicians may create patient accounts (enrolment does); this one is the nurse's own.
    await as(db, USER.nurseA1, (tx) =>
      tx.insert(t.users).values({
        id: account,
        organisationId: ORG.A,
        kind: "patient",
        email: `made-up-${account}@fixture.example`,
        displayName: "Made up",
      }),
    );
    const link = sql`update patients set user_id = ${account} where id = ${PATIENT.P2}`;
    try {
      const outcome = await (async () => {
        try {
          const n = await as(db, USER.nurseA1, async (tx) => affectedRows(await tx.execute(link)));
          return n > 0 ? "written" : "zero rows";
        } catch (error) {
          return sqlState(error) ?? sqlMessage(error);
        }
      })();
      expect(REFUSED, "linking P2 to the nurse's account").toContain(outcome);
      // Whatever happened above, the account reads nothing of P2's and cannot lift her deny rule.
      const symptoms = await as(db, account, (tx) =>
        rowsOf(tx, sql`select id from symptom_reports where patient_id = ${PATIENT.P2}`),
      );
      expect(symptoms).toEqual([]);
      await expectRefused(
        account,
        sql`update consent_rules set revoked_at = now() where id = ${DENY_RULE_P2}`,
        "revoking P2's deny rule as the made-up account",
      );
      const [rule] = await owner<{ revoked_at: string | null }>(
        sql`select revoked_at from consent_rules where id = ${DENY_RULE_P2}`,
      );
      expect(rule.revoked_at).toBeNull();
    } finally {
      await db.asOwner(async (o) => {
        await o.execute(sql`update patients set user_id = null where id = ${PATIENT.P2} and user_id = ${account}`);
        await o.execute(sql`update consent_rules set revoked_at = null where id = ${DENY_RULE_P2}`);
      });
    }
  });

  test("a record cannot be taken away from its patient, or given to a staff account", async () => {
    const account = randomUUID();
    await db.asOwner((o) =>
      o.insert(t.users).values({
        id: account,
        organisationId: ORG.A,
        kind: "patient",
        email: `spare-${account}@fixture.example`,
        displayName: "Spare account",
      }),
    );
    const changes: [string, string, SQL][] = [
      ["unlinking P1", USER.oncologistA1, sql`update patients set user_id = null where id = ${PATIENT.P1}`],
      [
        "moving P1 to another account",
        USER.oncologistA1,
        sql`update patients set user_id = ${account} where id = ${PATIENT.P1}`,
      ],
      [
        "P3's own clinician linking it",
        USER.nurseA2,
        sql`update patients set user_id = ${account} where id = ${PATIENT.P3}`,
      ],
    ];
    for (const [what, user, statement] of changes) await expectRefused(user, statement, what);
    // A new record may name only a patient account, never a staff one (the clinician's own included).
    await expectRefused(
      USER.nurseA1,
      sql`insert into patients (organisation_id, hospital_number, given_name, family_name, date_of_birth, diagnosis,
            primary_care_team_id, user_id)
          values (${ORG.A}, 'STAFF-LINK', 'Staff', 'Link', '1970-01-01', 'Lymphoma', ${TEAM.A1}, ${USER.nurseA1})`,
      "enrolling a record linked to the nurse's own account",
    );
    const rows = await owner<{ id: string; user_id: string | null }>(
      sql`select id, user_id from patients where id in (${PATIENT.P1}, ${PATIENT.P3}) order by hospital_number`,
    );
    expect(rows).toEqual([
      { id: PATIENT.P1, user_id: USER.patientP1 },
      { id: PATIENT.P3, user_id: null },
    ]);
  });

  test("enrolment still links the new record to the patient's new account, which reads it", async () => {
    const patientId = randomUUID();
    const enrolment = await as(db, USER.nurseA1, (tx) =>
      enrolPatient(tx, {
        patientId,
        organisationId: ORG.A,
        careTeamId: TEAM.A1,
        hospitalNumber: `WC-${patientId.slice(0, 8)}`,
        givenName: "Enrolled",
        familyName: "Here",
        dateOfBirth: "1975-05-05",
        diagnosis: "Lymphoma",
        email: `enrolled-${patientId}@fixture.example`,
        categories: ["symptoms", "treatment", "alerts", "demographics"],
        enrolledBy: USER.nurseA1,
        now: new Date(),
      }),
    );
    const own = await as(db, enrolment.userId, (tx) => rowsOf<{ id: string }>(tx, sql`select id from patients`));
    expect(own.map((r) => r.id)).toEqual([patientId]);
    const [row] = await owner<{ created_by: string; rule_by: string; account_by: string }>(
      sql`select p.created_by, r.created_by as rule_by, u.created_by as account_by
          from patients p join consent_rules r on r.patient_id = p.id join users u on u.id = p.user_id
          where p.id = ${patientId}`,
    );
    expect(row).toEqual({ created_by: USER.nurseA1, rule_by: USER.nurseA1, account_by: USER.nurseA1 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("rows that belong to a report, an alert or a plan belong to its patient", () => {
  test("a patient cannot attach answers or grades to another patient's report", async () => {
    await expectRefused(
      USER.patientP1,
      sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
          values (${RECORDS.P2.report}, ${PATIENT.P1}, 'fatigue', 'severity', 3)`,
      "an answer on P2's report",
    );
    await expectRefused(
      USER.patientP1,
      sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
          values (${RECORDS.P2.report}, ${PATIENT.P1}, 'fatigue', 3, now())`,
      "a grade on P2's report",
    );
    // On his own report, both are accepted.
    await expectWritten(
      USER.patientP1,
      sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
          values (${RECORDS.P1.report}, ${PATIENT.P1}, 'fatigue', 'severity', 3)`,
      "an answer on P1's own report",
    );
  });

  const alertOn = (report: string, team: string) =>
    sql`insert into alerts (patient_id, care_team_id, report_id, severity, reasons, due_at)
        values (${PATIENT.P1}, ${team}, ${report}, 'red', '{fever}', now() + interval '1 hour')`;

  test("a patient's alert goes to his own care team, on his own report", async () => {
    // P1's fixture alert is active: a second one is refused by the one-active-alert index.
    expect(await attempt(USER.patientP1, alertOn(RECORDS.P1.spareReport, TEAM.A1))).toBe("23505");
    await withoutActiveAlert(PATIENT.P1, async () => {
      await expectRefused(USER.patientP1, alertOn(RECORDS.P1.spareReport, TEAM.A2), "to a team that cannot see him");
      await expectRefused(USER.patientP1, alertOn(RECORDS.P1.spareReport, TEAM.B1), "to another organisation's team");
      await expectRefused(USER.patientP1, alertOn(RECORDS.P2.spareReport, TEAM.A1), "on P2's report");
      await expectWritten(USER.patientP1, alertOn(RECORDS.P1.spareReport, TEAM.A1), "on his own report, to his team");
      // A clinician taking a report by phone raises it for the patient's team too, and no other.
      await expectRefused(USER.oncologistA1, alertOn(RECORDS.P1.spareReport, TEAM.A2), "a clinician's, to team A2");
      await expectWritten(USER.oncologistA1, alertOn(RECORDS.P1.spareReport, TEAM.A1), "a clinician's, to team A1");
    });
  });

  test("a clinician cannot note another patient's alert, or add cycles and versions to another patient's plan", async () => {
    const statements: [string, SQL][] = [
      [
        "a note on P3's alert filed under P1",
        sql`insert into alert_events (alert_id, patient_id, user_id, kind, note)
            values (${RECORDS.P3.alert}, ${PATIENT.P1}, ${USER.oncologistA1}, 'note', 'filed under P1')`,
      ],
      [
        "a note on P3's alert under a colleague's name",
        sql`insert into alert_events (alert_id, patient_id, user_id, kind, note)
            values (${RECORDS.P3.alert}, ${PATIENT.P1}, ${USER.nurseA1}, 'note', 'in her name')`,
      ],
      [
        "a cycle on P3's plan filed under P1",
        sql`insert into treatment_cycles (plan_id, patient_id, cycle_number, planned_date)
            values (${RECORDS.P3.plan}, ${PATIENT.P1}, 9, '2026-06-01')`,
      ],
      [
        "a version of P3's plan filed under P1",
        sql`insert into treatment_plan_versions (plan_id, patient_id, version, changed_by, current)
            values (${RECORDS.P3.plan}, ${PATIENT.P1}, 50, ${USER.oncologistA1}, '{}'::jsonb)`,
      ],
    ];
    for (const [what, statement] of statements) await expectRefused(USER.oncologistA1, statement, what);
    await expectWritten(
      USER.oncologistA1,
      sql`insert into treatment_cycles (plan_id, patient_id, cycle_number, planned_date)
          values (${RECORDS.P1.plan}, ${PATIENT.P1}, 9, '2026-06-01')`,
      "a cycle on P1's own plan",
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe("columns that say who did something name the caller", () => {
  test("nobody sets who acknowledged, resolved, was assigned or last changed a plan by hand", async () => {
    const statements: [string, SQL][] = [
      ["acknowledged_by", sql`update alerts set acknowledged_by = ${USER.oncologistA1} where id = ${RECORDS.P1.alert}`],
      ["resolved_by", sql`update alerts set resolved_by = ${USER.oncologistA1} where id = ${RECORDS.P1.alert}`],
      ["assigned_to", sql`update alerts set assigned_to = ${USER.nurseA2} where id = ${RECORDS.P1.alert}`],
      ["updated_by", sql`update treatment_plans set updated_by = ${USER.oncologistA1} where id = ${RECORDS.P1.plan}`],
    ];
    for (const [what, statement] of statements) await expectRefused(USER.nurseA1, statement, what);
  });

  test("a new row naming someone else as its author is refused; naming nobody, it names the caller", async () => {
    const forged: [string, string, SQL][] = [
      [
        "a plan updated by a colleague",
        USER.oncologistA1,
        sql`insert into treatment_plans (patient_id, regimen, drugs, intent, cycle_length_days, planned_cycles, start_date, updated_by)
            values (${PATIENT.P1}, 'FOLFOX', '{oxaliplatin}', 'palliative', 14, 12, '2026-03-02', ${USER.nurseA1})`,
      ],
      [
        "a report submitted by a colleague",
        USER.oncologistA1,
        sql`insert into symptom_reports (patient_id, source, submitted_by)
            values (${PATIENT.P1}, 'clinician_phone', ${USER.nurseA1})`,
      ],
      [
        "a report submitted by the patient, entered by a clinician",
        USER.oncologistA1,
        sql`insert into symptom_reports (patient_id, source, submitted_by) values (${PATIENT.P1}, 'patient', ${USER.patientP1})`,
      ],
      [
        "a consent rule created by a clinician",
        USER.patientP1,
        sql`insert into consent_rules (patient_id, grantee_user_id, effect, categories, created_by)
            values (${PATIENT.P1}, ${USER.nurseA2}, 'allow', '{symptoms}', ${USER.oncologistA1})`,
      ],
      [
        "a patient record enrolled by a colleague",
        USER.oncologistA1,
        sql`insert into patients (organisation_id, hospital_number, given_name, family_name, date_of_birth, diagnosis,
              primary_care_team_id, created_by)
            values (${ORG.A}, 'FORGED-BY', 'New', 'Patient', '1970-01-01', 'Lymphoma', ${TEAM.A1}, ${USER.nurseA1})`,
      ],
      [
        "an account created by another admin",
        USER.adminA,
        sql`insert into users (organisation_id, kind, email, display_name, created_by)
            values (${ORG.A}, 'staff', 'forged-creator@fixture.example', 'Forged', ${USER.adminOncologistA})`,
      ],
      [
        "a role granted by another admin",
        USER.adminA,
        sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role, created_by)
            values (${USER.nurseA2}, ${ORG.A}, ${TEAM.A1}, 'nurse', ${USER.adminOncologistA})`,
      ],
      [
        "a link issued by another admin",
        USER.adminA,
        sql`insert into invitations (user_id, token_hash, purpose, expires_at, created_by)
            values (${USER.nurseA2}, 'forged-link', 'reset', now() + interval '1 hour', ${USER.adminOncologistA})`,
      ],
    ];
    for (const [what, user, statement] of forged) await expectRefused(user, statement, what);

    const rule = randomUUID();
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (id, patient_id, grantee_user_id, effect, categories)
        values (${rule}, ${PATIENT.P1}, ${USER.nurseA2}, 'deny', '{symptoms}')`),
    );
    const [stored] = await owner<{ created_by: string }>(sql`select created_by from consent_rules where id = ${rule}`);
    expect(stored.created_by).toBe(USER.patientP1);
  });

  test("acknowledging, assigning, resolving and reopening record the clinician who did it", async () => {
    const now = new Date();
    const patient = await patientLikeP1("actors");
    const id = await db.asOwner((o) => insertAlert(o, now, { patientId: patient, careTeamId: TEAM.A1 }));
    const target = (userId: string, expectedVersion: number) => ({
      alertId: id,
      patientId: patient,
      expectedVersion,
      userId,
      now: new Date(),
    });
    const people = () =>
      owner<{ acknowledged_by: string | null; resolved_by: string | null; assigned_to: string | null }>(
        sql`select acknowledged_by, resolved_by, assigned_to from alerts where id = ${id}`,
      ).then(([row]) => row);

    const assigned = await as(db, USER.oncologistA1, (tx) =>
      assignAlert(tx, { ...target(USER.oncologistA1, 1), assigneeId: USER.nurseA1 }),
    );
    expect(assigned.status).toBe("changed");
    expect(await people()).toEqual({ acknowledged_by: null, resolved_by: null, assigned_to: USER.nurseA1 });

    expect((await as(db, USER.nurseA1, (tx) => acknowledgeAlert(tx, target(USER.nurseA1, 2)))).status).toBe("changed");
    expect(await people()).toEqual({ acknowledged_by: USER.nurseA1, resolved_by: null, assigned_to: USER.nurseA1 });

    const resolved = await as(db, USER.oncologistA1, (tx) =>
      resolveAlert(tx, { ...target(USER.oncologistA1, 3), outcomeCodes: ["self_care_advice"] }),
    );
    expect(resolved.status).toBe("changed");
    expect(await people()).toEqual({
      acknowledged_by: USER.nurseA1,
      resolved_by: USER.oncologistA1,
      assigned_to: USER.nurseA1,
    });

    expect((await as(db, USER.nurseA1, (tx) => reopenAlert(tx, target(USER.nurseA1, 4)))).status).toBe("changed");
    expect(await people()).toEqual({ acknowledged_by: USER.nurseA1, resolved_by: null, assigned_to: USER.nurseA1 });
  });

  test("an alert is assigned only to an active clinician of its team, by someone who may see it", async () => {
    const patient = await patientLikeP1("assignee");
    const id = await db.asOwner((o) => insertAlert(o, new Date(), { patientId: patient, careTeamId: TEAM.A1 }));
    const assign = (by: string, assignee: string) =>
      as(db, by, (tx) =>
        rowsOf<{ ok: boolean }>(tx, sql`select app.assign_alert(${id}, ${patient}, 1, ${assignee}) as ok`),
      ).then(([row]) => row.ok);
    expect(await assign(USER.oncologistA1, USER.nurseA2), "a nurse of another team").toBe(false);
    expect(await assign(USER.oncologistA1, USER.adminA), "an admin").toBe(false);
    expect(await assign(USER.nurseA2, USER.nurseA2), "by a nurse who may not see the alert").toBe(false);
    expect(await assign(USER.patientP1, USER.nurseA1), "by the patient").toBe(false);
    const [before] = await owner<{ assigned_to: string | null; version: number }>(
      sql`select assigned_to, version from alerts where id = ${id}`,
    );
    expect(before).toEqual({ assigned_to: null, version: 1 });
    expect(await assign(USER.oncologistA1, USER.nurseA1), "a nurse of the team").toBe(true);
  });

  test("saving a plan records the clinician who saved it", async () => {
    const current = await as(db, USER.nurseA1, (tx) => findCurrentPlan(tx, { patientId: PATIENT.P1 }));
    if (!current) throw new Error("P1 has a plan in the fixtures");
    await as(db, USER.nurseA1, (tx) =>
      savePlan(tx, {
        patientId: PATIENT.P1,
        planId: current.id,
        expectedVersion: current.version,
        plan: { ...snapshotOf(current), regimen: "EC (saved by nurse A1)" },
        reason: "Regimen renamed",
        decidedBy: null,
        changedBy: USER.nurseA1,
        now: new Date(),
      }),
    );
    const [row] = await owner<{ updated_by: string; regimen: string }>(
      sql`select updated_by, regimen from treatment_plans where id = ${current.id}`,
    );
    expect(row).toEqual({ updated_by: USER.nurseA1, regimen: "EC (saved by nurse A1)" });
  });
});

// ---------------------------------------------------------------------------------------------
describe("the audit trail takes only the caller's own events", () => {
  const event = (org: string, actor: string | null, action: string, patient: string | null) =>
    sql`insert into audit_events (organisation_id, actor_user_id, action, patient_id, outcome)
        values (${org}, ${actor}, ${action}, ${patient}, 'allowed')`;

  test("a patient cannot write into another patient's access log", async () => {
    await expectRefused(
      USER.patientP1,
      event(ORG.A, USER.patientP1, "patient_record_viewed", PATIENT.P2),
      "patient P1 viewing P2",
    );
    await expectWritten(USER.patientP1, event(ORG.A, USER.patientP1, "own_record_viewed", PATIENT.P1), "own record");
  });

  test("an event is in the caller's own organisation", async () => {
    await expectRefused(USER.nurseA1, event(ORG.B, USER.nurseA1, "record_viewed", null), "into organisation B's log");
    await expectRefused(USER.adminA, event(ORG.B, USER.adminA, "staff_list_viewed", null), "an admin, into B's log");
    // Staff may name a patient they were refused (denied attempts are audited), in their own organisation.
    await expectWritten(USER.nurseA1, event(ORG.A, USER.nurseA1, "patient_access_denied", PATIENT.P3), "P3, denied");
    await expectWritten(USER.nurseA1, event(ORG.A, USER.nurseA1, "patient_access_denied", PATIENT.P4), "P4, denied");
  });

  test("nobody adds an event without an actor to the security log", async () => {
    await expectRefused(null, event(ORG.A, null, "staff_signed_in", null), "with no user context");
    await expectRefused(USER.nurseA1, event(ORG.A, null, "sign_in_failed", null), "signed in, as nobody");
    await expectRefused(USER.adminA, event(ORG.B, null, "account_locked", null), "signed in, into B's log");
  });

  test("the sign-in events are written by the database, naming the account's organisation", async () => {
    const count = () =>
      owner<{ n: number }>(
        sql`select count(*)::int as n from audit_events
            where action = 'sign_in_failed' and actor_user_id is null and organisation_id = ${ORG.A}
              and resource_id = ${USER.nurseA2}`,
      ).then(([row]) => row.n);
    const before = await count();
    const result = await attemptSignIn(
      db.runtime,
      { email: "nursea2@fixture.example", password: "not the password" },
      { address: null, userAgent: null, at: new Date() },
    );
    expect(result).toMatchObject({ ok: false });
    expect(await count()).toBe(before + 1);

    const call = (userId: string | null, action: string) =>
      attempt(
        userId,
        sql`select 1 from (select app.append_sign_in_event(${action}, ${USER.nurseA2}, 'wrong_password')) x`,
      );
    expect(REFUSED, "under a user context").toContain(await call(USER.nurseA1, "sign_in_failed"));
    expect(REFUSED, "by the request role").toContain(await call(null, "sign_in_failed"));
    // The sign-in role's, and then only for sign-in events.
    const asSignIn = (action: string) =>
      runAsSignIn(db.runtime, (tx) =>
        tx.execute(
          sql`select 1 from (select app.append_sign_in_event(${action}, ${USER.nurseA2}, 'wrong_password')) x`,
        ),
      ).then(
        () => "allowed",
        (e) => sqlState(e),
      );
    expect(REFUSED, "an action that is not a sign-in event").toContain(await asSignIn("staff_role_granted"));
    await runAsSignIn(db.runtime, (tx) =>
      appendSignInEvent(tx, { action: "sign_in_failed", accountId: USER.nurseA2, reason: "wrong_password" }),
    );
    expect(await count()).toBe(before + 2);
  });
});
