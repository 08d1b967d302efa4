/**
 * The small world every security suite runs against, built as the owner with stable ids.
 *
 *   Organisation A: care teams A1 and A2.  Organisation B: care team B1.
 *
 *   oncologistA1      oncologist, team A1
 *   nurseA1           nurse, team A1 (patient P2 denies her `symptoms`, directly)
 *   nurseA2           nurse, team A2 (another team)
 *   adminA            admin of A only, no clinical role
 *   adminOncologistA  admin of A and oncologist in team A1
 *   nurseB            nurse, team B1 (another organisation)
 *   patientP1         the account of patient P1
 *
 *   P1, P2: team A1.  P3: team A2.  P4: team B1 (organisation B).
 *
 * Every patient has an allow rule for their own team on all four categories, and one row in every
 * patient-data table: a symptom report (with one answer and one grade) and a spare report without an
 * alert, an alert with one event, a treatment plan with one cycle and one plan version, a device token,
 * an emergency access that has already expired (so it grants nothing), and an audit event about them.
 * Each organisation also has one audit event that names no patient.
 */
import { type SQL, sql } from "drizzle-orm";
import type { PlanSnapshot } from "@/lib/treatment/plan";
import type { DataCategory, StaffRole } from "@/lib/vocabulary";
import type { Database, Tx } from "../../db/client";
import { runWithRls } from "../../db/rls";
import * as t from "../../db/schema";
import { stableId } from "../../db/stable-id";
import { sha256Hex } from "../../lib/hash";
import type { TestDatabase } from "./database";

export const fixtureId = (name: string) => stableId(`fixture:${name}`);

export const CATEGORIES: readonly DataCategory[] = ["symptoms", "treatment", "alerts", "demographics"];

/** Every table of patient data: `patients` itself, and each table whose rows name a patient. */
export const PATIENT_DATA_TABLES = [
  "patients",
  "consent_rules",
  "symptom_reports",
  "symptom_answers",
  "symptom_grades",
  "alerts",
  "alert_events",
  "alert_reports",
  "treatment_plans",
  "treatment_cycles",
  "treatment_cycle_doses",
  "treatment_plan_versions",
  "emergency_accesses",
  "device_tokens",
  "audit_events",
] as const;

/** The tables (and the column naming the patient) that hold each category. */
export const CATEGORY_TABLES: Record<DataCategory, readonly { table: string; patientColumn: string }[]> = {
  demographics: [{ table: "patients", patientColumn: "id" }],
  symptoms: [
    { table: "symptom_reports", patientColumn: "patient_id" },
    { table: "symptom_answers", patientColumn: "patient_id" },
    { table: "symptom_grades", patientColumn: "patient_id" },
  ],
  alerts: [
    { table: "alerts", patientColumn: "patient_id" },
    { table: "alert_events", patientColumn: "patient_id" },
    { table: "alert_reports", patientColumn: "patient_id" },
  ],
  treatment: [
    { table: "treatment_plans", patientColumn: "patient_id" },
    { table: "treatment_cycles", patientColumn: "patient_id" },
    { table: "treatment_cycle_doses", patientColumn: "patient_id" },
    { table: "treatment_plan_versions", patientColumn: "patient_id" },
  ],
};

export const ORG = { A: fixtureId("org:A"), B: fixtureId("org:B") } as const;
export const TEAM = { A1: fixtureId("team:A1"), A2: fixtureId("team:A2"), B1: fixtureId("team:B1") } as const;

export const USER = {
  oncologistA1: fixtureId("user:oncologistA1"),
  nurseA1: fixtureId("user:nurseA1"),
  nurseA2: fixtureId("user:nurseA2"),
  adminA: fixtureId("user:adminA"),
  adminOncologistA: fixtureId("user:adminOncologistA"),
  nurseB: fixtureId("user:nurseB"),
  patientP1: fixtureId("user:patientP1"),
} as const;
export type UserKey = keyof typeof USER;
export const USER_KEYS = Object.keys(USER) as UserKey[];

type Membership = { org: keyof typeof ORG; team: keyof typeof TEAM | null; role: StaffRole };
export const STAFF: Record<Exclude<UserKey, "patientP1">, { org: keyof typeof ORG; memberships: Membership[] }> = {
  oncologistA1: { org: "A", memberships: [{ org: "A", team: "A1", role: "oncologist" }] },
  nurseA1: { org: "A", memberships: [{ org: "A", team: "A1", role: "nurse" }] },
  nurseA2: { org: "A", memberships: [{ org: "A", team: "A2", role: "nurse" }] },
  adminA: { org: "A", memberships: [{ org: "A", team: null, role: "admin" }] },
  adminOncologistA: {
    org: "A",
    memberships: [
      { org: "A", team: null, role: "admin" },
      { org: "A", team: "A1", role: "oncologist" },
    ],
  },
  nurseB: { org: "B", memberships: [{ org: "B", team: "B1", role: "nurse" }] },
};

export const PATIENT = {
  P1: fixtureId("patient:P1"),
  P2: fixtureId("patient:P2"),
  P3: fixtureId("patient:P3"),
  P4: fixtureId("patient:P4"),
} as const;
export type PatientKey = keyof typeof PATIENT;
export const PATIENT_KEYS = Object.keys(PATIENT) as PatientKey[];

/** Each patient's organisation and primary care team. */
export const PATIENT_HOME: Record<PatientKey, { org: string; team: string }> = {
  P1: { org: ORG.A, team: TEAM.A1 },
  P2: { org: ORG.A, team: TEAM.A1 },
  P3: { org: ORG.A, team: TEAM.A2 },
  P4: { org: ORG.B, team: TEAM.B1 },
};

/** Ids of the rows a patient's record is made of (see insertPatientWithRecords). */
export type PatientRecords = ReturnType<typeof recordIds>;
export function recordIds(label: string) {
  const r = (what: string) => fixtureId(`${label}:${what}`);
  return {
    report: r("report"),
    spareReport: r("spare-report"),
    alert: r("alert"),
    alertEvent: r("alert-event"),
    plan: r("plan"),
    cycle: r("cycle"),
    cycleDose: r("cycle-dose"),
    planVersion: r("plan-version"),
    deviceToken: r("device-token"),
    /** The device's bearer token, and the hash of it that is stored. */
    deviceSecret: `srm_fixture_${label}`,
    deviceTokenHash: sha256Hex(`srm_fixture_${label}`),
    allowRule: r("allow-rule"),
    emergencyAccess: r("emergency-access"),
  };
}
export const RECORDS: Record<PatientKey, PatientRecords> = {
  P1: recordIds("P1"),
  P2: recordIds("P2"),
  P3: recordIds("P3"),
  P4: recordIds("P4"),
};
/** P2 withholds `symptoms` from nurse A1, by name, while her team's allow rule covers it. */
export const DENY_RULE_P2 = fixtureId("P2:deny-symptoms-nurseA1");

/**
 * Distinctive strings stored in each patient's record, one set per category, so a suite can search
 * any output (a view, a function's result) for data it must not contain.
 */
export function sentinels(label: string): Record<DataCategory, string[]> {
  return {
    demographics: [`Given${label}zq`, `Family${label}zq`, `HN-${label}-zq`, `Diagnosis ${label} zq`],
    symptoms: [`symptom note ${label} zq`],
    alerts: [`alert reason ${label} zq`],
    treatment: [`regimen ${label} zq`],
  };
}

/**
 * Who may read which category of which fixture patient, straight from the rules: a patient reads
 * their own record; a clinician reads what their team's allow rule covers unless a deny rule names
 * them; an admin without a clinical role reads nothing; nobody reads across teams or organisations.
 */
export const READABLE: Record<UserKey, Record<DataCategory, PatientKey[]>> = {
  oncologistA1: { symptoms: ["P1", "P2"], treatment: ["P1", "P2"], alerts: ["P1", "P2"], demographics: ["P1", "P2"] },
  nurseA1: { symptoms: ["P1"], treatment: ["P1", "P2"], alerts: ["P1", "P2"], demographics: ["P1", "P2"] },
  nurseA2: { symptoms: ["P3"], treatment: ["P3"], alerts: ["P3"], demographics: ["P3"] },
  adminA: { symptoms: [], treatment: [], alerts: [], demographics: [] },
  adminOncologistA: {
    symptoms: ["P1", "P2"],
    treatment: ["P1", "P2"],
    alerts: ["P1", "P2"],
    demographics: ["P1", "P2"],
  },
  nurseB: { symptoms: ["P4"], treatment: ["P4"], alerts: ["P4"], demographics: ["P4"] },
  patientP1: { symptoms: ["P1"], treatment: ["P1"], alerts: ["P1"], demographics: ["P1"] },
};

/** The fixture key of a patient id, or the id itself for a patient outside the fixture. */
export function patientKeyOf(id: string): string {
  return PATIENT_KEYS.find((k) => PATIENT[k] === id) ?? id;
}

/** Runs `work` as `userId` (null: no user context) through the app's own runWithRls, as the runtime role. */
export function as<T>(db: TestDatabase | Database, userId: string | null, work: (tx: Tx) => Promise<T>): Promise<T> {
  const database = "runtime" in db ? db.runtime : db;
  return runWithRls(database, { userId }, work);
}

export type NewPatient = {
  id: string;
  label: string;
  organisationId: string;
  careTeamId: string;
  userId?: string | null;
  /** A clinician of the patient's organisation, named as the author of clinical rows. */
  clinicianId: string;
  /** Whose expired emergency access the record carries (defaults to the clinician). */
  emergencyUserId?: string;
};

/**
 * Inserts one patient and a row in every patient-data table, as the owner. Row ids come from
 * recordIds(label); text values carry sentinels(label). Consent rules other than none are the
 * caller's business.
 */
export async function insertPatientWithRecords(db: Database | Tx, p: NewPatient): Promise<PatientRecords> {
  const ids = recordIds(p.label);
  const s = sentinels(p.label);
  const ago = (interval: string): SQL => sql`now() - ${interval}::interval`;
  await db.insert(t.patients).values({
    id: p.id,
    organisationId: p.organisationId,
    hospitalNumber: s.demographics[2],
    givenName: s.demographics[0],
    familyName: s.demographics[1],
    dateOfBirth: "1961-04-12",
    diagnosis: s.demographics[3],
    primaryCareTeamId: p.careTeamId,
    userId: p.userId ?? null,
  });
  await db.insert(t.symptomReports).values([
    { id: ids.report, patientId: p.id, source: "patient", submittedBy: p.userId ?? null, note: s.symptoms[0] },
    { id: ids.spareReport, patientId: p.id, source: "clinician_phone", submittedBy: p.clinicianId },
  ]);
  await db
    .insert(t.symptomAnswers)
    .values({ reportId: ids.report, patientId: p.id, symptom: "nausea", attribute: "severity", value: 2 });
  await db
    .insert(t.symptomGrades)
    .values({ reportId: ids.report, patientId: p.id, symptom: "nausea", grade: 2, reportedAt: ago("1 hour") });
  await db.insert(t.alerts).values({
    id: ids.alert,
    patientId: p.id,
    careTeamId: p.careTeamId,
    reportId: ids.report,
    severity: "amber",
    reasons: [s.alerts[0]],
    dueAt: sql`now() + interval '4 hours'`,
  });
  await db.insert(t.alertReports).values({
    reportId: ids.report,
    alertId: ids.alert,
    patientId: p.id,
    severity: "amber",
    reasons: [s.alerts[0]],
    responseMinutes: 240,
  });
  await db
    .insert(t.alertEvents)
    .values({ id: ids.alertEvent, alertId: ids.alert, patientId: p.id, userId: p.clinicianId, kind: "note" });
  await db.insert(t.treatmentPlans).values({
    id: ids.plan,
    patientId: p.id,
    regimen: s.treatment[0],
    drugs: ["epirubicin", "cyclophosphamide"],
    intent: "adjuvant",
    cycleLengthDays: 21,
    plannedCycles: 6,
    startDate: "2026-01-05",
    updatedBy: p.clinicianId,
  });
  await db
    .insert(t.treatmentCycles)
    .values({ id: ids.cycle, planId: ids.plan, patientId: p.id, cycleNumber: 1, plannedDate: "2026-01-05" });
  await db
    .insert(t.treatmentCycleDoses)
    .values({ id: ids.cycleDose, cycleId: ids.cycle, patientId: p.id, agent: "epirubicin", dosePercent: 100 });
  await db.insert(t.treatmentPlanVersions).values({
    id: ids.planVersion,
    planId: ids.plan,
    patientId: p.id,
    version: 1,
    changedBy: p.clinicianId,
    current: { regimen: s.treatment[0] },
  });
  await db
    .insert(t.deviceTokens)
    .values({ id: ids.deviceToken, patientId: p.id, name: "Phone", tokenHash: ids.deviceTokenHash });
  await db.insert(t.emergencyAccesses).values({
    id: ids.emergencyAccess,
    userId: p.emergencyUserId ?? p.clinicianId,
    patientId: p.id,
    reason: "Fixture: an emergency that is long over",
    startedAt: ago("2 days"),
    expiresAt: ago("1 day"),
  });
  await db.execute(sql`insert into audit_events (organisation_id, actor_user_id, actor_role, action, patient_id, outcome)
    values (${p.organisationId}, ${p.clinicianId}, 'nurse', 'record_viewed', ${p.id}, 'allowed')`);
  return ids;
}

/** Builds the fixture world as the owner. Call once per test database. */
export async function buildFixtures(db: TestDatabase): Promise<void> {
  await db.asOwner((owner) =>
    owner.transaction(async (tx) => {
      await tx.insert(t.organisations).values([
        { id: ORG.A, name: "Organisation A", slug: "org-a" },
        { id: ORG.B, name: "Organisation B", slug: "org-b" },
      ]);
      await tx.insert(t.careTeams).values([
        { id: TEAM.A1, organisationId: ORG.A, name: "Team A1" },
        { id: TEAM.A2, organisationId: ORG.A, name: "Team A2" },
        { id: TEAM.B1, organisationId: ORG.B, name: "Team B1" },
      ]);
      const staff = Object.entries(STAFF) as [keyof typeof STAFF, (typeof STAFF)[keyof typeof STAFF]][];
      await tx.insert(t.users).values([
        ...staff.map(([key, s]) => ({
          id: USER[key],
          organisationId: ORG[s.org],
          kind: "staff" as const,
          email: `${key.toLowerCase()}@fixture.example`,
          displayName: `Staff ${key}`,
          passwordHash: `password-hash-${key}`,
        })),
        {
          id: USER.patientP1,
          organisationId: ORG.A,
          kind: "patient" as const,
          email: "patientp1@fixture.example",
          displayName: "Patient P1",
          passwordHash: "password-hash-patientP1",
        },
      ]);
      await tx.insert(t.staffMemberships).values(
        staff.flatMap(([key, s]) =>
          s.memberships.map((m) => ({
            userId: USER[key],
            organisationId: ORG[m.org],
            careTeamId: m.team ? TEAM[m.team] : null,
            role: m.role,
          })),
        ),
      );
      const clinicianOf: Record<PatientKey, string> = {
        P1: USER.oncologistA1,
        P2: USER.oncologistA1,
        P3: USER.nurseA2,
        P4: USER.nurseB,
      };
      // Expired emergency accesses: by someone outside the patient's team where there is one.
      const emergencyBy: Record<PatientKey, string> = {
        P1: USER.nurseA2,
        P2: USER.nurseA2,
        P3: USER.oncologistA1,
        P4: USER.nurseB,
      };
      for (const key of PATIENT_KEYS) {
        await insertPatientWithRecords(tx, {
          id: PATIENT[key],
          label: key,
          organisationId: PATIENT_HOME[key].org,
          careTeamId: PATIENT_HOME[key].team,
          userId: key === "P1" ? USER.patientP1 : null,
          clinicianId: clinicianOf[key],
          emergencyUserId: emergencyBy[key],
        });
      }
      await tx.insert(t.consentRules).values([
        ...PATIENT_KEYS.map((key) => ({
          id: RECORDS[key].allowRule,
          patientId: PATIENT[key],
          granteeCareTeamId: PATIENT_HOME[key].team,
          effect: "allow" as const,
          categories: [...CATEGORIES],
          validFrom: sql`now() - interval '30 days'`,
        })),
        {
          id: DENY_RULE_P2,
          patientId: PATIENT.P2,
          granteeUserId: USER.nurseA1,
          effect: "deny" as const,
          categories: ["symptoms" as const],
          validFrom: sql`now() - interval '10 days'`,
        },
      ]);
      for (const org of [ORG.A, ORG.B]) {
        await tx.execute(sql`insert into audit_events (organisation_id, actor_user_id, action, outcome)
          values (${org}, null, 'staff_signed_in', 'allowed')`);
      }
    }),
  );
}

/** The SQLSTATE of a database error, looking through driver and drizzle wrappers. */
export function sqlState(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The database's message for an error, looking through wrappers. */
export function sqlMessage(error: unknown): string {
  let e: unknown = error;
  const messages: string[] = [];
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof Error) messages.push(e.message);
    e = (e as { cause?: unknown }).cause;
  }
  return messages.join(" / ");
}

/** insufficient_privilege: "permission denied ..." and "new row violates row-level security policy". */
export const PERMISSION_DENIED = "42501";

/** Rows affected by an INSERT/UPDATE/DELETE executed with drizzle's execute, on either driver. */
export function affectedRows(result: unknown): number {
  const r = result as { affectedRows?: number; count?: number; rowCount?: number };
  return r.affectedRows ?? r.count ?? r.rowCount ?? 0;
}

/** A valid Admin → Settings form, field by field as the settings page posts it. */
/** A new treatment plan as the editor sends it (no cycle given yet). */
export const EC_PLAN: PlanSnapshot = {
  regimen: "EC (epirubicin, cyclophosphamide)",
  drugs: ["epirubicin", "cyclophosphamide"],
  intent: "adjuvant",
  cycleLengthDays: 21,
  plannedCycles: 6,
  startDate: "2026-01-05",
  stoppedOn: null,
  cycles: [],
};

export const VALID_SETTINGS_FORM = {
  mfaRequiredForStaff: "yes",
  idleTimeoutMinutes: "30",
  absoluteTimeoutHours: "12",
  hospitalLine: "0131 537 1000",
  redGrade: "3",
  amberGrade: "2",
  riseForAmber: "2",
  feverC: "37.5",
  lowTemperatureC: "36.0",
  twoAmbersMakeRed: "yes",
  redResponseMinutes: "30",
  amberResponseMinutes: "480",
  canWaitDowngradesSingleAmber: "no",
};
