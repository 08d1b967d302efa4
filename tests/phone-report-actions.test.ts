/**
 * A report taken by phone, through the one wrapper as the app runs it (only next-auth's cookie
 * decoding is replaced): session and role, zod, the patient's consent before any data query, then
 * the report, its grades and any alert with the audit event in one transaction, marked as taken by
 * phone by the clinician who entered it.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { enterPhoneReport } from "../app/(clinic)/patients/[patientId]/report/actions";
import { describeAccess } from "../lib/audit/describe";
import { rowsOf } from "./support/database";
import { PATIENT, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("phone_report_actions", ["adminA", "nurseA1", "nurseA2", "patientP1"]);

/** Fever and grade-3 nausea (frequency 3 "Frequently", severity 3 "Severe"): red. */
const RED_REPORT = {
  answers: { nausea: { frequency: 3, severity: 3 } },
  temperatureC: 38.6,
  redFlags: [],
  canWait: false,
  note: "Phoned the line this morning",
};
let keys = 0;
const newKey = () => `phone-report-test-${++keys}-${Date.now()}`;

async function stored(patientId: string) {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ reports: string; alerts: string }>(
      o,
      sql`select (select count(*) from symptom_reports where patient_id = ${patientId})::text as reports,
                 (select count(*) from alerts where patient_id = ${patientId})::text as alerts`,
    ),
  );
  return { reports: Number(row.reports), alerts: Number(row.alerts) };
}

type AuditRow = { action: string; outcome: string; patient_id: string | null; actor_user_id: string | null };
async function auditMark(): Promise<number> {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ id: string }>(o, sql`select coalesce(max(id), 0)::text as id from audit_events`),
  );
  return Number(row.id);
}
async function auditAfter(mark: number) {
  return db.asOwner((o) =>
    rowsOf<AuditRow & { resource_type: string | null; resource_id: string | null; details: unknown }>(
      o,
      sql`select action, outcome::text, patient_id, actor_user_id, resource_type, resource_id, details
          from audit_events where id > ${mark} order by id`,
    ),
  );
}

describe("who may enter a report taken by phone", () => {
  test("signed out, an admin without a clinical role, and a patient are refused before anything is read", async () => {
    const before = await stored(PATIENT.P1);
    const mark = await auditMark();
    const input = { patientId: PATIENT.P1, idempotencyKey: newKey(), report: RED_REPORT };
    signedInAs(null);
    expect(await enterPhoneReport(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signedInAs("adminA");
    expect(await enterPhoneReport(input)).toMatchObject({ ok: false, code: "forbidden" });
    signedInAs("patientP1"); // even for their own record: this is the clinicians' form
    expect(await enterPhoneReport(input)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await stored(PATIENT.P1)).toEqual(before);
    expect(await auditAfter(mark)).toEqual([]);
  });

  test.each([
    ["a nurse of another team", "nurseA2", "P1"],
    ["a nurse the patient withholds symptoms from", "nurseA1", "P2"],
  ] as const)(
    "%s is refused by the consent check, audited as denied, and nothing is stored",
    async (_, who, patient) => {
      const before = await stored(PATIENT[patient]);
      const mark = await auditMark();
      signedInAs(who);
      const result = await enterPhoneReport({
        patientId: PATIENT[patient],
        idempotencyKey: newKey(),
        report: RED_REPORT,
      });
      expect(result).toMatchObject({ ok: false, code: "not_found" });
      expect(await stored(PATIENT[patient])).toEqual(before);
      expect(await auditAfter(mark)).toEqual([
        expect.objectContaining({
          action: "symptom_report_entered_by_phone",
          outcome: "denied",
          patient_id: PATIENT[patient],
          actor_user_id: USER[who],
        }),
      ]);
    },
  );

  test("an out-of-range temperature is refused with the field named, and nothing is stored", async () => {
    const before = await stored(PATIENT.P1);
    signedInAs("nurseA1");
    const result = await enterPhoneReport({
      patientId: PATIENT.P1,
      idempotencyKey: newKey(),
      report: { ...RED_REPORT, temperatureC: 45 },
    });
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      fields: [{ field: "report.temperatureC", message: "Temperature must be between 34.0 and 43.0 °C" }],
    });
    expect(await stored(PATIENT.P1)).toEqual(before);
  });
});

describe("entering the report", () => {
  test("a consenting nurse's report is graded, goes to the patient's alert, is marked as taken by phone by her, and is audited", async () => {
    const before = await stored(PATIENT.P1);
    const mark = await auditMark();
    signedInAs("nurseA1");
    const idempotencyKey = newKey();
    const result = await enterPhoneReport({ patientId: PATIENT.P1, idempotencyKey, report: RED_REPORT });
    expect(result).toMatchObject({
      ok: true,
      // P1's fixture alert is active: the red report joins it (one active alert a patient) and makes it red.
      data: {
        level: "red",
        replayed: false,
        alertRaised: true,
        alertJoined: true,
        emergency: false,
        responseMinutes: 30,
      },
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.data.reasons).toEqual(expect.arrayContaining(["Nausea grade 3", "Temperature 38.6 C"]));
    expect(await stored(PATIENT.P1)).toEqual({ reports: before.reports + 1, alerts: before.alerts });

    const [row] = await db.asOwner((o) =>
      rowsOf(
        o,
        sql`select r.source::text, r.submitted_by, g.grade, a.severity::text
            from symptom_reports r
            join symptom_grades g on g.report_id = r.id and g.symptom = 'nausea'
            join alert_reports l on l.report_id = r.id
            join alerts a on a.id = l.alert_id
            where r.id = ${result.data.reportId}`,
      ),
    );
    expect(row).toEqual({ source: "clinician_phone", submitted_by: USER.nurseA1, grade: 3, severity: "red" });

    const events = await auditAfter(mark);
    expect(events).toEqual([
      expect.objectContaining({
        action: "symptom_report_entered_by_phone",
        outcome: "allowed",
        patient_id: PATIENT.P1,
        actor_user_id: USER.nurseA1,
        resource_type: "symptom_report",
        resource_id: result.data.reportId,
      }),
    ]);
    // No clinical words in the audit trail.
    expect(JSON.stringify(events)).not.toMatch(/Phoned|nausea|38\.6/i);
    expect(describeAccess("symptom_report_entered_by_phone")).toBe("Entered a report you gave by phone");

    // The form sent again (a retry after a lost answer) stores nothing new and says so.
    const again = await enterPhoneReport({ patientId: PATIENT.P1, idempotencyKey, report: RED_REPORT });
    expect(again).toMatchObject({
      ok: true,
      data: { reportId: result.data.reportId, replayed: true, level: "red", alertJoined: true },
    });
    expect(await stored(PATIENT.P1)).toEqual({ reports: before.reports + 1, alerts: before.alerts });
  });
});
