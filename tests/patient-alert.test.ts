/**
 * What a patient reads of their own alert, through the request role as the patient: a red report
 * at night is sent to the care team, the on-call nurse is emailed, she acknowledges it and notes
 * something, then resolves it. The patient is told each step in plain words, by role and never by
 * name, and never the note.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { acknowledgeAlert, addAlertNote, resolveAlert } from "../db/queries/alert-actions";
import { findPatientAlert } from "../db/queries/patient-alert";
import { submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import { patientAlertView } from "../lib/alerts/patient-view";
import { demoPatientId, demoPatientUserId, demoStaffId, seedDemoData } from "../server/demo/seed";
import { seedDemoRota } from "../server/demo/seed-rota";
import { deliverDue } from "../server/notifications/worker";
import { rowsOf } from "./support/database";
import { demoPatientReport, RED_REPORT } from "./support/demo-reports";
import { type SmtpPeer, startSmtpPeer } from "./support/smtp";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("patient_alert", { fixtures: false });
const NIGHT = new Date("2026-03-03T21:40:00Z");
const minutesLater = (minutes: number) => new Date(NIGHT.getTime() + minutes * 60_000);
const INDEX = 0;
const LINE = "0131 537 1000";
const NOTE = "Spoke to her husband; antibiotics started at home";

let smtp: SmtpPeer;

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    await seedDemoData(owner, NIGHT);
    await seedDemoRota(owner, NIGHT);
  });
  smtp = await startSmtpPeer();
});

afterAll(async () => {
  await smtp?.close();
});

const asPatient = <T>(work: (tx: Tx) => Promise<T>) =>
  runWithRls(db.runtime, { userId: demoPatientUserId(INDEX), actingRole: "patient" }, work);
const asNurse = <T>(work: (tx: Tx) => Promise<T>) => runWithRls(db.runtime, { userId: demoStaffId("nurse1") }, work);

/** The patient's view at `now`, read as the patient. */
async function seenByPatient(now: Date) {
  const alert = await asPatient((tx) =>
    findPatientAlert(tx, { patientId: demoPatientId(INDEX), resolvedSince: new Date(now.getTime() - 7 * 86_400_000) }),
  );
  return alert && patientAlertView(alert, LINE, now);
}

async function version(alertId: string) {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ version: number }>(o, sql`select version from alerts where id = ${alertId}`),
  );
  return Number(row.version);
}

describe("the patient's view of their alert", () => {
  test("sent, told, seen by a nurse, dealt with: by role, without the team's notes", async () => {
    // The demo patient's earlier alerts are resolved in the seed, long before: none is shown.
    await db.asOwner((o) =>
      o.execute(sql`update alerts set status = 'resolved', resolved_at = ${minutesLater(-30 * 24 * 60).toISOString()}::timestamptz
      where patient_id = ${demoPatientId(INDEX)} and status <> 'resolved'`),
    );
    expect(await seenByPatient(NIGHT)).toBeNull();

    const report = await asPatient((tx) => submitReport(tx, demoPatientReport(INDEX, RED_REPORT, NIGHT)));
    const alertId = report.alertId as string;
    expect(await seenByPatient(minutesLater(0))).toMatchObject({
      state: "open",
      headline: "Your report at 21:40 was sent to your care team.",
      lines: ["Your care team is being told.", expect.stringContaining(`call the 24-hour line on ${LINE} now`)],
    });

    await deliverDue(db.runtime, { now: minutesLater(1), transport: smtp.transport() });
    expect((await seenByPatient(minutesLater(2)))?.lines[0]).toBe("Your care team was told at 21:41.");

    const target = { alertId, patientId: demoPatientId(INDEX), userId: demoStaffId("nurse1") };
    // The version is read before the nurse's transaction, not inside it: PGlite has one connection.
    const seenVersion = await version(alertId);
    await asNurse((tx) => acknowledgeAlert(tx, { ...target, expectedVersion: seenVersion, now: minutesLater(22) }));
    await asNurse((tx) => addAlertNote(tx, { ...target, note: NOTE, now: minutesLater(23) }));
    const seen = await seenByPatient(minutesLater(25));
    expect(seen?.headline).toBe("A nurse saw your report at 22:02");
    expect(JSON.stringify(seen)).not.toContain("Fiona");
    expect(JSON.stringify(seen)).not.toContain("husband");

    const ackedVersion = await version(alertId);
    await asNurse((tx) =>
      resolveAlert(tx, {
        ...target,
        expectedVersion: ackedVersion,
        outcomeCodes: ["self_care_advice"],
        now: minutesLater(40),
      }),
    );
    expect(await seenByPatient(minutesLater(60))).toMatchObject({
      state: "resolved",
      headline: "Your team has dealt with this",
      lines: ["Your care team closed it at 22:20.", expect.stringContaining(LINE)],
    });
    // A week later it is no longer shown.
    expect(await seenByPatient(minutesLater(8 * 24 * 60))).toBeNull();
  });
});
