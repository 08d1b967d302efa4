import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import {
  authenticateDeviceToken,
  createDeviceToken,
  hashDeviceToken,
  listDeviceTokens,
  revokeDeviceToken,
} from "../db/queries/device-tokens";
import { findLastReportAnswers, gradeHistory, listReportsForPatient } from "../db/queries/report-reads";
import { type SubmitReportParams, submitReport } from "../db/queries/report-submit";
import { findReportResult } from "../db/queries/stored-reports";
import { runWithRls } from "../db/rls";
import { AppError } from "../lib/errors";
import { gradeSymptom } from "../lib/grading/composite";
import type { SymptomCode } from "../lib/grading/items";
import { makeSymptomReportInput, type SymptomReportPayload } from "../lib/reports/validation";
import { DEFAULT_TRIAGE_SETTINGS } from "../lib/triage/rules";
import {
  DEMO_ORG_ID,
  DEMO_TEAMS,
  demoPatientId,
  demoPatientUserId,
  demoStaffId,
  seedDemoData,
} from "../server/demo/seed";
import { DEMO_OUTCOME_CODES, seedDemoReports } from "../server/demo/seed-reports";
import { userFacingError } from "../server/http/messages";
import { rowsOf } from "./support/database";
import { suiteDatabase } from "./support/suite-database";

const HOURS = 60 * 60 * 1000;
const LINE = "0131 537 1000";
const db = suiteDatabase("reports", { fixtures: false });
let now: Date;

beforeAll(async () => {
  now = new Date();
  await db.asOwner((owner) => seedDemoData(owner, now));
});

const PATIENT = 0; // has an account; Breast Oncology
const OTHER_PATIENT = 1; // has an account; Lung and Upper GI Oncology

function asPatient<T>(index: number, work: (tx: Tx) => Promise<T>): Promise<T> {
  return runWithRls(db.runtime, { userId: demoPatientUserId(index), actingRole: "patient" }, work);
}

function params(payload: SymptomReportPayload, overrides: Partial<SubmitReportParams> = {}): SubmitReportParams {
  return {
    patientId: demoPatientId(PATIENT),
    organisationId: DEMO_ORG_ID,
    submittedBy: demoPatientUserId(PATIENT),
    source: "patient",
    idempotencyKey: null,
    input: makeSymptomReportInput(() => now).parse(payload),
    triageSettings: DEFAULT_TRIAGE_SETTINGS,
    hospitalLine: LINE,
    now,
    ...overrides,
  };
}

const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOURS).toISOString();

/** Row counts as the owner, past row-level security. */
async function counts(patientIndex = PATIENT) {
  const [row] = await db.asOwner((owner) =>
    rowsOf<{ reports: number; answers: number; grades: number; alerts: number }>(
      owner,
      sql`select (select count(*)::int from symptom_reports where patient_id = ${demoPatientId(patientIndex)}) as reports,
                 (select count(*)::int from symptom_answers where patient_id = ${demoPatientId(patientIndex)}) as answers,
                 (select count(*)::int from symptom_grades where patient_id = ${demoPatientId(patientIndex)}) as grades,
                 (select count(*)::int from alerts where patient_id = ${demoPatientId(patientIndex)}) as alerts`,
    ),
  );
  return row;
}

describe("submitReport", () => {
  test("stores the report, every answer, a grade per graded item and the alert, in the caller's transaction", async () => {
    const result = await asPatient(PATIENT, (tx) =>
      submitReport(
        tx,
        params({
          answers: {
            nausea: { frequency: 3, severity: 2 },
            fatigue: { severity: 0 },
            vomiting: { frequency: null },
            rash: { presence: 1 },
          },
          temperatureC: 36.8,
          canWait: true,
          note: "  Sick after the first day  ",
          reportedAt: hoursAgo(2),
        }),
      ),
    );
    expect(result).toMatchObject({
      replayed: false,
      level: "amber",
      reasons: ["Nausea grade 2"],
      emergency: false,
      responseMinutes: 480,
      grades: [
        { symptom: "nausea", grade: 2 },
        { symptom: "vomiting", grade: null },
        { symptom: "fatigue", grade: 0 },
      ],
      advice: { level: "amber", headline: "Your care team will contact you" },
    });
    expect(result.alertId).toEqual(expect.any(String));

    const rows = await db.asOwner(async (owner) => ({
      report: await rowsOf(
        owner,
        sql`select source, submitted_by, temperature_c::text as t, can_wait, note,
                                       (extract(epoch from reported_at) * 1000)::float8 as reported_ms
                                     from symptom_reports where id = ${result.reportId}`,
      ),
      answers: await rowsOf(
        owner,
        sql`select symptom, attribute, value from symptom_answers where report_id = ${result.reportId}
                                      order by symptom, attribute`,
      ),
      grades: await rowsOf(
        owner,
        sql`select symptom, grade from symptom_grades where report_id = ${result.reportId} order by symptom`,
      ),
      alert: await rowsOf(
        owner,
        sql`select severity, reasons, status, care_team_id,
                                      (extract(epoch from raised_at) * 1000)::float8 as raised_ms,
                                      (extract(epoch from due_at) * 1000)::float8 as due_ms
                                    from alerts where report_id = ${result.reportId}`,
      ),
    }));
    expect(rows.report).toEqual([
      expect.objectContaining({
        source: "patient",
        submitted_by: demoPatientUserId(PATIENT),
        t: "36.8",
        can_wait: true,
        note: "Sick after the first day",
      }),
    ]);
    expect(new Date(Number(rows.report[0].reported_ms)).toISOString()).toBe(hoursAgo(2));
    expect(rows.answers).toEqual([
      { symptom: "fatigue", attribute: "interference", value: null },
      { symptom: "fatigue", attribute: "severity", value: 0 },
      { symptom: "nausea", attribute: "frequency", value: 3 },
      { symptom: "nausea", attribute: "severity", value: 2 },
      { symptom: "rash", attribute: "presence", value: 1 },
      { symptom: "vomiting", attribute: "frequency", value: null },
      { symptom: "vomiting", attribute: "severity", value: null },
    ]);
    expect(rows.grades).toEqual([
      { symptom: "fatigue", grade: 0 },
      { symptom: "nausea", grade: 2 },
      { symptom: "vomiting", grade: null },
    ]);
    expect(rows.alert).toHaveLength(1);
    const alert = rows.alert[0];
    expect(alert).toMatchObject({ severity: "amber", status: "open", care_team_id: DEMO_TEAMS.breast.id });
    expect(alert.reasons).toEqual(["Nausea grade 2"]);
    expect(Number(alert.due_ms) - Number(alert.raised_ms)).toBe(480 * 60_000);
    expect(Number(alert.raised_ms)).toBe(now.getTime());
  });

  test("a red report: emergency flag and temperature, in plain words, with a 30-minute target", async () => {
    const result = await asPatient(PATIENT, (tx) =>
      submitReport(
        tx,
        params({
          answers: { shaking_chills: { frequency: 2, severity: 2 } },
          temperatureC: 38.2,
          redFlags: ["chest_pain"],
        }),
      ),
    );
    expect(result.level).toBe("red");
    expect(result.emergency).toBe(true);
    expect(result.responseMinutes).toBe(30);
    expect(result.reasons).toEqual(["Chest pain (emergency red flag)", "Temperature 38.2 C", "Shaking chills grade 2"]);
    expect(result.advice?.headline).toBe("Call 999 now for an ambulance");
    const [alert] = await db.asOwner((owner) =>
      rowsOf(owner, sql`select severity, reasons from alerts where id = ${result.alertId}`),
    );
    expect(alert).toEqual({ severity: "red", reasons: result.reasons });
  });

  test("a green report raises no alert and gives self-care advice", async () => {
    const before = await counts();
    const result = await asPatient(PATIENT, (tx) =>
      submitReport(tx, params({ answers: { constipation: { severity: 1 } }, reportedAt: hoursAgo(1) })),
    );
    expect(result).toMatchObject({ level: "green", reasons: [], alertId: null, responseMinutes: null });
    expect(result.advice?.body[0]).toMatch(/^Constipation: /);
    const after = await counts();
    expect(after).toEqual({
      reports: before.reports + 1,
      answers: before.answers + 1,
      grades: before.grades + 1,
      alerts: before.alerts,
    });
  });

  test("a transaction that fails after the report insert leaves nothing behind", async () => {
    const before = await counts();
    await expect(
      asPatient(PATIENT, async (tx) => {
        const result = await submitReport(tx, params({ answers: { nausea: { frequency: 4, severity: 3 } } }));
        expect(result.alertId).not.toBeNull();
        throw new Error("the request failed after the report was stored");
      }),
    ).rejects.toThrow("the request failed");
    // Fails inside submitReport itself: the new alert names a care team that does not exist, after
    // the report, answers and grades were inserted. (A patient with an active alert adds the report
    // to it and names no team, so this is a patient who has none.)
    const otherBefore = await counts(OTHER_PATIENT);
    await expect(
      asPatient(OTHER_PATIENT, (tx) =>
        submitReport(
          tx,
          params(
            { answers: { nausea: { frequency: 4, severity: 3 } } },
            {
              patientId: demoPatientId(OTHER_PATIENT),
              submittedBy: demoPatientUserId(OTHER_PATIENT),
              careTeamId: demoPatientId(999),
            },
          ),
        ),
      ),
    ).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect(await counts(OTHER_PATIENT)).toEqual(otherBefore);
  });

  test("a replayed idempotency key returns the first result unchanged and stores nothing", async () => {
    const payload: SymptomReportPayload = {
      answers: { diarrhoea: { frequency: 3 }, mouth_sores: { severity: 2, interference: 2 } },
      reportedAt: hoursAgo(3),
    };
    const first = await asPatient(PATIENT, (tx) => submitReport(tx, params(payload, { idempotencyKey: "replay-1" })));
    expect(first.level).toBe("red"); // two amber symptoms
    const before = await counts();
    const again = await asPatient(PATIENT, (tx) =>
      submitReport(tx, params(payload, { idempotencyKey: "replay-1", now: new Date(now.getTime() + 60_000) })),
    );
    expect(again).toEqual({ ...first, replayed: true });
    expect(await counts()).toEqual(before);
    // A green report's replay too, including its advice.
    const green = { answers: { hair_loss: { amount: 2 } } };
    const firstGreen = await asPatient(PATIENT, (tx) =>
      submitReport(tx, params(green, { idempotencyKey: "replay-2" })),
    );
    const againGreen = await asPatient(PATIENT, (tx) =>
      submitReport(tx, params(green, { idempotencyKey: "replay-2" })),
    );
    expect(againGreen).toEqual({ ...firstGreen, replayed: true });
    // The key is the patient's own: another patient may use the same one.
    const other = await asPatient(OTHER_PATIENT, (tx) =>
      submitReport(
        tx,
        params(payload, {
          patientId: demoPatientId(OTHER_PATIENT),
          submittedBy: demoPatientUserId(OTHER_PATIENT),
          idempotencyKey: "replay-1",
        }),
      ),
    );
    expect(other.replayed).toBe(false);
    expect(other.reportId).not.toBe(first.reportId);
    const [alert] = await db.asOwner((owner) =>
      rowsOf(owner, sql`select care_team_id from alerts where id = ${other.alertId}`),
    );
    expect(alert.care_team_id).toBe(DEMO_TEAMS.lung.id);
  });

  test("10 concurrent submissions with one key store exactly one report, added once to the patient's alert", async () => {
    const payload: SymptomReportPayload = { answers: { hand_foot: { severity: 3 } }, reportedAt: hoursAgo(5) };
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        asPatient(PATIENT, (tx) => submitReport(tx, params(payload, { idempotencyKey: "concurrent-1" }))),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const { replayed: _, ...first } = results.find((r) => !r.replayed) ?? results[0];
    for (const r of results) expect({ ...r, replayed: false }).toEqual({ ...first, replayed: false });
    expect(first.level).toBe("red");
    // The patient's alert from the earlier reports is still active, so the report joins it: no new
    // alert, and exactly one link from the report to it.
    expect(await counts()).toEqual({
      reports: before.reports + 1,
      answers: before.answers + 1,
      grades: before.grades + 1,
      alerts: before.alerts,
    });
    const [links] = await db.asOwner((owner) =>
      rowsOf<{ n: number }>(
        owner,
        sql`select count(*)::int as n from alert_reports where report_id = ${first.reportId}`,
      ),
    );
    expect(links.n).toBe(1);
  });

  test("reusing a key for a different report is refused, not answered with the first report's advice", async () => {
    await asPatient(PATIENT, (tx) =>
      submitReport(tx, params({ answers: { cough: { severity: 1, interference: 0 } } }, { idempotencyKey: "reuse-1" })),
    );
    const before = await counts();
    const refusal = await asPatient(PATIENT, (tx) =>
      submitReport(tx, params({ answers: { cough: { severity: 4, interference: 4 } } }, { idempotencyKey: "reuse-1" })),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).status).toBe(409);
    expect(userFacingError(refusal).fields?.[0].field).toBe("Idempotency-Key");
    expect(await counts()).toEqual(before);
  });

  test("a rise since the patient's previous grade of a symptom is detected across reports", async () => {
    const patient = OTHER_PATIENT;
    const as = (payload: SymptomReportPayload) =>
      asPatient(patient, (tx) =>
        submitReport(
          tx,
          params(payload, { patientId: demoPatientId(patient), submittedBy: demoPatientUserId(patient) }),
        ),
      );
    // Reports arrive out of order: "previous" means reported earlier, not stored earlier.
    await as({
      answers: { fatigue: { severity: 1, interference: 0 }, insomnia: { severity: 2, interference: 2 } },
      reportedAt: hoursAgo(72),
    });
    await as({ answers: { fatigue: { severity: 2, interference: null } }, reportedAt: hoursAgo(48) }); // incomplete: no grade
    const later = await as({ answers: { insomnia: { severity: 0 } }, reportedAt: hoursAgo(12) });
    expect(later.level).toBe("green");
    const rise = await as({
      answers: { fatigue: { severity: 3, interference: 3 }, insomnia: { severity: 2, interference: 2 } },
      reportedAt: hoursAgo(24),
    });
    // Fatigue: grade 1 three days ago (the incomplete report in between has no grade), 3 now.
    // Insomnia: the report before this one is three days ago (grade 2); the 12-hour-old one is later.
    expect(rise.level).toBe("red");
    expect(rise.reasons).toEqual(["Fatigue grade 3", "Insomnia grade 2", "Fatigue rose from grade 1 to 3"]);
    const newest = await as({ answers: { insomnia: { severity: 3, interference: 2 } } });
    expect(newest.reasons).toEqual(["Insomnia grade 2", "Insomnia rose from grade 0 to 2"]);
  });

  test("a clinician may enter a report taken by phone for a patient who consents", async () => {
    const nurse = demoStaffId("nurse1");
    const result = await runWithRls(db.runtime, { userId: nurse, actingRole: "nurse" }, (tx) =>
      submitReport(
        tx,
        params(
          { answers: { vomiting: { frequency: 3, severity: 3 } } },
          { source: "clinician_phone", submittedBy: nurse },
        ),
      ),
    );
    expect(result.level).toBe("red");
    const [row] = await db.asOwner((owner) =>
      rowsOf(owner, sql`select source, submitted_by from symptom_reports where id = ${result.reportId}`),
    );
    expect(row).toEqual({ source: "clinician_phone", submitted_by: nurse });
  });
});

describe("reading reports back", () => {
  test("lists the patient's reports newest first, pages by cursor, and only the patient's own", async () => {
    const all = await asPatient(PATIENT, (tx) =>
      listReportsForPatient(tx, { patientId: demoPatientId(PATIENT), limit: 200 }),
    );
    expect(all.length).toBe((await counts()).reports);
    const times = all.map((r) => r.reportedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const amber = all.find((r) => r.note === "Sick after the first day");
    expect(amber?.alert).toMatchObject({ severity: "amber", status: "open", reasons: ["Nausea grade 2"] });
    expect(amber?.grades.map((g) => g.symptom)).toEqual(["nausea", "vomiting", "fatigue"]);

    const page1 = await asPatient(PATIENT, (tx) =>
      listReportsForPatient(tx, { patientId: demoPatientId(PATIENT), limit: 2 }),
    );
    const last = page1[page1.length - 1];
    const page2 = await asPatient(PATIENT, (tx) =>
      listReportsForPatient(tx, {
        patientId: demoPatientId(PATIENT),
        limit: 2,
        before: { reportedAt: last.reportedAt, id: last.id },
      }),
    );
    expect([...page1, ...page2].map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));

    const someoneElses = await asPatient(OTHER_PATIENT, (tx) =>
      listReportsForPatient(tx, { patientId: demoPatientId(PATIENT), limit: 10 }),
    );
    expect(someoneElses).toEqual([]);
  });

  test("grade history for charts, oldest first", async () => {
    const history = await asPatient(OTHER_PATIENT, (tx) =>
      gradeHistory(tx, {
        patientId: demoPatientId(OTHER_PATIENT),
        since: new Date(now.getTime() - 96 * HOURS),
        symptoms: ["fatigue"],
      }),
    );
    expect(history.map((p) => p.grade)).toEqual([1, null, 3]);
    expect(history.every((p) => p.symptom === "fatigue")).toBe(true);
  });

  test("findReportResult gives what submitReport returned", async () => {
    const submitted = await asPatient(PATIENT, (tx) =>
      submitReport(
        tx,
        params({ answers: { abdominal_pain: { frequency: 2, severity: 2, interference: 1 } }, canWait: false }),
      ),
    );
    const found = await asPatient(PATIENT, (tx) =>
      findReportResult(tx, { reportId: submitted.reportId, hospitalLine: LINE }),
    );
    const { replayed, ...rest } = submitted;
    expect(replayed).toBe(false);
    expect(found).toEqual(rest);
    expect(await asPatient(OTHER_PATIENT, (tx) => findReportResult(tx, { reportId: submitted.reportId }))).toBeNull();
  });
});

describe("the last report, for 'Same as my last report'", () => {
  test("gives the latest report's answers, leaving out what was not answered; only to whom may read it", async () => {
    const later = new Date(now.getTime() + 60_000);
    const payload: SymptomReportPayload = {
      answers: { nausea: { frequency: 0 }, fatigue: { severity: 2, interference: null } },
      canWait: true,
    };
    await asPatient(OTHER_PATIENT, (tx) =>
      submitReport(
        tx,
        params(payload, {
          patientId: demoPatientId(OTHER_PATIENT),
          submittedBy: demoPatientUserId(OTHER_PATIENT),
          now: later,
          input: makeSymptomReportInput(() => later).parse(payload),
        }),
      ),
    );
    const last = await asPatient(OTHER_PATIENT, (tx) =>
      findLastReportAnswers(tx, { patientId: demoPatientId(OTHER_PATIENT) }),
    );
    expect(last?.reportedAt.getTime()).toBe(later.getTime());
    expect(last?.answers).toEqual({ nausea: { frequency: 0 }, fatigue: { severity: 2 } });
    // Another patient reads nothing of it: row-level security answers as if there were no report.
    expect(
      await asPatient(PATIENT, (tx) => findLastReportAnswers(tx, { patientId: demoPatientId(OTHER_PATIENT) })),
    ).toBeNull();
  });
});

describe("device tokens", () => {
  test("are shown once, stored only as a hash, listed without it and revoked at once", async () => {
    const created = await asPatient(PATIENT, (tx) =>
      createDeviceToken(tx, { patientId: demoPatientId(PATIENT), name: " Kitchen tablet ", now }),
    );
    expect(created.token).toMatch(/^srm_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe("Kitchen tablet");
    const [stored] = await db.asOwner((owner) =>
      rowsOf(owner, sql`select token_hash from device_tokens where id = ${created.id}`),
    );
    expect(stored.token_hash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(stored.token_hash).toBe(hashDeviceToken(created.token));

    const listed = await asPatient(PATIENT, (tx) => listDeviceTokens(tx, { patientId: demoPatientId(PATIENT) }));
    expect(listed.find((t) => t.id === created.id)).toEqual({
      id: created.id,
      name: "Kitchen tablet",
      createdAt: created.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(stored.token_hash as string);
    expect(await asPatient(OTHER_PATIENT, (tx) => listDeviceTokens(tx, { patientId: demoPatientId(PATIENT) }))).toEqual(
      [],
    );

    // The owner is found with no user context at all, and the use is recorded in the same call.
    const authenticate = (at: Date, token = created.token) =>
      runWithRls(db.runtime, { userId: null }, (tx) => authenticateDeviceToken(tx, { token, now: at }));
    // The stored hash is no key: the database hashes what it is given.
    expect(await authenticate(now, stored.token_hash as string)).toBeNull();
    const owner = await authenticate(now);
    expect(owner).toMatchObject({
      tokenId: created.id,
      patientId: demoPatientId(PATIENT),
      userId: demoPatientUserId(PATIENT),
      organisationId: DEMO_ORG_ID,
      organisationSettings: { hospitalLine: LINE },
    });
    const lastUse = async () =>
      (await asPatient(PATIENT, (tx) => listDeviceTokens(tx, { patientId: demoPatientId(PATIENT) })))[0].lastUsedAt;
    expect((await lastUse())?.getTime()).toBe(now.getTime());
    // A busy device does not rewrite the row on every request: once a minute at most.
    await authenticate(new Date(now.getTime() + 30_000));
    expect((await lastUse())?.getTime()).toBe(now.getTime());
    await authenticate(new Date(now.getTime() + 61_000));
    expect((await lastUse())?.getTime()).toBe(now.getTime() + 61_000);

    // Another patient can neither revoke it nor learn whether it exists.
    expect(
      await asPatient(OTHER_PATIENT, (tx) =>
        revokeDeviceToken(tx, { patientId: demoPatientId(PATIENT), tokenId: created.id, now }),
      ),
    ).toBe(false);
    expect(
      await asPatient(PATIENT, (tx) =>
        revokeDeviceToken(tx, { patientId: demoPatientId(PATIENT), tokenId: created.id, now }),
      ),
    ).toBe(true);
    expect(
      await asPatient(PATIENT, (tx) =>
        revokeDeviceToken(tx, { patientId: demoPatientId(PATIENT), tokenId: created.id, now }),
      ),
    ).toBe(false);
    expect(await authenticate(new Date(now.getTime() + 120_000))).toBeNull();
    expect((await lastUse())?.getTime()).toBe(now.getTime() + 61_000);
  });

  test("a device needs a name", async () => {
    await expect(
      asPatient(PATIENT, (tx) => createDeviceToken(tx, { patientId: demoPatientId(PATIENT), name: "   ", now })),
    ).rejects.toThrow(AppError);
  });
});

describe("demo reports seed", () => {
  const seeded = suiteDatabase("reports_seed", { fixtures: false });
  const seedNow = new Date("2026-03-10T12:00:00Z");
  beforeAll(async () => {
    await seeded.asOwner((owner) => seedDemoData(owner, seedNow));
  });

  test("eight weeks of graded, triaged reports with a handful of open alerts per team; idempotent", async () => {
    const first = await seeded.asOwner((owner) => seedDemoReports(owner, seedNow));
    expect(first.reports).toBeGreaterThan(40 * 56 * 0.8);
    expect(await seeded.asOwner((owner) => seedDemoReports(owner, seedNow))).toEqual({ reports: 0, alerts: 0 });

    const q = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
      seeded.asOwner((owner) => rowsOf<T>(owner, query));
    const [span] = await q<{ patients: number; first: string; last: string }>(
      sql`select count(distinct patient_id)::int as patients, min(reported_at) as first, max(reported_at) as last from symptom_reports`,
    );
    expect(span.patients).toBe(40);
    expect((seedNow.getTime() - new Date(span.first).getTime()) / (24 * HOURS)).toBeGreaterThan(54);
    expect(new Date(span.last).getTime()).toBeLessThanOrEqual(seedNow.getTime());

    const byTeam = await q<{ care_team_id: string; status: string; severity: string; n: number }>(
      sql`select care_team_id, status, severity, count(*)::int as n from alerts group by 1, 2, 3`,
    );
    for (const team of [DEMO_TEAMS.breast.id, DEMO_TEAMS.lung.id]) {
      const unresolved = byTeam
        .filter((r) => r.care_team_id === team && r.status !== "resolved")
        .reduce((n, r) => n + r.n, 0);
      expect(unresolved).toBeGreaterThanOrEqual(2);
      expect(unresolved).toBeLessThanOrEqual(15);
      expect(byTeam.some((r) => r.care_team_id === team && r.status === "resolved")).toBe(true);
    }
    expect(byTeam.some((r) => r.status === "open" && r.severity === "red")).toBe(true);
    expect(byTeam.some((r) => r.status === "open" && r.severity === "amber")).toBe(true);

    // Resolved alerts carry outcome codes and were handled by someone; open ones were not.
    const [handled] = await q<{ bad: number }>(
      sql`select count(*)::int as bad from alerts
          where (status = 'resolved' and (cardinality(outcome_codes) = 0 or resolved_by is null or not (outcome_codes <@ ${`{${DEMO_OUTCOME_CODES.join(",")}}`}::text[])))
             or (status = 'open' and (acknowledged_at is not null or resolved_at is not null))`,
    );
    expect(handled.bad).toBe(0);

    // The trends: a febrile episode, rising neuropathy, nausea after treatment days.
    const [fever] = await q<{ n: number }>(
      sql`select count(*)::int as n from symptom_reports where temperature_c >= 38`,
    );
    expect(fever.n).toBeGreaterThanOrEqual(4);
    const neuropathy = await q<{ grade: number }>(
      sql`select grade from symptom_grades where patient_id = ${demoPatientId(4)} and symptom = 'numbness_tingling' order by reported_at`,
    );
    expect(neuropathy[0].grade).toBe(0);
    expect(neuropathy.at(-1)?.grade).toBe(3);
    expect(neuropathy.every((g, i) => i === 0 || g.grade >= neuropathy[i - 1].grade)).toBe(true);
    // Episodes: later amber and red reports joined the patient's active alert, and every alert's
    // count of reports is its number of linked reports (the unique index already allows no patient
    // two active alerts).
    const [episodes] = await q<{ joined: number; mismatched: number }>(
      sql`select count(*) filter (where report_count > 1)::int as joined,
                 count(*) filter (where report_count <> (select count(*) from alert_reports r where r.alert_id = a.id))::int as mismatched
          from alerts a`,
    );
    expect(episodes.joined).toBeGreaterThan(0);
    expect(episodes.mismatched).toBe(0);
    const [reasons] = await q<{ n: number }>(
      sql`select count(*)::int as n from alerts where 'Nausea grade 2' = any(reasons)`,
    );
    expect(reasons.n).toBeGreaterThan(5);

    // Every stored grade is the real composite grade of the stored answers.
    const answers = await q<{
      report_id: string;
      symptom: string;
      attribute: string;
      value: number | null;
      grade: number | null;
    }>(
      sql`select a.report_id, a.symptom, a.attribute, a.value, g.grade
          from symptom_answers a join symptom_grades g using (report_id, symptom)
          where a.patient_id in (${demoPatientId(4)}, ${demoPatientId(7)})`,
    );
    const items = new Map<
      string,
      { symptom: SymptomCode; grade: number | null; answers: Record<string, number | null> }
    >();
    for (const a of answers) {
      const key = `${a.report_id}:${a.symptom}`;
      const entry = items.get(key) ?? { symptom: a.symptom as SymptomCode, grade: a.grade, answers: {} };
      entry.answers[a.attribute] = a.value;
      items.set(key, entry);
    }
    expect(items.size).toBeGreaterThan(500);
    for (const item of items.values()) expect(gradeSymptom(item.symptom, item.answers)).toBe(item.grade);
  });
});
