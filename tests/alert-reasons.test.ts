/**
 * An alert's reasons quote the patient's symptoms ("Temperature 38.5 C"), so they follow the
 * symptoms category, not only the alerts category (db/sql/alert-reasons.sql). Patient P2 withholds
 * symptoms from nurse A1 while her team may read P2's alerts: she sees P2's alert, its level, its
 * clock and its state, and by no SELECT its reasons or the reasons of the reports in it.
 *
 * The nurse asks as the web app does: on PostgreSQL through the web app's own login role
 * (serums_web), made the caller by her session's token (app.begin_session); on PGlite through its
 * one connection, the same way.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectPostgres, type Database } from "../db/client";
import { listTriageQueue } from "../db/queries/alert-queue";
import { alertReasons, reportReasons } from "../db/queries/alert-reasons";
import { runWithRls } from "../db/rls";
import { DEFAULT_QUEUE_STATE } from "../lib/alerts/queue-state";
import { rowsOf } from "./support/database";
import { PATIENT, PERMISSION_DENIED, RECORDS, sentinels, sqlState, TEAM, USER } from "./support/fixtures";
import { openSessions, SESSION } from "./support/signed-in-app";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("alert_reasons");
const P2_REASON = sentinels("P2").alerts[0];
const P1_REASON = sentinels("P1").alerts[0];
/** What P2 wrote with the report that raised their alert: their own words about their symptoms. */
const P2_NOTE = sentinels("P2").symptoms[0];

let web: { db: Database; close: () => Promise<void> } | null = null;
beforeAll(async () => {
  await openSessions(db, ["nurseA1", "oncologistA1", "patientP1"]);
  if (db.engine === "postgres") web = connectPostgres(db.webUrl as string, { max: 1 });
});
afterAll(() => web?.close());

/** `statement` as the session of `who` on the web app's connection: its rows as text, or the SQLSTATE. */
async function asSession(
  who: "nurseA1" | "oncologistA1" | "patientP1",
  statement: ReturnType<typeof sql>,
  patientId: string | null = null,
): Promise<string[] | string> {
  const on = web?.db ?? db.runtime;
  return runWithRls(on, { sessionToken: SESSION[who].token, patientId }, async (tx, established) => {
    expect(established, "the session's token names its account").not.toBeNull();
    return tx
      .transaction((sp) => rowsOf<Record<string, unknown>>(sp, statement))
      .then(
        (rows) => rows.map((r) => JSON.stringify(r)),
        (e) => sqlState(e) ?? String(e),
      );
  });
}

/** Every way of reading a table's rows whole: each refused, or without the withheld reason. */
const WHOLE_ROW_READS = [
  sql`select * from alerts`,
  sql`select a.reasons from alerts a`,
  sql`select to_jsonb(a) from alerts a`,
  sql`select a::text from alerts a`,
  sql`select array_to_string(reasons, ';') from alerts`,
  sql`select id from alerts where ${P2_REASON} = any(reasons)`,
  sql`select * from alert_reports`,
  sql`select l.reasons from alert_reports l`,
  sql`select to_jsonb(l) from alert_reports l`,
  sql`select report_id from alert_reports where ${P2_REASON} = any(reasons)`,
  // The views that hold reasons to the symptoms category, read whole rather than by one id.
  sql`select * from app.readable_alert_reasons`,
  sql`select * from app.readable_report_reasons`,
];

describe("alert reasons follow the symptoms category", () => {
  test("the withheld nurse sees P2's alert, its level and state, but not its reasons", async () => {
    const alert = await asSession(
      "nurseA1",
      sql`select id, severity, status, due_at is not null as due, ${alertReasons(sql`id`)} as reasons
          from alerts where patient_id = ${PATIENT.P2}`,
    );
    expect(alert).toEqual([
      JSON.stringify({ id: RECORDS.P2.alert, severity: "amber", status: "open", due: true, reasons: null }),
    ]);
    const link = await asSession(
      "nurseA1",
      sql`select report_id, severity, ${reportReasons(sql`report_id`)} as reasons
          from alert_reports where patient_id = ${PATIENT.P2}`,
    );
    expect(link).toEqual([JSON.stringify({ report_id: RECORDS.P2.report, severity: "amber", reasons: null })]);
  });

  test("no SELECT of the tables gives the withheld nurse P2's reasons, with or without P2 as the request's patient", async () => {
    for (const patientId of [null, PATIENT.P2]) {
      for (const statement of WHOLE_ROW_READS) {
        const outcome = await asSession("nurseA1", statement, patientId);
        if (typeof outcome === "string") expect(outcome).toBe(PERMISSION_DENIED);
        else expect(outcome.join("\n")).not.toContain(P2_REASON);
      }
      const byId = await asSession(
        "nurseA1",
        sql`select ${alertReasons(sql`${RECORDS.P2.alert}::uuid`)} as a, ${reportReasons(sql`${RECORDS.P2.report}::uuid`)} as r`,
        patientId,
      );
      expect(byId).toEqual([JSON.stringify({ a: null, r: null })]);
    }
  });

  test("she reads the reasons of a patient who shares symptoms with her", async () => {
    expect(await asSession("nurseA1", sql`select ${alertReasons(sql`${RECORDS.P1.alert}::uuid`)} as r`)).toEqual([
      JSON.stringify({ r: [P1_REASON] }),
    ]);
  });

  test("the oncologist, who may read P2's symptoms, reads the reasons; the patient reads their own", async () => {
    expect(
      await asSession(
        "oncologistA1",
        sql`select ${alertReasons(sql`${RECORDS.P2.alert}::uuid`)} as a, ${reportReasons(sql`${RECORDS.P2.report}::uuid`)} as r`,
      ),
    ).toEqual([JSON.stringify({ a: [P2_REASON], r: [P2_REASON] })]);
    expect(
      await asSession(
        "patientP1",
        sql`select ${alertReasons(sql`${RECORDS.P1.alert}::uuid`)} as a, ${alertReasons(sql`${RECORDS.P2.alert}::uuid`)} as other`,
      ),
    ).toEqual([JSON.stringify({ a: [P1_REASON], other: null })]);
  });

  test("on the queue, her row of P2's alert has neither the reasons nor the patient's own words; the oncologist's has both", async () => {
    const rowOfP2 = (who: "nurseA1" | "oncologistA1") =>
      runWithRls(web?.db ?? db.runtime, { sessionToken: SESSION[who].token }, (tx) =>
        listTriageQueue(tx, {
          state: { ...DEFAULT_QUEUE_STATE, size: 50 },
          userId: USER[who],
          teamIds: [TEAM.A1],
          now: new Date(),
        }),
      ).then((page) => page.rows.find((r) => r.patientId === PATIENT.P2));
    const nurse = await rowOfP2("nurseA1");
    expect(nurse).toMatchObject({ id: RECORDS.P2.alert, severity: "amber", reasons: null, patientSays: null });
    expect(JSON.stringify(nurse)).not.toContain(P2_REASON);
    expect(JSON.stringify(nurse)).not.toContain(P2_NOTE);
    const oncologist = await rowOfP2("oncologistA1");
    expect(oncologist).toMatchObject({
      reasons: [P2_REASON],
      patientSays: { canWait: null, note: P2_NOTE },
    });
  });
});
