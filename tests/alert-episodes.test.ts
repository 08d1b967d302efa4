/**
 * Alert episodes against the database, as the runtime role under row-level security, on PGlite and
 * PostgreSQL (lib/alerts/episodes.ts, db/queries/alert-episodes.ts, db/sql/alert-episodes.sql):
 * - a same-level, a milder and a worse report join the patient's active alert; a worse one raises
 *   its level and brings its due time forward, and sends an acknowledged alert back to open;
 * - after the alert is resolved, the next report starts a new one, and the old one cannot be
 *   reopened while the new one is active;
 * - the queue, the record and the patient's report list show the episode once, with its reports;
 * - a patient's transaction can only add its own report to its own alert, never change one;
 * - two reports at once end in one episode (truly at once on PostgreSQL).
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { acknowledgeAlert, reopenAlert, resolveAlert } from "../db/queries/alert-actions";
import { listTriageQueue, queueChangesSince } from "../db/queries/alert-queue";
import { alertsWithHistory } from "../db/queries/record";
import { listReportsForPatient } from "../db/queries/report-reads";
import { type ReportResult, submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import { DEFAULT_QUEUE_STATE } from "../lib/alerts/queue-state";
import { AppError } from "../lib/errors";
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
import { rowsOf, TEST_ENGINE } from "./support/database";
import { sqlState } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("alert_episodes", { fixtures: false, poolSize: 8 });
const MINUTE = 60_000;
let T0: Date;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

const ONCOLOGIST = { breast: demoStaffId("oncologist1"), lung: demoStaffId("oncologist2") };

beforeAll(async () => {
  T0 = new Date(Date.now() - 6 * 60 * MINUTE);
  await db.asOwner((owner) => seedDemoData(owner, new Date()));
});

const AMBER: SymptomReportPayload = { answers: { nausea: { frequency: 3, severity: 2 } } };
const AMBER_OTHER: SymptomReportPayload = { answers: { diarrhoea: { frequency: 3 } } };
const RED: SymptomReportPayload = { answers: {}, temperatureC: 38.4 };

/** A report taken by phone by the patient's team's oncologist (breast: even indexes), or by the patient. */
function report(
  index: number,
  payload: SymptomReportPayload,
  now: Date,
  by: "clinician" | "patient" = "clinician",
): Promise<ReportResult> {
  const clinician = index % 2 === 0 ? ONCOLOGIST.breast : ONCOLOGIST.lung;
  const userId = by === "patient" ? demoPatientUserId(index) : clinician;
  return runWithRls(db.runtime, { userId, actingRole: by === "patient" ? "patient" : "oncologist" }, (tx) =>
    submitReport(tx, {
      patientId: demoPatientId(index),
      organisationId: DEMO_ORG_ID,
      submittedBy: userId,
      source: by === "patient" ? "patient" : "clinician_phone",
      idempotencyKey: null,
      input: makeSymptomReportInput(() => now).parse(payload),
      triageSettings: DEFAULT_TRIAGE_SETTINGS,
      now,
    }),
  );
}

type AlertRow = {
  id: string;
  severity: string;
  status: string;
  reasons: string[];
  due_ms: number;
  report_count: number;
  version: number;
  acknowledged_by: string | null;
};

/** The patient's alerts as the owner sees them, oldest first. */
async function alertsOf(index: number): Promise<AlertRow[]> {
  const rows = await db.asOwner((owner) =>
    rowsOf<AlertRow>(
      owner,
      sql`select id, severity, status, reasons, (extract(epoch from due_at) * 1000)::float8 as due_ms, report_count,
                 version, acknowledged_by
          from alerts where patient_id = ${demoPatientId(index)} order by raised_at, id`,
    ),
  );
  return rows.map((r) => ({ ...r, due_ms: Number(r.due_ms), report_count: Number(r.report_count) }));
}

async function eventsOf(alertId: string): Promise<{ kind: string; report_id: string | null }[]> {
  return db.asOwner((owner) =>
    rowsOf(owner, sql`select kind, report_id from alert_events where alert_id = ${alertId} order by created_at, id`),
  );
}

async function linksOf(alertId: string): Promise<{ report_id: string; severity: string; reasons: string[] }[]> {
  return db.asOwner((owner) =>
    rowsOf(
      owner,
      sql`select report_id, severity, reasons from alert_reports where alert_id = ${alertId} order by added_at, report_id`,
    ),
  );
}

function asClinician<T>(index: number, work: (tx: Tx) => Promise<T>): Promise<T> {
  const userId = index % 2 === 0 ? ONCOLOGIST.breast : ONCOLOGIST.lung;
  return runWithRls(db.runtime, { userId, actingRole: "oncologist" }, work);
}

const target = (index: number, alert: AlertRow, now: Date) => ({
  alertId: alert.id,
  patientId: demoPatientId(index),
  expectedVersion: Number(alert.version),
  userId: index % 2 === 0 ? ONCOLOGIST.breast : ONCOLOGIST.lung,
  now,
});

describe("a report while the patient's alert is active", () => {
  test("same level: added to the alert, which keeps its level and clock and shows the latest reasons", async () => {
    const first = await report(4, AMBER, at(0));
    const second = await report(4, AMBER_OTHER, at(60));
    expect(second.alertId).toBe(first.alertId);
    expect(second.level).toBe("amber");
    const [alert, ...others] = await alertsOf(4);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: "amber", status: "open", report_count: 2, reasons: second.reasons });
    expect(alert.due_ms).toBe(at(480).getTime());
    expect(await eventsOf(alert.id)).toEqual([{ kind: "report_added", report_id: second.reportId }]);
    expect(await linksOf(alert.id)).toEqual([
      { report_id: first.reportId, severity: "amber", reasons: first.reasons },
      { report_id: second.reportId, severity: "amber", reasons: second.reasons },
    ]);
  });

  test("milder: a red alert stays red, with its clock and the reasons that made it red", async () => {
    const red = await report(6, RED, at(0));
    const amber = await report(6, AMBER, at(10));
    expect(amber.alertId).toBe(red.alertId);
    // The patient's own result is still the amber report's own triage.
    expect(amber).toMatchObject({ level: "amber", responseMinutes: 480 });
    const [alert, ...others] = await alertsOf(6);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: "red", status: "open", report_count: 2, reasons: red.reasons });
    expect(alert.due_ms).toBe(at(30).getTime());
    expect(await linksOf(alert.id)).toEqual([
      { report_id: red.reportId, severity: "red", reasons: red.reasons },
      { report_id: amber.reportId, severity: "amber", reasons: amber.reasons },
    ]);
  });

  test("worse: an amber alert becomes red, due 30 minutes after the red report, with the red reasons", async () => {
    const amber = await report(8, AMBER, at(0));
    const red = await report(8, RED, at(120));
    expect(red.alertId).toBe(amber.alertId);
    const [alert, ...others] = await alertsOf(8);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: "red", status: "open", report_count: 2, reasons: red.reasons });
    expect(alert.due_ms).toBe(at(150).getTime());
    expect(await eventsOf(alert.id)).toEqual([{ kind: "escalated", report_id: red.reportId }]);
  });

  test("worse, on an acknowledged alert: back to open, for a new acknowledgement; milder ones leave it acknowledged", async () => {
    await report(10, AMBER, at(0));
    const [raised] = await alertsOf(10);
    const acknowledged = await asClinician(10, (tx) => acknowledgeAlert(tx, target(10, raised, at(30))));
    expect(acknowledged.status).toBe("changed");
    await report(10, AMBER_OTHER, at(60));
    expect((await alertsOf(10))[0]).toMatchObject({ status: "acknowledged", severity: "amber", report_count: 2 });

    await report(10, RED, at(90));
    const [alert, ...others] = await alertsOf(10);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: "red", status: "open", report_count: 3, acknowledged_by: null });
    expect(alert.due_ms).toBe(at(120).getTime());
    expect((await eventsOf(alert.id)).map((e) => e.kind)).toEqual(["acknowledged", "report_added", "escalated"]);
    // The new acknowledgement goes through as usual.
    const again = await asClinician(10, (tx) => acknowledgeAlert(tx, target(10, alert, at(95))));
    expect(again).toMatchObject({ status: "changed", alert: { status: "acknowledged", severity: "red" } });
    // Who acknowledged it is whoever did so after the escalation (attribution.sql), never a stale name.
    expect((await alertsOf(10))[0]).toMatchObject({ status: "acknowledged", acknowledged_by: ONCOLOGIST.breast });
  });

  test("a clinician holding a stale copy is told the alert changed when a report joined it meanwhile", async () => {
    await report(12, AMBER, at(0));
    const [seen] = await alertsOf(12);
    await report(12, AMBER_OTHER, at(5));
    const result = await asClinician(12, (tx) => acknowledgeAlert(tx, target(12, seen, at(6))));
    expect(result.status).toBe("conflict");
  });
});

describe("the queue's poll", () => {
  test("brings an alert that a report joined since, not only alerts raised since", async () => {
    await report(24, AMBER, at(-600));
    const since = at(-60);
    const poll = () =>
      asClinician(24, (tx) =>
        queueChangesSince(tx, {
          state: { ...DEFAULT_QUEUE_STATE },
          userId: ONCOLOGIST.breast,
          teamIds: [DEMO_TEAMS.breast.id],
          now: at(1),
          since,
          ids: [],
        }),
      );
    const [alert] = await alertsOf(24);
    expect((await poll()).added.map((r) => r.id)).not.toContain(alert.id);
    await report(24, RED, at(0));
    const added = (await poll()).added.find((r) => r.id === alert.id);
    expect(added).toMatchObject({ severity: "red", reportCount: 2 });
  });
});

describe("after the alert is resolved", () => {
  test("the next report starts a new alert, and the old one cannot be reopened while the new one is active", async () => {
    const first = await report(16, AMBER, at(0));
    const [old] = await alertsOf(16);
    const resolved = await asClinician(16, (tx) =>
      resolveAlert(tx, { ...target(16, old, at(60)), outcomeCodes: ["self_care_advice"] }),
    );
    expect(resolved.status).toBe("changed");
    const next = await report(16, AMBER, at(120));
    expect(next.alertId).not.toBe(first.alertId);
    const alerts = await alertsOf(16);
    expect(alerts.map((a) => [a.status, a.report_count])).toEqual([
      ["resolved", 1],
      ["open", 1],
    ]);

    const [closed] = alerts;
    const refusal = await asClinician(16, (tx) => reopenAlert(tx, target(16, closed, at(130)))).catch((e) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError & { problem?: { kind: string } }).problem?.kind).toBe("newer_alert_active");
    expect((await alertsOf(16))[0].status).toBe("resolved");
  });
});

describe("the episode is shown once", () => {
  test("in the queue, the record and the patient's own report list, with its count and latest reasons", async () => {
    const first = await report(0, AMBER, at(0), "patient");
    const second = await report(0, AMBER_OTHER, at(30), "patient");
    const third = await report(0, RED, at(60), "patient");
    const patientId = demoPatientId(0);

    const queue = await asClinician(0, (tx) =>
      listTriageQueue(tx, {
        state: { ...DEFAULT_QUEUE_STATE, size: 50 },
        userId: ONCOLOGIST.breast,
        teamIds: [DEMO_TEAMS.breast.id],
        now: at(61),
      }),
    );
    const rows = queue.rows.filter((r) => r.patientId === patientId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first.alertId,
      severity: "red",
      reasons: third.reasons,
      reportCount: 3,
      lastReportedAt: at(60).toISOString(),
    });

    const record = await asClinician(0, (tx) => alertsWithHistory(tx, patientId, at(-60)));
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({ reportCount: 3, severity: "red" });
    expect(record[0].events.map((e) => [e.kind, e.report?.severity, e.report?.reasons])).toEqual([
      ["report_added", "amber", second.reasons],
      ["escalated", "red", third.reasons],
    ]);

    const own = await runWithRls(db.runtime, { userId: demoPatientUserId(0), actingRole: "patient" }, (tx) =>
      listReportsForPatient(tx, { patientId, limit: 10 }),
    );
    expect(own.map((r) => [r.id, r.alert?.id, r.alert?.severity])).toEqual([
      [third.reportId, first.alertId, "red"],
      [second.reportId, first.alertId, "amber"],
      [first.reportId, first.alertId, "amber"],
    ]);
  });
});

describe("row-level security of episodes", () => {
  const asPatient = <T>(index: number, work: (tx: Tx) => Promise<T>) =>
    runWithRls(db.runtime, { userId: demoPatientUserId(index), actingRole: "patient" }, work);

  test("a patient cannot change their alert, nor add a report to another patient's alert", async () => {
    await report(18, AMBER, at(0));
    const [other] = await alertsOf(18);
    const own = await report(1, AMBER, at(0), "patient");
    // Changing their own alert directly: no UPDATE policy admits a patient's row.
    const changed = await asPatient(1, (tx) =>
      rowsOf(tx, sql`update alerts set status = 'resolved' where id = ${own.alertId} returning id`),
    );
    expect(changed).toEqual([]);
    // Adding their report to someone else's alert: refused by the function.
    const refused = await asPatient(1, (tx) =>
      rowsOf(
        tx,
        sql`select app.add_report_to_alert(${other.id}::uuid, ${other.version}::integer, ${own.reportId}::uuid,
              'amber', '{}'::text[], 480, null, null, null, now())`,
      ),
    ).catch((e) => e);
    expect(sqlState(refused)).toBe("42501");
    // Linking their report to someone else's alert directly: refused by the insert policy.
    const linked = await asPatient(1, (tx) =>
      rowsOf(
        tx,
        sql`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes)
            values (${own.reportId}::uuid, ${other.id}::uuid, ${demoPatientId(1)}::uuid, 'amber', '{}', 480)`,
      ),
    ).catch((e) => e);
    expect(sqlState(linked)).toBe("42501");
    expect((await alertsOf(18))[0].report_count).toBe(1);
  });

  test("the function only ever makes an alert worse: it will not escalate a red alert or give it more time", async () => {
    const red = await report(20, RED, at(0));
    const [alert] = await alertsOf(20);
    const extra = await report(22, AMBER, at(0)); // a report of another patient, to try with
    const tryEscalate = (reportId: string) =>
      asClinician(20, (tx) =>
        rowsOf<{ ok: boolean }>(
          tx,
          sql`select app.add_report_to_alert(${alert.id}::uuid, ${alert.version}::integer, ${reportId}::uuid,
                'red', '{}'::text[], 30, 'red', ${at(600).toISOString()}::timestamptz, null, ${at(1).toISOString()}::timestamptz) as ok`,
        ),
      );
    const wrongPatient = await tryEscalate(extra.reportId).catch((e) => e);
    expect(sqlState(wrongPatient)).toBe("42501");
    const [{ ok }] = await tryEscalate(red.reportId);
    expect(ok).toBe(false);
    expect((await alertsOf(20))[0]).toMatchObject({ severity: "red", due_ms: at(30).getTime(), report_count: 1 });
  });
});

describe("two reports of one patient at once", () => {
  test("end in one episode: the second waits for the first's new alert and joins it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stored!: () => void;
    const firstStored = new Promise<void>((resolve) => {
      stored = resolve;
    });
    const runFirst = () =>
      runWithRls(db.runtime, { userId: ONCOLOGIST.lung, actingRole: "oncologist" }, async (tx) => {
        const result = await submitReport(tx, {
          patientId: demoPatientId(3),
          organisationId: DEMO_ORG_ID,
          submittedBy: ONCOLOGIST.lung,
          source: "clinician_phone",
          idempotencyKey: null,
          input: makeSymptomReportInput(() => at(0)).parse(AMBER),
          triageSettings: DEFAULT_TRIAGE_SETTINGS,
          now: at(0),
        });
        stored();
        await held;
        return result;
      });
    let results: ReportResult[];
    if (TEST_ENGINE === "postgres") {
      // Truly at once: the first holds its uncommitted alert until the second is waiting on it.
      const first = runFirst();
      await firstStored;
      const second = report(3, RED, at(1));
      await new Promise((r) => setTimeout(r, 300));
      release();
      results = await Promise.all([first, second]);
    } else {
      // PGlite is one connection: the transactions run one after the other.
      release();
      results = [await runFirst(), await report(3, RED, at(1))];
    }
    expect(results[1].alertId).toBe(results[0].alertId);
    const [alert, ...others] = await alertsOf(3);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: "red", status: "open", report_count: 2 });
    expect((await linksOf(alert.id)).length).toBe(2);
  });

  test("eight at once, some raising and some joining, end in one alert holding all eight", async () => {
    const payloads = [AMBER, AMBER_OTHER, RED, AMBER, AMBER_OTHER, AMBER, RED, AMBER];
    const results =
      TEST_ENGINE === "postgres"
        ? await Promise.all(payloads.map((payload, i) => report(5, payload, at(i))))
        : await payloads.reduce<Promise<ReportResult[]>>(
            async (done, payload, i) => [...(await done), await report(5, payload, at(i))],
            Promise.resolve([]),
          );
    expect(new Set(results.map((r) => r.alertId)).size).toBe(1);
    const [alert, ...others] = await alertsOf(5);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ severity: "red", status: "open", report_count: 8 });
    expect((await linksOf(alert.id)).length).toBe(8);
    const events = await eventsOf(alert.id);
    expect(events).toHaveLength(7);
    expect(events.filter((e) => e.kind === "escalated").length).toBeLessThanOrEqual(1);
  });
});
