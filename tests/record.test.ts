/**
 * A patient's record, the patient list and enrolment, through the app's own queries as the runtime
 * role, on the fixture world: a category that is not shared is neither queried nor returned (and
 * the policies return nothing of it even when asked), the list's facts respect consent, enrolment
 * creates the record, the team's consent rule and the patient's invitation, and emergency access
 * opens a record for a limited time. Runs on PGlite and PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { DataCategory } from "@/lib/vocabulary";
import { startEmergencyAccess } from "../db/queries/emergency";
import { type EnrolPatientParams, enrolPatient, listVisiblePatients } from "../db/queries/patients";
import { loadPatientRecord } from "../db/queries/record";
import { AppError } from "../lib/errors";
import { userFacingError } from "../server/http/messages";
import { rowsOf } from "./support/database";
import {
  as,
  CATEGORIES,
  fixtureId,
  ORG,
  PATIENT,
  PERMISSION_DENIED,
  RECORDS,
  sentinels,
  sqlState,
  TEAM,
  USER,
} from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("record");

const ALL = [...CATEGORIES];
const load = (userId: string, patientId: string, readable: readonly DataCategory[] = ALL) =>
  as(db, userId, (tx) => loadPatientRecord(tx, { patientId, viewerId: userId, readable, now: new Date() }));

/** Every sentinel of `label`'s categories that appears in `value`. */
function leaked(value: unknown, label: string, categories: readonly DataCategory[]): string[] {
  const text = JSON.stringify(value);
  const s = sentinels(label);
  return categories.flatMap((c) => s[c].filter((sentinel) => text.includes(sentinel)));
}

describe("the patient record", () => {
  test("a clinician with consent reads every part: identity, plan, timeline, reports with answers, alerts with history", async () => {
    const record = await load(USER.oncologistA1, PATIENT.P1);
    expect(record.header).toMatchObject({ id: PATIENT.P1, hospitalNumber: "HN-P1-zq", careTeam: "Team A1" });
    expect(record.plan).toMatchObject({ id: RECORDS.P1.plan, regimen: "regimen P1 zq", cycleLengthDays: 21 });
    expect(record.plan?.cycles).toHaveLength(1);
    expect(record.timeline?.reports.map((r) => r.id).sort()).toEqual(
      [RECORDS.P1.report, RECORDS.P1.spareReport].sort(),
    );
    const report = record.reports?.find((r) => r.id === RECORDS.P1.report);
    expect(report).toMatchObject({
      note: "symptom note P1 zq",
      answers: [{ symptom: "nausea", attribute: "severity", value: 2 }],
      grades: [{ symptom: "nausea", grade: 2 }],
    });
    expect(record.alerts).toEqual([
      expect.objectContaining({
        id: RECORDS.P1.alert,
        severity: "amber",
        status: "open",
        reasons: ["alert reason P1 zq"],
        events: [expect.objectContaining({ id: RECORDS.P1.alertEvent, kind: "note", userId: USER.oncologistA1 })],
      }),
    ]);
    expect(record.staff[USER.oncologistA1]).toBe("Staff oncologistA1");
    expect(record.emergency).toBeNull();
  });

  test("a category the patient has not shared is not read at all", async () => {
    // As the page asks: P2 withholds symptoms from nurse A1.
    const record = await load(USER.nurseA1, PATIENT.P2, ["treatment", "alerts", "demographics"]);
    expect(record.timeline).toBeNull();
    expect(record.reports).toBeNull();
    expect(record.header?.id).toBe(PATIENT.P2);
    expect(record.alerts).toHaveLength(1);
    expect(leaked(record, "P2", ["symptoms"])).toEqual([]);
  });

  test("and the policies return nothing of it even when the page asks for it", async () => {
    const record = await load(USER.nurseA1, PATIENT.P2);
    expect(record.timeline?.reports).toEqual([]);
    expect(record.reports).toEqual([]);
    expect(leaked(record, "P2", ["symptoms"])).toEqual([]);
    const other = await load(USER.nurseA2, PATIENT.P1);
    expect(other).toMatchObject({ header: null, plan: null, reports: [], alerts: [], emergency: null });
    expect(leaked(other, "P1", ALL)).toEqual([]);
    const admin = await load(USER.adminA, PATIENT.P1);
    expect(leaked(admin, "P1", ALL)).toEqual([]);
  });

  test("an emergency access opens the whole record, and the record says so", async () => {
    expect((await load(USER.nurseA2, PATIENT.P1)).header).toBeNull();
    await as(db, USER.nurseA2, (tx) =>
      startEmergencyAccess(tx, {
        userId: USER.nurseA2,
        patientId: PATIENT.P1,
        reason: "Unconscious in A&E, on chemotherapy",
        hours: 1,
      }),
    );
    const record = await load(USER.nurseA2, PATIENT.P1);
    expect(record.header?.id).toBe(PATIENT.P1);
    expect(record.reports?.length).toBe(2);
    expect(record.emergency).toMatchObject({ reason: "Unconscious in A&E, on chemotherapy" });
    const hours =
      ((record.emergency?.expiresAt.getTime() ?? 0) - (record.emergency?.startedAt.getTime() ?? 0)) / 3_600_000;
    expect(hours).toBe(1);
    // Only for the clinician who opened it.
    expect((await load(USER.nurseA1, PATIENT.P1)).emergency).toBeNull();
  });
});

describe("the patient list", () => {
  test("lists the patients the clinician may see with their last report, worst recent grade and open alerts", async () => {
    const { rows, total } = await as(db, USER.nurseA1, (tx) =>
      listVisiblePatients(tx, { limit: 25, offset: 0, recentSince: new Date(Date.now() - 7 * 86_400_000) }),
    );
    expect(total).toBe(2);
    const p1 = rows.find((r) => r.id === PATIENT.P1);
    const p2 = rows.find((r) => r.id === PATIENT.P2);
    expect(p1).toMatchObject({
      hospitalNumber: "HN-P1-zq",
      careTeam: "Team A1",
      symptomsShared: true,
      alertsShared: true,
      worstRecentGrade: 2,
      openAlerts: { red: 0, amber: 1 },
    });
    expect(p1?.lastReportAt).toBeInstanceOf(Date);
    // P2 withholds symptoms from this nurse: said so, never read.
    expect(p2).toMatchObject({
      symptomsShared: false,
      lastReportAt: null,
      worstRecentGrade: null,
      openAlerts: { red: 0, amber: 1 },
    });
  });

  test("searches by name or hospital number, every word matching, wildcards taken literally", async () => {
    const search = (text: string) =>
      as(db, USER.oncologistA1, (tx) => listVisiblePatients(tx, { search: text, limit: 25, offset: 0 })).then((r) =>
        r.rows.map((row) => row.id),
      );
    expect(await search("FamilyP1zq")).toEqual([PATIENT.P1]);
    expect(await search("givenp2zq familyp2")).toEqual([PATIENT.P2]);
    expect(await search("HN-P2")).toEqual([PATIENT.P2]);
    expect(await search("GivenP1zq FamilyP2zq")).toEqual([]);
    expect(await search("%")).toEqual([]);
    expect(await search("HN-P3")).toEqual([]); // another team's patient
  });
});

describe("enrolling a patient", () => {
  const base = (over: Partial<EnrolPatientParams> = {}): EnrolPatientParams => ({
    patientId: fixtureId(`enrol:${Math.random()}`),
    organisationId: ORG.A,
    careTeamId: TEAM.A1,
    hospitalNumber: `HN-NEW-${Math.floor(Math.random() * 1e6)}`,
    givenName: "Morag",
    familyName: "Enrolled",
    dateOfBirth: "1958-02-14",
    diagnosis: "Breast cancer",
    email: `morag.${Math.floor(Math.random() * 1e6)}@patient.example`,
    categories: ["symptoms", "treatment", "alerts"],
    enrolledBy: USER.nurseA1,
    now: new Date(),
    ...over,
  });

  test("creates the record, the care team's consent rule and an invitation for the patient's own account", async () => {
    const params = base();
    const enrolment = await as(db, USER.nurseA1, (tx) => enrolPatient(tx, params));
    expect(enrolment.invitation.path).toMatch(/^\/activate\/[A-Za-z0-9_-]{43}$/);
    // The rule covers what the patient agreed to: not their personal details, so the list does not show them…
    const list = await as(db, USER.nurseA1, (tx) => listVisiblePatients(tx, { limit: 25, offset: 0 }));
    expect(list.rows.some((r) => r.id === params.patientId)).toBe(false);
    // …but their symptoms and treatment are readable at once.
    const record = await load(USER.oncologistA1, params.patientId, ["symptoms", "treatment", "alerts"]);
    expect(record.reports).toEqual([]);
    const [facts] = await db.asOwner((owner) =>
      rowsOf<{
        kind: string;
        user_id: string;
        categories: string[];
        grantee: string;
        invitations: number;
        created_by: string;
      }>(
        owner,
        sql`select u.kind, p.user_id, r.categories, r.grantee_care_team_id as grantee, p.created_by,
                   (select count(*)::int from invitations i where i.user_id = u.id and i.purpose = 'activate' and i.used_at is null) as invitations
            from patients p join users u on u.id = p.user_id join consent_rules r on r.patient_id = p.id
            where p.id = ${params.patientId}`,
      ),
    );
    expect(facts).toEqual({
      kind: "patient",
      user_id: enrolment.userId,
      categories: ["symptoms", "treatment", "alerts"],
      grantee: TEAM.A1,
      invitations: 1,
      created_by: USER.nurseA1,
    });
  });

  test("a patient who shares everything appears in the team's list at once", async () => {
    const params = base({ categories: [...ALL] });
    await as(db, USER.oncologistA1, (tx) => enrolPatient(tx, { ...params, enrolledBy: USER.oncologistA1 }));
    const list = await as(db, USER.nurseA1, (tx) =>
      listVisiblePatients(tx, { search: params.hospitalNumber, limit: 25, offset: 0 }),
    );
    expect(list.rows.map((r) => r.id)).toEqual([params.patientId]);
  });

  test("a hospital number or email already in use is refused in words, beside the field", async () => {
    const first = base();
    await as(db, USER.nurseA1, (tx) => enrolPatient(tx, first));
    const again = await as(db, USER.nurseA1, (tx) =>
      enrolPatient(tx, base({ hospitalNumber: first.hospitalNumber })),
    ).then(
      () => null,
      (e) => e,
    );
    expect(again).toBeInstanceOf(AppError);
    expect(userFacingError(again).fields).toEqual([
      { field: "hospitalNumber", message: "A patient with this hospital number is already enrolled." },
    ]);
    const email = await as(db, USER.nurseA1, (tx) => enrolPatient(tx, base({ email: first.email.toUpperCase() }))).then(
      () => null,
      (e) => e,
    );
    expect(userFacingError(email).fields?.[0].field).toBe("email");
    const twice = await as(db, USER.nurseA1, (tx) => enrolPatient(tx, base({ patientId: first.patientId }))).then(
      () => null,
      (e) => e,
    );
    expect((twice as AppError).code).toBe("conflict");
  });

  test("nobody grants their own team consent through another team's enrolment, or enrols across organisations", async () => {
    // Nurse A1 holds no role in team A2: the consent rule is refused, and with it the whole enrolment.
    const otherTeam = await as(db, USER.nurseA1, (tx) => enrolPatient(tx, base({ careTeamId: TEAM.A2 }))).then(
      () => null,
      (e) => e,
    );
    expect(sqlState(otherTeam)).toBe(PERMISSION_DENIED);
    const otherOrg = await as(db, USER.nurseB, (tx) =>
      enrolPatient(tx, base({ organisationId: ORG.A, enrolledBy: USER.nurseB })),
    ).then(
      () => null,
      (e) => e,
    );
    expect(sqlState(otherOrg)).toBe(PERMISSION_DENIED);
    const admin = await as(db, USER.adminA, (tx) => enrolPatient(tx, base({ enrolledBy: USER.adminA }))).then(
      () => null,
      (e) => e,
    );
    expect(sqlState(admin)).toBe(PERMISSION_DENIED);
  });
});
