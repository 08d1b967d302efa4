/**
 * The escalation ladder, walked with a controlled clock against a real SMTP server: a red report
 * at night emails the on-call nurse at once, the second on-call and the team lead when it is still
 * not acknowledged at half its target, and acknowledging stops the step due at the target. An
 * amber report at night waits for the morning. Every step sent is on the alert's history and in
 * the audit trail.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { acknowledgeAlert, resolveAlert } from "../db/queries/alert-actions";
import { listAlertEvents } from "../db/queries/alert-history";
import { listTriageQueue } from "../db/queries/alert-queue";
import { updateOrganisationSettings } from "../db/queries/organisation-settings";
import { submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import { DEFAULT_QUEUE_STATE } from "../lib/alerts/queue-state";
import { DEFAULT_NOTIFICATION_SETTINGS } from "../lib/notifications/ladder";
import type { SymptomReportPayload } from "../lib/reports/validation";
import {
  DEMO_ORG_ID,
  DEMO_STAFF,
  DEMO_TEAMS,
  demoPatientId,
  demoPatientUserId,
  demoStaffId,
} from "../server/demo/seed";
import { deliverDue } from "../server/notifications/worker";
import { reportSettingsFor } from "../server/reports/settings";
import { rowsOf } from "./support/database";
import { AMBER_REPORT, demoPatientReport, RED_REPORT, seedLadderWorld } from "./support/demo-reports";
import { VALID_SETTINGS_FORM } from "./support/fixtures";
import { type SmtpPeer, startSmtpPeer } from "./support/smtp";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("notification_ladder", { fixtures: false });
const MINUTE = 60_000;
const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)?.email ?? "";

// 02:00 in London on a winter night (GMT): outside working hours.
const NIGHT = new Date("2026-03-03T02:00:00Z");
const minutesAfter = (from: Date, minutes: number) => new Date(from.getTime() + minutes * MINUTE);

let smtp: SmtpPeer;

beforeAll(async () => {
  await db.asOwner((owner) => seedLadderWorld(owner, NIGHT));
  smtp = await startSmtpPeer();
});

afterAll(async () => {
  await smtp?.close();
});

const RED = RED_REPORT;
const AMBER = AMBER_REPORT;

/** Patient `index` reports `payload` at `at`, raising a new alert; returns its id. */
async function reportAt(
  index: number,
  payload: SymptomReportPayload,
  at: Date,
  settings = DEFAULT_NOTIFICATION_SETTINGS,
) {
  const params = demoPatientReport(index, payload, at, { notificationSettings: settings });

  const result = await runWithRls(db.runtime, { userId: demoPatientUserId(index), actingRole: "patient" }, (tx) =>
    submitReport(tx, params),
  );
  expect(result.alertJoined).toBe(false);
  return result.alertId as string;
}

type Row = { recipient: string; step: string; status: string; due: string };
/** The alert's notifications, as the owner, by step and recipient. */
function ladderOf(alertId: string): Promise<Row[]> {
  return db.asOwner((owner) =>
    rowsOf<Row>(
      owner,
      sql`select u.email as recipient, n.step, n.status,
                 to_char(n.next_attempt_at at time zone 'UTC', 'HH24:MI') as due
          from notifications n join users u on u.id = n.recipient_user_id
          where n.alert_id = ${alertId}
          order by array_position(array['amber', 'on_call', 'second', 'escalation'], n.step), u.email`,
    ),
  );
}

/** One round of the worker at `now`: who was emailed, and with what subject. */
async function deliverAt(now: Date) {
  const before = smtp.received.length;
  await deliverDue(db.runtime, { now, transport: smtp.transport() });
  return smtp.received.slice(before).map((m) => ({ to: m.to.join(","), subject: m.subject }));
}

/** The alert's row in Fiona Grant's triage queue at `now`. */
async function queueRowOf(alertId: string, now: Date) {
  const page = await asNurse((tx) =>
    listTriageQueue(tx, {
      state: { ...DEFAULT_QUEUE_STATE },
      userId: demoStaffId("nurse1"),
      teamIds: [DEMO_TEAMS.breast.id],
      now,
    }),
  );
  return page.rows.find((r) => r.id === alertId);
}

function asNurse<T>(work: (tx: Tx) => Promise<T>) {
  return runWithRls(db.runtime, { userId: demoStaffId("nurse1") }, work);
}

async function versionOf(alertId: string) {
  const [row] = await db.asOwner((owner) =>
    rowsOf<{ version: number }>(owner, sql`select version from alerts where id = ${alertId}`),
  );
  return Number(row.version);
}

type Target = { alertId: string; patientId: string; expectedVersion: number; userId: string; now: Date };

/**
 * Fiona Grant acts on patient `index`'s alert at `now`, naming the version she saw (read first, not
 * inside her transaction: PGlite has one connection).
 */
async function asNurseOn<T>(alertId: string, index: number, now: Date, work: (tx: Tx, target: Target) => Promise<T>) {
  const target = {
    alertId,
    patientId: demoPatientId(index),
    expectedVersion: await versionOf(alertId),
    userId: demoStaffId("nurse1"),
    now,
  };
  return asNurse((tx) => work(tx, target));
}

describe("a red alert at night", () => {
  test("emails the on-call nurse, then the second on-call and team lead, and stops when acknowledged", async () => {
    const alertId = await reportAt(0, RED, NIGHT);
    // Queued with the alert, each step at its time: at once, at half the 30-minute target, at the target.
    expect(await ladderOf(alertId)).toEqual([
      { recipient: email("nurse1"), step: "on_call", status: "pending", due: "02:00" },
      { recipient: email("oncologist2"), step: "second", status: "pending", due: "02:15" },
      { recipient: email("oncologist1"), step: "second", status: "pending", due: "02:15" },
      { recipient: email("oncologist2"), step: "escalation", status: "pending", due: "02:30" },
      { recipient: email("oncologist1"), step: "escalation", status: "pending", due: "02:30" },
    ]);

    expect(await queueRowOf(alertId, NIGHT)).toMatchObject({ lastNotified: null });
    expect(await deliverAt(NIGHT)).toEqual([{ to: email("nurse1"), subject: "Red alert for Breast Oncology" }]);
    // The queue shows that the on-call nurse was emailed, and when.
    expect(await queueRowOf(alertId, minutesAfter(NIGHT, 1))).toMatchObject({
      lastNotified: { name: "Fiona Grant", at: NIGHT.toISOString(), escalation: false },
    });
    // Nobody acknowledges it: nothing more until half the target has passed.
    expect(await deliverAt(minutesAfter(NIGHT, 14))).toEqual([]);
    const second = await deliverAt(minutesAfter(NIGHT, 15));
    expect(second.map((m) => m.to).sort()).toEqual([email("oncologist2"), email("oncologist1")].sort());
    for (const m of second) expect(m.subject).toBe("Red alert for Breast Oncology: not yet acknowledged");
    expect(await queueRowOf(alertId, minutesAfter(NIGHT, 16))).toMatchObject({
      lastNotified: { at: minutesAfter(NIGHT, 15).toISOString(), escalation: true },
    });

    // Fiona Grant acknowledges at 02:20: the step due at 02:30 is cancelled in that transaction.
    const acknowledged = await asNurseOn(alertId, 0, minutesAfter(NIGHT, 20), acknowledgeAlert);
    expect(acknowledged.status).toBe("changed");
    expect((await ladderOf(alertId)).map((r) => `${r.step} ${r.status}`)).toEqual([
      "on_call sent",
      "second sent",
      "second sent",
      "escalation cancelled",
      "escalation cancelled",
    ]);
    expect(await deliverAt(minutesAfter(NIGHT, 30))).toEqual([]);
    expect(await deliverAt(minutesAfter(NIGHT, 24 * 60))).toEqual([]);

    // Each step sent is on the alert's history, naming the person emailed and when.
    const history = await asNurse((tx) => listAlertEvents(tx, { alertId }));
    // (Two emails of one step are sent in the same minute: their order is by name here.)
    const lines = history.map((e) => [e.kind, e.by.name, e.at.slice(11, 16)]);
    lines.sort((x, y) => x[2].localeCompare(y[2]) || x[1].localeCompare(y[1]));
    expect(lines).toEqual([
      ["notified", "Fiona Grant", "02:00"],
      ["escalation_notified", "Dr Ahmed Rashid", "02:15"],
      ["escalation_notified", "Dr Morag Campbell", "02:15"],
      ["acknowledged", "Fiona Grant", "02:20"],
    ]);
    // ... and in the audit trail, with the step and channel and no patient detail.
    const audit = await db.asOwner((owner) =>
      rowsOf<{ step: string; channel: string; recipient: string; patient_id: string }>(
        owner,
        sql`select details ->> 'step' as step, details ->> 'channel' as channel, details ->> 'recipient' as recipient,
                   patient_id from audit_events
            where action = 'alert_notification_sent' and resource_id = ${alertId} order by id`,
      ),
    );
    expect(audit).toEqual([
      { step: "on_call", channel: "email", recipient: demoStaffId("nurse1"), patient_id: demoPatientId(0) },
      { step: "second", channel: "email", recipient: expect.any(String), patient_id: demoPatientId(0) },
      { step: "second", channel: "email", recipient: expect.any(String), patient_id: demoPatientId(0) },
    ]);
  });

  test("an acknowledgement that rolls back leaves the ladder running", async () => {
    const alertId = await reportAt(22, RED, minutesAfter(NIGHT, 60 * 24));
    await expect(
      asNurseOn(alertId, 22, minutesAfter(NIGHT, 60 * 24 + 5), async (tx, t) => {
        await acknowledgeAlert(tx, t);
        throw new Error("the request failed after the acknowledgement");
      }),
    ).rejects.toThrow("the request failed");
    expect((await ladderOf(alertId)).every((r) => r.status === "pending")).toBe(true);
    // Resolving stops it too.
    const resolved = await asNurseOn(alertId, 22, minutesAfter(NIGHT, 60 * 24 + 6), (tx, t) =>
      resolveAlert(tx, { ...t, outcomeCodes: ["self_care_advice"] }),
    );
    expect(resolved.status).toBe("changed");
    expect(new Set((await ladderOf(alertId)).map((r) => r.status))).toEqual(new Set(["cancelled"]));
    expect(await deliverAt(minutesAfter(NIGHT, 60 * 48))).toEqual([]);
  });

  test("the organisation's own time for the second step, and only its clinicians as escalation contacts", async () => {
    await db.asOwner((owner) =>
      owner.execute(
        sql`update organisations set settings = jsonb_set(settings, '{notifications,escalationContactIds}',
              (settings #> '{notifications,escalationContactIds}') || ${JSON.stringify([demoStaffId("admin1")])}::jsonb)
            where id = ${DEMO_ORG_ID}`,
      ),
    );
    const alertId = await reportAt(12, RED, minutesAfter(NIGHT, 3 * 24 * 60), {
      ...DEFAULT_NOTIFICATION_SETTINGS,
      secondStepMinutes: 10,
    });
    const ladder = await ladderOf(alertId);
    expect(ladder.filter((r) => r.step === "second").map((r) => r.due)).toEqual(["02:10", "02:10"]);
    // An admin named as a contact is not called: they cannot see the alert.
    expect(ladder.map((r) => r.recipient)).not.toContain(email("admin1"));
    await asNurseOn(alertId, 12, minutesAfter(NIGHT, 3 * 24 * 60 + 1), acknowledgeAlert);
  });
});

describe("an amber alert", () => {
  test("raised at night waits for the start of the working day, then emails the on-call nurse", async () => {
    const evening = new Date("2026-03-10T22:30:00Z");
    const alertId = await reportAt(16, AMBER, evening);
    expect(await ladderOf(alertId)).toEqual([
      { recipient: email("nurse1"), step: "amber", status: "pending", due: "08:00" },
    ]);
    expect(await deliverAt(evening)).toEqual([]);
    expect(await deliverAt(new Date("2026-03-11T07:59:00Z"))).toEqual([]);
    expect(await deliverAt(new Date("2026-03-11T08:00:00Z"))).toEqual([
      { to: email("nurse1"), subject: "Amber alert for Breast Oncology" },
    ]);
    const history = await asNurse((tx) => listAlertEvents(tx, { alertId }));
    expect(history.map((e) => [e.kind, e.by.name])).toEqual([["notified", "Fiona Grant"]]);
  });
});

describe("the organisation's settings", () => {
  test("an admin sets the ladder's times within bounds, and the escalation contacts are kept", async () => {
    const { notificationOverrides, settingsInput } = await import("../app/(admin)/admin/_lib/inputs");
    const form = (fields: Record<string, string>) => settingsInput.safeParse({ ...VALID_SETTINGS_FORM, ...fields });
    expect(form({ secondStepMinutes: "1" }).error?.issues[0]?.message).toBe(
      "The minutes before the second step must be between 5 and 120.",
    );
    expect(form({ workdayStartHour: "18", workdayEndHour: "8" }).error?.issues[0]?.message).toBe(
      "The working day must end after it starts.",
    );
    // A form from before these settings existed still saves, and changes none of them.
    expect(notificationOverrides(settingsInput.parse(VALID_SETTINGS_FORM))).toEqual({});

    const saved = form({ secondStepMinutes: "", workdayStartHour: "7", workdayEndHour: "19" });
    expect(saved.success).toBe(true);
    const admin = demoStaffId("admin1");
    const changed = await runWithRls(db.runtime, { userId: admin }, (tx) =>
      updateOrganisationSettings(tx, {
        actor: { userId: admin, organisationId: DEMO_ORG_ID },
        settings: { notifications: notificationOverrides(saved.data as NonNullable<typeof saved.data>) },
      }),
    );
    // Storing the default (no second-step minutes: half the target) changes nothing in effect.
    expect(changed).toEqual([
      { key: "notifications.workdayEndHour", before: 18, after: 19 },
      { key: "notifications.workdayStartHour", before: 8, after: 7 },
    ]);
    const [org] = await db.asOwner((owner) =>
      rowsOf<{ settings: Record<string, unknown> }>(
        owner,
        sql`select settings from organisations where id = ${DEMO_ORG_ID}`,
      ),
    );
    expect(reportSettingsFor(org.settings).notificationSettings).toMatchObject({
      secondStepMinutes: null,
      workdayStartHour: 7,
      workdayEndHour: 19,
      escalationContactIds: expect.arrayContaining([demoStaffId("oncologist1"), demoStaffId("oncologist2")]),
    });
  });
});
