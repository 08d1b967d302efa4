/**
 * Alerts by text message, with a controlled clock: the worker sends through the SMS adapter
 * (server/notifications/sms.ts) to a provider of the test's own on loopback that speaks Twilio's
 * Messages API (tests/support/sms-provider.ts), and email to a real SMTP server on loopback. A
 * message names the level, the team and a link, never the patient; a provider's failure is
 * retried for the text alone; a person who chose text messages alone, on a server with no
 * provider, is recorded as not reached, with why.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { saveNotificationPreferences } from "../db/queries/notification-preferences";
import { submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import type { NotificationPreferences } from "../lib/notifications/preferences";
import { DEMO_STAFF, demoPatientUserId, demoStaffId } from "../server/demo/seed";
import { type SmsSender, twilioSmsSender } from "../server/notifications/sms";
import { deliverDue } from "../server/notifications/worker";
import { rowsOf } from "./support/database";
import { demoPatientReport, patientDetailsOf, RED_REPORT, seedLadderWorld } from "./support/demo-reports";
import { sqlState } from "./support/fixtures";
import { SMS_ACCOUNT, type SmsProvider, startSmsProvider } from "./support/sms-provider";
import { type SmtpPeer, startSmtpPeer } from "./support/smtp";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("notification_sms", { fixtures: false });
const MINUTE = 60_000;
const DAY = 24 * 60;
const APP_URL = "https://serums.example";
const FIONA_MOBILE = "+447700900123";
const SENDER = "+447700900001";
const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)?.email ?? "";
const NIGHT = new Date("2026-03-03T02:00:00Z");
const at = (from: Date, minutes: number) => new Date(from.getTime() + minutes * MINUTE);

let smtp: SmtpPeer;
let provider: SmsProvider;
let sms: SmsSender;

beforeAll(async () => {
  await db.asOwner((owner) => seedLadderWorld(owner, NIGHT));
  smtp = await startSmtpPeer();
  provider = await startSmsProvider();
  sms = twilioSmsSender({ ...SMS_ACCOUNT, from: SENDER, baseUrl: provider.origin });
});

afterAll(async () => {
  await smtp?.close();
  await provider?.close();
});

function asStaff<T>(key: string, work: (tx: Tx) => Promise<T>) {
  return runWithRls(db.runtime, { userId: demoStaffId(key) }, work);
}

function prefer(key: string, preferences: NotificationPreferences) {
  return asStaff(key, (tx) => saveNotificationPreferences(tx, { userId: demoStaffId(key), preferences, now: NIGHT }));
}

/** Patient `index` reports red at `when`, after every earlier alert is resolved; returns the alert's id. */
async function redReportAt(index: number, when: Date) {
  await db.asOwner((owner) =>
    owner.execute(
      sql`update alerts set status = 'resolved', resolved_at = now(), version = version + 1 where status <> 'resolved'`,
    ),
  );
  const result = await runWithRls(db.runtime, { userId: demoPatientUserId(index), actingRole: "patient" }, (tx) =>
    submitReport(tx, demoPatientReport(index, RED_REPORT, when)),
  );
  return result.alertId as string;
}

/** One round of the worker at `now` (with or without an SMS provider): who was emailed and texted. */
async function deliverAt(now: Date, sender: SmsSender | null = sms) {
  const mails = smtp.received.length;
  const texts = provider.received.length;
  await deliverDue(db.runtime, { now, transport: smtp.transport(), sms: sender, appUrl: APP_URL });
  return {
    emailed: smtp.received.slice(mails).map((m) => m.to.join(",")),
    texted: provider.received.slice(texts),
  };
}

type Step = { step: string; status: string; attempts: number; delivered_to: string[]; last_error: string | null };
async function firstStepOf(alertId: string): Promise<Step> {
  const [row] = await db.asOwner((owner) =>
    rowsOf<Step>(
      owner,
      sql`select step, status, attempts, delivered_to, last_error from notifications
          where alert_id = ${alertId} and step = 'on_call'`,
    ),
  );
  return row;
}

describe("text messages", () => {
  test("a red alert is texted to the on-call nurse's mobile, with the level, the team and a link, and no patient data", async () => {
    await prefer("nurse1", { channels: ["email", "sms"], quietHours: null, smsNumber: FIONA_MOBILE });
    const alertId = await redReportAt(0, NIGHT);
    const { emailed, texted } = await deliverAt(NIGHT);
    expect(provider.refused).toEqual([]);
    expect(emailed).toEqual([email("nurse1")]);
    expect(texted).toEqual([
      {
        to: FIONA_MOBILE,
        from: SENDER,
        body: `SERUMS: Red alert for Breast Oncology. Sign in to see it: ${APP_URL}/alerts/${alertId}`,
      },
    ]);
    for (const secret of await db.asOwner((owner) => patientDetailsOf(owner, 0))) {
      expect(texted[0].body.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(await firstStepOf(alertId)).toMatchObject({ status: "sent", attempts: 1, delivered_to: ["email", "sms"] });
    const audit = await db.asOwner((owner) =>
      rowsOf<{ channel: string }>(
        owner,
        sql`select details ->> 'channel' as channel from audit_events
            where action = 'alert_notification_sent' and resource_id = ${alertId}`,
      ),
    );
    expect(audit).toEqual([{ channel: "email+sms" }]);
  });

  test("a provider's failure is retried for the text alone: the email is not sent twice", async () => {
    provider.failNext(503);
    const start = at(NIGHT, DAY);
    const alertId = await redReportAt(12, start);
    expect(await deliverAt(start)).toEqual({ emailed: [email("nurse1")], texted: [] });
    const failed = await firstStepOf(alertId);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, delivered_to: ["email"] });
    expect(failed.last_error).toContain("the SMS provider answered 503: 20500 Internal Server Error");
    const retry = await deliverAt(at(start, 1));
    expect(retry.emailed).toEqual([]);
    expect(retry.texted.map((t) => t.to)).toEqual([FIONA_MOBILE]);
    expect(await firstStepOf(alertId)).toMatchObject({ status: "sent", attempts: 2, delivered_to: ["email", "sms"] });
  });

  test("wrong provider credentials are recorded as the provider's answer, and retried", async () => {
    const wrong = twilioSmsSender({
      ...SMS_ACCOUNT,
      authToken: "not-the-token",
      from: SENDER,
      baseUrl: provider.origin,
    });
    const start = at(NIGHT, 2 * DAY);
    const alertId = await redReportAt(16, start);
    await deliverAt(start, wrong);
    const failed = await firstStepOf(alertId);
    expect(failed).toMatchObject({ status: "failed", delivered_to: ["email"] });
    expect(failed.last_error).toContain("the SMS provider answered 401: 20003 wrong credentials");
    provider.refused.length = 0;
  });

  test("a person who chose text messages alone, on a server with no SMS provider, is recorded as not reached", async () => {
    await prefer("nurse1", { channels: ["sms"], quietHours: null, smsNumber: FIONA_MOBILE });
    const start = at(NIGHT, 3 * DAY);
    const alertId = await redReportAt(22, start);
    expect(await deliverAt(start, null)).toEqual({ emailed: [], texted: [] });
    const step = await firstStepOf(alertId);
    expect(step).toMatchObject({ status: "failed", delivered_to: [] });
    expect(step.last_error).toBe(
      "text messages are not configured on this server (no SMS provider), and they chose no other way",
    );
    // With the provider back, the next attempt reaches her by text alone.
    const retry = await deliverAt(at(start, 1));
    expect(retry).toEqual({ emailed: [], texted: [{ to: FIONA_MOBILE, from: SENDER, body: expect.any(String) }] });
  });

  test("the database refuses text messages without a mobile number, and a number not in international form", async () => {
    for (const smsNumber of [null, "07700 900123", "+44770090012345678"]) {
      const outcome = await prefer("nurse2", { channels: ["email", "sms"], quietHours: null, smsNumber }).then(
        () => "saved",
        (error: unknown) => sqlState(error),
      );
      expect(outcome, String(smsNumber)).toBe("23514");
    }
  });
});
