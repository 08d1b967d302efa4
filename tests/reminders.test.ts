/**
 * Reminders to report, with a controlled clock and a real SMTP server on loopback: a patient whose
 * cycle was given on Monday 5 January 2026 (GMT, so clinic time is UTC) is reminded on the days of
 * the plan's schedule, at the time they chose, not in their quiet hours, not on a day they already
 * reported, once a day at most, and not at all once they switch reminders off; by email, or by Web
 * Push to a push service of the test's own, as they choose. The worker's pass (queueDueReminders)
 * queues, its delivery round (deliverDue) sends.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import webpush from "web-push";
import type { Tx } from "../db/client";
import { addPushSubscription, removePushSubscription } from "../db/queries/notification-preferences";
import { findReminderPreferences, saveReminderPreferences } from "../db/queries/reminders";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import { stableId } from "../db/stable-id";
import { DEFAULT_REMINDER_PREFERENCES, type ReminderPreferences } from "../lib/notifications/reminders";
import { webPushSender } from "../server/notifications/push";
import { queueDueReminders } from "../server/notifications/reminders";
import { deliverDue } from "../server/notifications/worker";
import { rowsOf } from "./support/database";
import { sqlState } from "./support/fixtures";
import { type PushEndpoint, startPushEndpoint } from "./support/push-endpoint";
import { type SmtpPeer, startSmtpPeer } from "./support/smtp";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("reminders", { fixtures: false });

const id = (name: string) => stableId(`reminders-test:${name}`);
const ORG = id("org");
const TEAM = id("team");
const PATIENT_USER = id("patient-user");
const PATIENT = id("patient");
const OTHER_USER = id("other-user");
const OTHER_PATIENT = id("other-patient");
const PLAN = id("plan");
const EMAIL = "ruth.paterson@reminders.example";
const LINE = "0131 555 0199";
const APP_URL = "https://serums.example";

/** Cycle 1 was given on Monday 5 January; the next is planned three weeks later. */
const CYCLE_1 = "2026-01-05";
const CYCLE_2 = "2026-01-26";
const at = (day: string, time: string) => new Date(`${day}T${time}:00Z`);

let smtp: SmtpPeer;
let endpoint: PushEndpoint;
const push = webPushSender({ ...webpush.generateVAPIDKeys(), subject: "mailto:ops@reminders.example" });

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    await owner.insert(t.organisations).values({
      id: ORG,
      name: "Reminder Centre",
      slug: "reminder-centre",
      settings: { hospitalLine: LINE },
    });
    await owner.insert(t.careTeams).values({ id: TEAM, organisationId: ORG, name: "Team R" });
    await owner.insert(t.users).values([
      {
        id: PATIENT_USER,
        organisationId: ORG,
        kind: "patient",
        email: EMAIL,
        displayName: "Ruth Paterson",
        passwordHash: "x",
      },
      // An account not yet activated: it cannot sign in, so it is never reminded.
      {
        id: OTHER_USER,
        organisationId: ORG,
        kind: "patient",
        email: "not.yet@reminders.example",
        displayName: "Not Yet",
      },
    ]);
    await owner.insert(t.patients).values([
      {
        id: PATIENT,
        organisationId: ORG,
        hospitalNumber: "RMD0000001",
        givenName: "Ruth",
        familyName: "Paterson",
        dateOfBirth: "1961-04-02",
        diagnosis: "Breast cancer, ER-positive",
        primaryCareTeamId: TEAM,
        userId: PATIENT_USER,
      },
      {
        id: OTHER_PATIENT,
        organisationId: ORG,
        hospitalNumber: "RMD0000002",
        givenName: "Not",
        familyName: "Yet",
        dateOfBirth: "1970-01-01",
        diagnosis: "Breast cancer, ER-positive",
        primaryCareTeamId: TEAM,
        userId: OTHER_USER,
      },
    ]);
    for (const [plan, patient] of [
      [PLAN, PATIENT],
      [id("other-plan"), OTHER_PATIENT],
    ]) {
      await owner.insert(t.treatmentPlans).values({
        id: plan,
        patientId: patient,
        regimen: "FEC (fluorouracil, epirubicin, cyclophosphamide)",
        drugs: ["fluorouracil", "epirubicin", "cyclophosphamide"],
        intent: "adjuvant",
        cycleLengthDays: 21,
        plannedCycles: 6,
        startDate: CYCLE_1,
      });
      await owner.insert(t.treatmentCycles).values([
        { planId: plan, patientId: patient, cycleNumber: 1, plannedDate: CYCLE_1, givenDate: CYCLE_1, status: "given" },
        { planId: plan, patientId: patient, cycleNumber: 2, plannedDate: CYCLE_2, status: "planned" },
      ]);
    }
  });
  smtp = await startSmtpPeer();
  endpoint = await startPushEndpoint();
});

afterAll(async () => {
  await smtp?.close();
  await endpoint?.close();
});

/** The worker at `now`: its reminder pass, then a delivery round. Returns what reached the SMTP server. */
async function workerAt(now: Date) {
  const before = smtp.received.length;
  await queueDueReminders(db.runtime, { now });
  await deliverDue(db.runtime, { now, transport: smtp.transport(), push, appUrl: APP_URL });
  return smtp.received.slice(before);
}

const asPatient = <T>(work: (tx: Tx) => Promise<T>) =>
  runWithRls(db.runtime, { userId: PATIENT_USER, actingRole: "patient" }, work);

/** The patient chooses (through the request role, as /me/reminders saves them). */
const choose = (preferences: ReminderPreferences, now = at(CYCLE_1, "09:00")) =>
  asPatient((tx) => saveReminderPreferences(tx, { patientId: PATIENT, preferences, by: PATIENT_USER, now }));

/** The patient reports at `when` (a stored report is all the schedule looks at). */
const reportAt = (when: Date) =>
  db.asOwner((owner) =>
    owner
      .insert(t.symptomReports)
      .values({ patientId: PATIENT, source: "patient", submittedBy: PATIENT_USER, reportedAt: when }),
  );

/** The days the patient's reminders were queued for, as the owner sees the outbox. */
const reminderDays = () =>
  db
    .asOwner((owner) =>
      rowsOf<{ day: string; status: string }>(
        owner,
        sql`select reminder_day::text as day, status from notifications where kind = 'reminder' order by reminder_day`,
      ),
    )
    .then((rows) => rows.map((r) => `${r.day} ${r.status}`));

describe("reminders to report", () => {
  test("a cycle day is reminded at the chosen time, by email with no clinical data", async () => {
    await choose({ ...DEFAULT_REMINDER_PREFERENCES });
    // Day 2 of cycle 1: nothing before 10:00, the reminder at 10:00.
    expect(await workerAt(at("2026-01-06", "09:59"))).toEqual([]);
    const [mail, ...more] = await workerAt(at("2026-01-06", "10:00"));
    expect(more).toEqual([]);
    expect(mail.to).toEqual([EMAIL]);
    expect(mail.subject).toBe("Time to tell your care team how you are");
    expect(mail.text).toContain("It is time to tell your team how you are.");
    expect(mail.text).toContain(`${APP_URL}/report`);
    expect(mail.text).toContain(`call the 24-hour line on ${LINE}`);
    for (const clinical of ["Ruth", "Paterson", "RMD0000001", "cycle", "Breast", "FEC", "Team R"])
      expect(mail.raw).not.toContain(clinical);
    expect(await reminderDays()).toEqual(["2026-01-06 sent"]);
  });

  test("a day already reported gets no reminder", async () => {
    await reportAt(at("2026-01-07", "07:30"));
    expect(await workerAt(at("2026-01-07", "10:00"))).toEqual([]);
    expect(await workerAt(at("2026-01-07", "16:00"))).toEqual([]);
    expect(await reminderDays()).toEqual(["2026-01-06 sent"]);
  });

  test("a missed day is reminded once, not again, and the next day has its own", async () => {
    expect((await workerAt(at("2026-01-08", "10:00"))).map((m) => m.to)).toEqual([[EMAIL]]);
    // Not reported all day: no second reminder, however often the worker's pass runs.
    for (const time of ["10:01", "12:00", "18:00", "21:59"]) expect(await workerAt(at("2026-01-08", time))).toEqual([]);
    // The next day brings its own reminder, and the missed day is not reminded again.
    expect((await workerAt(at("2026-01-09", "10:00"))).map((m) => m.to)).toEqual([[EMAIL]]);
    expect(await reminderDays()).toEqual(["2026-01-06 sent", "2026-01-08 sent", "2026-01-09 sent"]);
  });

  test("a worker down all through a reminder day does not send it late the next day", async () => {
    // Saturday 10 January passes with no worker running; on Sunday morning, before Sunday's time, nothing.
    expect(await workerAt(at("2026-01-11", "09:00"))).toEqual([]);
    expect(await reminderDays()).not.toContain("2026-01-10 sent");
  });

  test("not outside the schedule: after the first 7 days of a cycle, or before it starts", async () => {
    // Day 8 of cycle 1 (Monday 12 January) to day 21, and the day before cycle 2.
    for (const day of ["2026-01-12", "2026-01-18", "2026-01-25"]) expect(await workerAt(at(day, "10:00"))).toEqual([]);
    // Cycle 2 (planned, not yet marked given) starts its schedule on its day.
    expect((await workerAt(at(CYCLE_2, "10:00"))).map((m) => m.to)).toEqual([[EMAIL]]);
  });

  test("never in the quiet hours: a reminder whose time is in them is sent when they end", async () => {
    await choose({ ...DEFAULT_REMINDER_PREFERENCES, remindAt: 7 * 60, quietFrom: 22 * 60, quietUntil: 8 * 60 });
    expect(await workerAt(at("2026-01-27", "07:00"))).toEqual([]);
    expect(await workerAt(at("2026-01-27", "07:59"))).toEqual([]);
    expect((await workerAt(at("2026-01-27", "08:00"))).map((m) => m.to)).toEqual([[EMAIL]]);

    // At 23:00, inside quiet hours that run past midnight: the reminder for the 28th comes at 08:00 on the 29th.
    await choose({ ...DEFAULT_REMINDER_PREFERENCES, remindAt: 23 * 60, quietFrom: 22 * 60, quietUntil: 8 * 60 });
    expect(await workerAt(at("2026-01-28", "23:00"))).toEqual([]);
    expect(await workerAt(at("2026-01-29", "03:00"))).toEqual([]);
    expect((await workerAt(at("2026-01-29", "08:00"))).map((m) => m.to)).toEqual([[EMAIL]]);
    expect((await reminderDays()).slice(-2)).toEqual(["2026-01-27 sent", "2026-01-28 sent"]);
  });

  test("switched off means none", async () => {
    await choose({ ...DEFAULT_REMINDER_PREFERENCES, enabled: false });
    expect(await asPatient((tx) => findReminderPreferences(tx, { patientId: PATIENT }))).toMatchObject({
      enabled: false,
    });
    for (const day of ["2026-01-30", "2026-01-31", "2026-02-01"]) expect(await workerAt(at(day, "10:00"))).toEqual([]);
    // Switched back on, the next cycle day is reminded again.
    await choose({ ...DEFAULT_REMINDER_PREFERENCES });
    expect((await workerAt(at("2026-02-01", "10:05"))).map((m) => m.to)).toEqual([[EMAIL]]);
  });

  test("by push, as the patient chooses: to her phone alone, then to her phone and by email", async () => {
    // Cycle 3 is planned for Monday 16 February.
    await db.asOwner((owner) =>
      owner
        .insert(t.treatmentCycles)
        .values({ planId: PLAN, patientId: PATIENT, cycleNumber: 3, plannedDate: "2026-02-16", status: "planned" }),
    );
    const phone = endpoint.subscribe("ruth-phone");
    const { id: subscription } = await asPatient((tx) =>
      addPushSubscription(tx, {
        userId: PATIENT_USER,
        endpoint: phone.endpoint,
        p256dh: phone.p256dh,
        auth: phone.auth,
        label: "Safari on iPhone",
        now: at("2026-02-15", "09:00"),
      }),
    );
    await choose({ ...DEFAULT_REMINDER_PREFERENCES, channels: ["push"] });
    const pushes = endpoint.received.length;
    expect(await workerAt(at("2026-02-16", "10:00"))).toEqual([]);
    const pushed = endpoint.received.slice(pushes);
    expect(endpoint.refused).toEqual([]);
    expect(pushed.map((p) => p.path)).toEqual(["/push/ruth-phone"]);
    expect(JSON.parse(pushed[0].text)).toEqual({
      title: "Time to tell your care team how you are",
      body: `Tap to report. If you feel unwell, call the 24-hour line on ${LINE}.`,
      url: `${APP_URL}/report`,
    });
    for (const clinical of ["Ruth", "Paterson", "RMD0000001", "cycle", "Breast", "FEC", "Team R"])
      expect(pushed[0].text).not.toContain(clinical);

    await choose({ ...DEFAULT_REMINDER_PREFERENCES, channels: ["email", "push"] });
    expect((await workerAt(at("2026-02-17", "10:00"))).map((m) => m.to)).toEqual([[EMAIL]]);
    expect(endpoint.received.slice(pushes + 1).map((p) => p.path)).toEqual(["/push/ruth-phone"]);
    expect((await reminderDays()).slice(-2)).toEqual(["2026-02-16 sent", "2026-02-17 sent"]);

    // Push alone, and no phone subscribed any more: not reached, and the outbox says why.
    await asPatient((tx) => removePushSubscription(tx, { userId: PATIENT_USER, id: subscription }));
    await choose({ ...DEFAULT_REMINDER_PREFERENCES, channels: ["push"] });
    expect(await workerAt(at("2026-02-18", "10:00"))).toEqual([]);
    const [failed] = await db.asOwner((owner) =>
      rowsOf<{ status: string; last_error: string }>(
        owner,
        sql`select status, last_error from notifications where kind = 'reminder' and reminder_day = '2026-02-18'`,
      ),
    );
    expect(failed).toEqual({
      status: "failed",
      last_error: "no browser of this person is subscribed to push, and they chose no other way",
    });
  });

  test("a signed-in request can neither queue reminders nor read who is owed one", async () => {
    const refused = await asPatient((tx) =>
      tx.execute(sql`select app.queue_reminders(array[${PATIENT_USER}]::uuid[], array['2026-02-02']::date[],
        array[now()]::timestamptz[], now())`),
    ).catch((error: unknown) => sqlState(error));
    expect(refused).toBe("42501");
    const candidates = await asPatient((tx) =>
      rowsOf(tx, sql`select * from app.reminder_candidates('2026-02-01', '2026-02-02')`),
    );
    expect(candidates).toEqual([]);
  });
});
