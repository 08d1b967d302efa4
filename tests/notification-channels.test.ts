/**
 * Alerts by Web Push and by each person's preferences, with a controlled clock: the worker pushes
 * to a push service of the test's own on loopback (tests/support/push-endpoint.ts), which checks
 * the VAPID JWT and decrypts the aes128gcm message with the subscription's own keys; email goes to
 * a real SMTP server on loopback. A push service's 404/410 removes the subscription; other failures
 * are retried for push alone. Quiet hours hold a notification until they end, except a red alert's
 * step for whoever is on call; a person who chose push alone gets no email.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import webpush from "web-push";
import type { Tx } from "../db/client";
import { listAlertEvents } from "../db/queries/alert-history";
import { findAlertRow } from "../db/queries/alert-rows";
import {
  addPushSubscription,
  listPushSubscriptions,
  saveNotificationPreferences,
} from "../db/queries/notification-preferences";
import { submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import { notifiedLabel, notifiedQueueLabel } from "../lib/alerts/notified";
import type { NotificationPreferences } from "../lib/notifications/preferences";
import type { SymptomReportPayload } from "../lib/reports/validation";
import { DEMO_STAFF, demoPatientUserId, demoStaffId } from "../server/demo/seed";
import { webPushSender } from "../server/notifications/push";
import { deliverDue } from "../server/notifications/worker";
import { rowsOf } from "./support/database";
import { AMBER_REPORT, demoPatientReport, patientDetailsOf, RED_REPORT, seedLadderWorld } from "./support/demo-reports";
import { type PushEndpoint, startPushEndpoint } from "./support/push-endpoint";
import { type SmtpPeer, startSmtpPeer } from "./support/smtp";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("notification_channels", { fixtures: false });
const MINUTE = 60_000;
const DAY = 24 * 60; // in minutes, for at()
const APP_URL = "https://serums.example";
const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)?.email ?? "";
// 02:00 in London on a winter night (GMT).
const NIGHT = new Date("2026-03-03T02:00:00Z");
const at = (from: Date, minutes: number) => new Date(from.getTime() + minutes * MINUTE);

const VAPID = { ...webpush.generateVAPIDKeys(), subject: "mailto:on-call-ops@serums.example" };
const push = webPushSender(VAPID);
let smtp: SmtpPeer;
let endpoint: PushEndpoint;

beforeAll(async () => {
  await db.asOwner((owner) => seedLadderWorld(owner, NIGHT));
  smtp = await startSmtpPeer();
  endpoint = await startPushEndpoint();
});

afterAll(async () => {
  await smtp?.close();
  await endpoint?.close();
});

function asStaff<T>(key: string, work: (tx: Tx) => Promise<T>) {
  return runWithRls(db.runtime, { userId: demoStaffId(key) }, work);
}

/** `key`'s browser `name` subscribes (as a browser would, with keys of its own); returns its id. */
async function subscribe(key: string, name: string) {
  const browser = endpoint.subscribe(name);
  const { id } = await asStaff(key, (tx) =>
    addPushSubscription(tx, {
      userId: demoStaffId(key),
      endpoint: browser.endpoint,
      p256dh: browser.p256dh,
      auth: browser.auth,
      label: "Chrome on Linux",
      now: NIGHT,
    }),
  );
  return id;
}

function prefer(key: string, choice: Omit<NotificationPreferences, "smsNumber"> & { smsNumber?: string }) {
  const preferences = { smsNumber: null, ...choice };
  return asStaff(key, (tx) => saveNotificationPreferences(tx, { userId: demoStaffId(key), preferences, now: NIGHT }));
}

const QUIET_NIGHT = { startMinute: 22 * 60, endMinute: 7 * 60 };
const BOTH: NotificationPreferences["channels"] = ["email", "push"];

/**
 * Patient `index` reports at `when`, raising a new alert; returns its id. Every earlier alert is
 * resolved first (as the owner), which stops what their ladders still owe.
 */
async function reportAt(index: number, payload: SymptomReportPayload, when: Date) {
  await db.asOwner((owner) =>
    owner.execute(
      sql`update alerts set status = 'resolved', resolved_at = now(), version = version + 1 where status <> 'resolved'`,
    ),
  );
  const result = await runWithRls(db.runtime, { userId: demoPatientUserId(index), actingRole: "patient" }, (tx) =>
    submitReport(tx, demoPatientReport(index, payload, when)),
  );
  expect(result.alertJoined).toBe(false);
  return result.alertId as string;
}

/**
 * The alert's history, as Fiona Grant reads it, records the channels that reached her, and so does
 * its row in the queue; `words` is what both say before her name.
 */
async function expectNotifiedBy(alertId: string, channels: string[], words: string) {
  const history = await asStaff("nurse1", (tx) => listAlertEvents(tx, { alertId }));
  const notified = history.filter((e) => e.kind === "notified");
  expect(notified.map((e) => [e.by.name, e.channels])).toEqual([["Fiona Grant", channels]]);
  expect(notifiedLabel(false, notified[0].channels)).toBe(words);
  const row = await asStaff("nurse1", (tx) => findAlertRow(tx, { alertId }));
  expect(row?.lastNotified).toMatchObject({ name: "Fiona Grant", escalation: false, channels });
  expect(notifiedQueueLabel(false, row?.lastNotified?.channels)).toBe(words);
}

/** One round of the worker at `now`: who was emailed and which browsers were pushed to. */
async function deliverAt(now: Date) {
  const mails = smtp.received.length;
  const pushes = endpoint.received.length;
  await deliverDue(db.runtime, { now, transport: smtp.transport(), push, appUrl: APP_URL });
  return {
    emailed: smtp.received
      .slice(mails)
      .map((m) => m.to.join(","))
      .sort(),
    pushed: endpoint.received.slice(pushes),
  };
}

type Row = { recipient: string; step: string; status: string; attempts: number; due: string; delivered_to: string[] };
function ladderOf(alertId: string): Promise<Row[]> {
  return db.asOwner((owner) =>
    rowsOf<Row>(
      owner,
      sql`select u.email as recipient, n.step, n.status, n.attempts, n.delivered_to,
                 to_char(n.next_attempt_at at time zone 'UTC', 'MM-DD HH24:MI') as due
          from notifications n join users u on u.id = n.recipient_user_id
          where n.alert_id = ${alertId}
          order by array_position(array['amber', 'on_call', 'second', 'escalation'], n.step), u.email`,
    ),
  );
}

describe("Web Push", () => {
  test("a red alert is pushed to the on-call nurse's browser, encrypted, with the level, the team and a link, and no patient data", async () => {
    await subscribe("nurse1", "fiona");
    const alertId = await reportAt(0, RED_REPORT, NIGHT);
    const { emailed, pushed } = await deliverAt(NIGHT);
    expect(endpoint.refused).toEqual([]);
    expect(emailed).toEqual([email("nurse1")]);
    expect(pushed).toHaveLength(1);
    const [message] = pushed;
    expect(message).toMatchObject({
      path: "/push/fiona",
      vapidKey: VAPID.publicKey,
      claims: { aud: endpoint.origin, sub: VAPID.subject },
      contentEncoding: "aes128gcm",
      ttl: "3600",
      urgency: "high",
    });
    expect(JSON.parse(message.text)).toEqual({
      title: "Red alert for Breast Oncology",
      body: "A red alert is waiting for Breast Oncology. Sign in to see it.",
      url: `${APP_URL}/alerts/${alertId}`,
    });
    for (const secret of await db.asOwner((owner) => patientDetailsOf(owner, 0))) {
      expect(message.text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    // One step, reached by both channels: recorded once, with both.
    expect((await ladderOf(alertId))[0]).toMatchObject({ step: "on_call", status: "sent", attempts: 1 });
    const audit = await db.asOwner((owner) =>
      rowsOf<{ channel: string }>(
        owner,
        sql`select details ->> 'channel' as channel from audit_events
            where action = 'alert_notification_sent' and resource_id = ${alertId}`,
      ),
    );
    expect(audit).toEqual([{ channel: "email+push" }]);
    // The alert's history and its queue row say both, not "emailed" alone.
    await expectNotifiedBy(alertId, ["email", "push"], "Emailed and sent a push notification to");
  });

  test("a push service's 410 removes the subscription, and the message still goes everywhere else", async () => {
    const stale = await subscribe("nurse1", "fiona-old-phone");
    endpoint.answer("fiona-old-phone", 410);
    const alertId = await reportAt(12, RED_REPORT, at(NIGHT, DAY));
    const { emailed, pushed } = await deliverAt(at(NIGHT, DAY));
    expect(emailed).toEqual([email("nurse1")]);
    expect(pushed.map((p) => p.path)).toEqual(["/push/fiona"]);
    expect((await ladderOf(alertId))[0]).toMatchObject({ step: "on_call", status: "sent" });
    const left = await asStaff("nurse1", (tx) => listPushSubscriptions(tx, { userId: demoStaffId("nurse1") }));
    expect(left.map((s) => s.id)).not.toContain(stale);
    expect(left.map((s) => s.endpoint)).toEqual([`${endpoint.origin}/push/fiona`]);
  });

  test("another failure of the push service is retried for push alone: the email is not sent twice", async () => {
    endpoint.answer("fiona", 503);
    const start = at(NIGHT, 2 * DAY);
    const alertId = await reportAt(16, RED_REPORT, start);
    expect(await deliverAt(start)).toEqual({ emailed: [email("nurse1")], pushed: [] });
    expect((await ladderOf(alertId))[0]).toMatchObject({ status: "failed", attempts: 1, delivered_to: ["email"] });
    endpoint.answer("fiona", 201);
    const retry = await deliverAt(at(start, 0.5));
    expect(retry.emailed).toEqual([]);
    expect(retry.pushed.map((p) => p.path)).toEqual(["/push/fiona"]);
    expect((await ladderOf(alertId))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("preferences", () => {
  test("quiet hours never hold a red alert for the people on call; the lead who is not on call waits until they end", async () => {
    for (const key of ["nurse1", "oncologist1", "oncologist2"]) {
      await prefer(key, { channels: BOTH, quietHours: QUIET_NIGHT });
    }
    const start = at(NIGHT, 3 * DAY); // 02:00, within everyone's quiet hours (22:00-07:00)
    const alertId = await reportAt(22, RED_REPORT, start);
    // Fiona Grant is first on call: at once.
    expect((await deliverAt(start)).emailed).toEqual([email("nurse1")]);
    // At 02:15 the second step: Dr Campbell is second on call and is told; Dr Rashid leads the team
    // but is not on call, so his waits for 07:00.
    expect((await deliverAt(at(start, 15))).emailed).toEqual([email("oncologist1")]);
    const held = (await ladderOf(alertId)).find((r) => r.step === "second" && r.recipient === email("oncologist2"));
    expect(held).toMatchObject({ status: "pending", attempts: 0, due: "03-06 07:00" });
    // At the target, the escalation contacts: again only the one on call.
    expect((await deliverAt(at(start, 30))).emailed).toEqual([email("oncologist1")]);
    expect((await deliverAt(at(start, 4 * 60 + 59))).emailed).toEqual([]);
    // 07:00: the quiet hours are over, and what waited is sent (the alert is still not acknowledged).
    expect((await deliverAt(at(start, 5 * 60))).emailed).toEqual([email("oncologist2"), email("oncologist2")]);
    expect((await ladderOf(alertId)).map((r) => `${r.step} ${r.status}`)).toEqual([
      "on_call sent",
      "second sent",
      "second sent",
      "escalation sent",
      "escalation sent",
    ]);
  });

  test("an amber alert in quiet hours waits until they end, even for the person on call", async () => {
    await prefer("nurse1", { channels: BOTH, quietHours: { startMinute: 9 * 60, endMinute: 12 * 60 + 30 } });
    const morning = new Date("2026-03-10T10:00:00Z"); // within working hours, within her quiet hours
    const alertId = await reportAt(0, AMBER_REPORT, morning);
    expect((await deliverAt(morning)).emailed).toEqual([]);
    expect(await ladderOf(alertId)).toMatchObject([{ step: "amber", status: "pending", due: "03-10 12:30" }]);
    expect((await deliverAt(new Date("2026-03-10T12:29:00Z"))).emailed).toEqual([]);
    const after = await deliverAt(new Date("2026-03-10T12:30:00Z"));
    expect(after.emailed).toEqual([email("nurse1")]);
    expect(JSON.parse(after.pushed[0].text).title).toBe("Amber alert for Breast Oncology");
  });

  test("a person who chose push alone gets no email", async () => {
    await prefer("nurse1", { channels: ["push"], quietHours: null });
    const start = at(NIGHT, 10 * DAY);
    const alertId = await reportAt(12, RED_REPORT, start);
    const { emailed, pushed } = await deliverAt(start);
    expect(emailed).toEqual([]);
    expect(pushed.map((p) => JSON.parse(p.text).title)).toEqual(["Red alert for Breast Oncology"]);
    expect((await ladderOf(alertId))[0]).toMatchObject({ step: "on_call", status: "sent" });
    expect(smtp.received.filter((m) => m.to.includes(email("nurse1")) && m.subject.includes("Red")).length).toBe(4);
    // Nobody reads "Emailed" for a message that went by push alone.
    await expectNotifiedBy(alertId, ["push"], "Sent a push notification to");
  });
});

describe("who reads them", () => {
  test("a person's subscriptions and preferences are their own: another clinician or an admin reads none", async () => {
    const fiona = demoStaffId("nurse1");
    expect(await asStaff("nurse1", (tx) => listPushSubscriptions(tx, { userId: fiona }))).not.toEqual([]);
    expect(
      await asStaff("nurse1", (tx) =>
        rowsOf<{ n: number }>(
          tx,
          sql`select count(*)::int as n from notification_preferences where user_id = ${fiona}`,
        ),
      ),
    ).toEqual([{ n: 1 }]);
    for (const other of ["nurse2", "oncologist1", "admin1"]) {
      expect(await asStaff(other, (tx) => listPushSubscriptions(tx, { userId: fiona }))).toEqual([]);
      const preferences = await asStaff(other, (tx) =>
        rowsOf<{ n: number }>(
          tx,
          sql`select count(*)::int as n from notification_preferences where user_id = ${fiona}`,
        ),
      );
      expect(preferences).toEqual([{ n: 0 }]);
    }
  });
});
