/**
 * Notifications of red alerts: queued in the alert's transaction, delivered by the worker to a
 * real SMTP server on loopback, retried with backoff, given up as dead, sent once.
 */
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import { claimDueNotifications, listDeadNotifications, queueAlertNotifications } from "../db/queries/notifications";
import { submitReport } from "../db/queries/report-submit";
import { runWithRls } from "../db/rls";
import * as t from "../db/schema";
import {
  DEMO_ORG_ID,
  DEMO_STAFF,
  DEMO_TEAMS,
  demoPatientId,
  demoPatientName,
  demoPatientUserId,
  demoStaffId,
  seedDemoData,
} from "../server/demo/seed";
import type { MailTransport } from "../server/notifications/transport";
import { deliverDue } from "../server/notifications/worker";
import { rowsOf } from "./support/database";
import { AMBER_REPORT, demoPatientReport, RED_REPORT } from "./support/demo-reports";
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from "./support/smtp";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("notifications", { fixtures: false, poolSize: 6 });
const SECOND = 1000;
const BREAST = 0; // patient 0 has an account and is in Breast Oncology
const LUNG = 1; // patient 1 has an account and is in Lung and Upper GI Oncology
const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)?.email ?? "";

let smtp: SmtpPeer;
let received: ReceivedMail[];
let smtpUrl: string;
let closedPortUrl: string;
let now: Date;

beforeAll(async () => {
  now = new Date("2026-03-02T10:00:00Z");
  await db.asOwner(async (owner) => {
    await seedDemoData(owner, now);
    // Breast Oncology: Dr Campbell is on call now. Lung and Upper GI has no rota: its nurses are called.
    await owner.insert(t.onCallShifts).values({
      organisationId: DEMO_ORG_ID,
      careTeamId: DEMO_TEAMS.breast.id,
      userId: demoStaffId("oncologist1"),
      startsAt: new Date(now.getTime() - 3600 * SECOND),
      endsAt: new Date(now.getTime() + 24 * 3600 * SECOND),
      position: 1,
    });
  });
  smtp = await startSmtpPeer();
  received = smtp.received;
  smtpUrl = smtp.url;
  // A port nobody listens on: bound, then closed again.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  closedPortUrl = `smtp://127.0.0.1:${closedPort}`;
});

afterAll(async () => {
  await smtp?.close();
});

function asPatient<T>(index: number, work: (tx: Tx) => Promise<T>): Promise<T> {
  return runWithRls(db.runtime, { userId: demoPatientUserId(index), actingRole: "patient" }, work);
}

const report = demoPatientReport;
const RED = RED_REPORT;
const AMBER = AMBER_REPORT;

/**
 * Resolves the patient's active alert, as the owner: a patient has one active alert at a time and a
 * later report joins it, so a test that needs a new alert starts from none.
 */
async function closeActiveAlert(index: number) {
  await db.asOwner((owner) =>
    owner.execute(
      sql`update alerts set status = 'resolved', resolved_at = now(), version = version + 1
          where patient_id = ${demoPatientId(index)} and status <> 'resolved'`,
    ),
  );
}

/** A new red alert of patient `index`, raised by their report at `at`. */
async function submitRed(index: number, at: Date) {
  await closeActiveAlert(index);
  const result = await asPatient(index, (tx) => submitReport(tx, report(index, RED, at)));
  expect(result.alertJoined).toBe(false);
  expect(result.level).toBe("red");
  return result.alertId as string;
}

type Row = {
  recipient: string;
  step: string;
  status: string;
  attempts: number;
  next_ms: number;
  sent: boolean;
  last_error: string | null;
};
/** The notifications of one alert, as the owner. */
async function notificationsOf(alertId: string): Promise<Row[]> {
  return db.asOwner((owner) =>
    rowsOf<Row>(
      owner,
      sql`select u.email as recipient, n.step, n.status, n.attempts, (extract(epoch from n.next_attempt_at) * 1000)::float8 as next_ms,
                 n.sent_at is not null as sent, n.last_error
          from notifications n join users u on u.id = n.recipient_user_id where n.alert_id = ${alertId} order by u.email, n.step`,
    ),
  );
}

const smtpTo = (url: string): MailTransport => smtp.transport(url);
const later = (ms: number) => new Date(now.getTime() + ms);

describe("a red alert", () => {
  test("is emailed once to the on-call clinician, with no patient data in the message", async () => {
    const alertId = await submitRed(BREAST, now);
    expect(await notificationsOf(alertId)).toMatchObject([
      { recipient: email("oncologist1"), step: "on_call", status: "pending", attempts: 0 },
    ]);

    const before = received.length;
    const first = await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl), appUrl: "https://serums.example" });
    expect(first).toEqual({ claimed: 1, sent: 1, failed: 0, dead: 0 });
    const mail = received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0].to).toEqual([email("oncologist1")]);
    expect(mail[0].subject).toBe("Red alert for Breast Oncology");
    // The link opens the alert itself (after sign-in): its id is all it carries.
    expect(mail[0].text).toContain(`https://serums.example/alerts/${alertId}`);

    const [patient] = await db.asOwner((owner) =>
      rowsOf<{ hospital_number: string; given_name: string; family_name: string }>(
        owner,
        sql`select hospital_number, given_name, family_name from patients where id = ${demoPatientId(BREAST)}`,
      ),
    );
    expect(patient.given_name).toBe(demoPatientName(BREAST).givenName);
    for (const secret of [patient.hospital_number, patient.given_name, patient.family_name, demoPatientId(BREAST)]) {
      expect(mail[0].raw).not.toContain(secret);
    }
    expect(await notificationsOf(alertId)).toMatchObject([{ status: "sent", attempts: 1, sent: true }]);

    // Delivering again, now or later, sends nothing more.
    expect(await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl) })).toMatchObject({ claimed: 0 });
    expect(await deliverDue(db.runtime, { now: later(3600 * SECOND), transport: smtpTo(smtpUrl) })).toMatchObject({
      claimed: 0,
    });
    expect(received.length).toBe(before + 1);
  });

  test("goes to the team's nurses when nobody is on call", async () => {
    const alertId = await submitRed(LUNG, now);
    expect(await notificationsOf(alertId)).toMatchObject([{ recipient: email("nurse2"), step: "on_call" }]);
    const before = received.length;
    await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl) });
    expect(received.slice(before).map((m) => m.to)).toEqual([[email("nurse2")]]);
  });

  test("reaches a Dutch-speaking nurse in Dutch, and one who chose no language in her organisation's default", async () => {
    const nurse = demoStaffId("nurse2");
    const team = DEMO_TEAMS.lung.name;
    const speak = (locale: string | null, organisationLocale: string | null) =>
      db.asOwner(async (owner) => {
        await owner.execute(sql`update users set locale = ${locale} where id = ${nurse}`);
        await owner.execute(
          sql`update organisations set default_locale = ${organisationLocale} where id = ${DEMO_ORG_ID}`,
        );
      });
    const deliverTo = async () => {
      const alertId = await submitRed(LUNG, now);
      const before = received.length;
      await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl), appUrl: "https://serums.example" });
      const mail = received.slice(before);
      expect(mail.map((m) => m.to)).toEqual([[email("nurse2")]]);
      return { alertId, mail: mail[0] };
    };
    try {
      await speak("nl", "es");
      const dutch = await deliverTo();
      expect(dutch.mail.subject).toBe(`Rode waarschuwing voor ${team}`);
      expect(dutch.mail.text.trim().split("\n")).toEqual([
        `Een rode waarschuwing wacht op ${team}.`,
        "",
        `Meld u aan om die te zien: https://serums.example/alerts/${dutch.alertId}`,
        "",
        "Dit bericht bevat geen patiëntgegevens. Beantwoord dit bericht niet.",
      ]);
      const [patient] = await db.asOwner((owner) =>
        rowsOf<{ hospital_number: string; given_name: string; family_name: string }>(
          owner,
          sql`select hospital_number, given_name, family_name from patients where id = ${demoPatientId(LUNG)}`,
        ),
      );
      for (const secret of [patient.hospital_number, patient.given_name, patient.family_name, demoPatientId(LUNG)]) {
        expect(dutch.mail.raw).not.toContain(secret);
      }

      await speak(null, "es");
      const spanish = await deliverTo();
      expect(spanish.mail.subject).toBe(`Alerta roja para ${team}`);
      expect(spanish.mail.text).toContain(`Inicie sesión para verla: https://serums.example/alerts/${spanish.alertId}`);
    } finally {
      await speak(null, null);
    }
  });

  test("queued twice is still one notification per recipient and step", async () => {
    const alertId = await submitRed(BREAST, now);
    const again = await asPatient(BREAST, (tx) =>
      queueAlertNotifications(tx, { alertId, severity: "red", now, dueAt: later(30 * 60 * SECOND) }),
    );
    expect(again).toBe(0);
    expect(await notificationsOf(alertId)).toHaveLength(1);
    await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl) });
  });

  test("an amber alert raised in working hours is emailed to the on-call clinician at once, as amber", async () => {
    await closeActiveAlert(BREAST);
    const result = await asPatient(BREAST, (tx) => submitReport(tx, report(BREAST, AMBER, now)));
    expect(result.level).toBe("amber");
    expect(await notificationsOf(result.alertId as string)).toMatchObject([
      { recipient: email("oncologist1"), step: "amber", status: "pending", next_ms: now.getTime() },
    ]);
    const before = received.length;
    expect(await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl) })).toMatchObject({ sent: 1 });
    expect(received.slice(before).map((m) => [m.to, m.subject])).toEqual([
      [[email("oncologist1")], "Amber alert for Breast Oncology"],
    ]);
  });

  test("an amber alert escalated to red by a later report is emailed to the on-call clinician; a further red report adds nothing", async () => {
    await closeActiveAlert(BREAST);
    const amber = await asPatient(BREAST, (tx) => submitReport(tx, report(BREAST, AMBER, now)));
    expect(amber.level).toBe("amber");
    const alertId = amber.alertId as string;
    expect(await notificationsOf(alertId)).toMatchObject([{ step: "amber", status: "pending" }]);

    // The patient's own later red report escalates the episode, in the patient's transaction.
    const red = await asPatient(BREAST, (tx) => submitReport(tx, report(BREAST, RED, later(10 * 60 * SECOND))));
    expect(red).toMatchObject({ level: "red", alertId, alertJoined: true });
    // The amber step not yet sent gives way to the red ladder's first step.
    expect(await notificationsOf(alertId)).toMatchObject([
      { recipient: email("oncologist1"), step: "amber", status: "cancelled" },
      { recipient: email("oncologist1"), step: "on_call", status: "pending", attempts: 0 },
    ]);
    const before = received.length;
    await deliverDue(db.runtime, { now: later(10 * 60 * SECOND), transport: smtpTo(smtpUrl) });
    const mail = received.slice(before);
    expect(mail.map((m) => m.to)).toEqual([[email("oncologist1")]]);
    expect(mail[0].subject).toBe("Red alert for Breast Oncology");

    // Another red report joins the alert that is already red: nothing new is queued or sent.
    const again = await asPatient(BREAST, (tx) => submitReport(tx, report(BREAST, RED, later(20 * 60 * SECOND))));
    expect(again).toMatchObject({ level: "red", alertId, alertJoined: true });
    expect(await notificationsOf(alertId)).toMatchObject([{ status: "cancelled" }, { status: "sent", attempts: 1 }]);
  });

  test("a rolled-back alert leaves no notification", async () => {
    await closeActiveAlert(BREAST);
    const [{ before }] = await db.asOwner((o) =>
      rowsOf<{ before: number }>(o, sql`select count(*)::int as before from notifications`),
    );
    let alertId: string | null = null;
    await expect(
      asPatient(BREAST, async (tx) => {
        alertId = (await submitReport(tx, report(BREAST, RED, now))).alertId;
        throw new Error("the request failed after the alert");
      }),
    ).rejects.toThrow("the request failed after the alert");
    expect(alertId).not.toBeNull();
    const [{ after, alerts }] = await db.asOwner((o) =>
      rowsOf<{ after: number; alerts: number }>(
        o,
        sql`select (select count(*)::int from notifications) as after, (select count(*)::int from alerts where id = ${alertId}) as alerts`,
      ),
    );
    expect({ after, alerts }).toEqual({ after: before, alerts: 0 });
  });
});

describe("delivery", () => {
  test("a failing SMTP server: retries with exponential backoff, then dead on the admins' list", async () => {
    const alertId = await submitRed(BREAST, now);
    const down = smtpTo(closedPortUrl);
    let clock = now;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const r = await deliverDue(db.runtime, { now: clock, transport: down });
      expect(r).toEqual({ claimed: 1, sent: 0, failed: attempt < 5 ? 1 : 0, dead: attempt < 5 ? 0 : 1 });
      const [row] = await notificationsOf(alertId);
      expect(row).toMatchObject({ attempts: attempt, status: attempt < 5 ? "failed" : "dead", sent: false });
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
      if (attempt < 5) {
        const next = new Date(Number(row.next_ms));
        delays.push(next.getTime() - clock.getTime());
        // Not before its time.
        expect(await deliverDue(db.runtime, { now: new Date(next.getTime() - SECOND), transport: down })).toMatchObject(
          {
            claimed: 0,
          },
        );
        clock = next;
      }
    }
    expect(delays).toEqual([30, 60, 120, 240].map((s) => s * SECOND));
    // Dead is final: nothing claims it again.
    expect(await deliverDue(db.runtime, { now: later(86_400 * SECOND), transport: smtpTo(smtpUrl) })).toMatchObject({
      claimed: 0,
    });

    const asAdmin = await runWithRls(db.runtime, { userId: demoStaffId("admin1") }, (tx) =>
      listDeadNotifications(tx, { organisationId: DEMO_ORG_ID }),
    );
    expect(asAdmin).toMatchObject([{ alertId, recipientName: "Dr Morag Campbell", attempts: 5, step: "on_call" }]);
    const asNurse = await runWithRls(db.runtime, { userId: demoStaffId("nurse1") }, (tx) =>
      listDeadNotifications(tx, { organisationId: DEMO_ORG_ID }),
    );
    expect(asNurse).toEqual([]);
  });

  test("a worker that dies after claiming: the lease runs out and another worker sends it", async () => {
    const alertId = await submitRed(BREAST, now);
    const claimed = await runWithRls(db.runtime, { userId: null }, (tx) =>
      claimDueNotifications(tx, { now, limit: 10, leaseSeconds: 120 }),
    );
    expect(claimed).toHaveLength(1);
    expect(await deliverDue(db.runtime, { now: later(60 * SECOND), transport: smtpTo(smtpUrl) })).toMatchObject({
      claimed: 0,
    });
    const before = received.length;
    expect(await deliverDue(db.runtime, { now: later(120 * SECOND), transport: smtpTo(smtpUrl) })).toMatchObject({
      sent: 1,
    });
    expect(received.length).toBe(before + 1);
    expect(await notificationsOf(alertId)).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  test("two workers at once send each notification once", async () => {
    const alerts = [];
    // Four patients of Breast Oncology (closing a patient's alert would cancel what it still owes).
    for (const index of [BREAST, 12, 16, 22]) alerts.push(await submitRed(index, now));
    const before = received.length;
    // A slow transport keeps both rounds in flight together (truly at once on PostgreSQL).
    const slow = smtpTo(smtpUrl);
    const slowly: MailTransport = {
      kind: "smtp",
      send: async (m) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await slow.send(m);
      },
    };
    const rounds = await Promise.all([
      deliverDue(db.runtime, { now, transport: slowly, limit: 2 }),
      deliverDue(db.runtime, { now, transport: slowly, limit: 2 }),
      deliverDue(db.runtime, { now, transport: slowly, limit: 2 }),
    ]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(4);
    expect(received.length).toBe(before + 4);
    for (const alertId of alerts)
      expect(await notificationsOf(alertId)).toMatchObject([{ status: "sent", attempts: 1 }]);
  });
});

describe("the request role", () => {
  test("cannot write the outbox, and claims nothing when signed in", async () => {
    await expect(
      runWithRls(db.runtime, { userId: demoStaffId("nurse1") }, (tx) =>
        tx.execute(sql`update notifications set status = 'sent'`),
      ),
    ).rejects.toThrow();
    await expect(
      runWithRls(db.runtime, { userId: demoStaffId("nurse1") }, (tx) => tx.execute(sql`delete from notifications`)),
    ).rejects.toThrow();
    await submitRed(BREAST, now);
    const claimed = await runWithRls(db.runtime, { userId: demoStaffId("admin1") }, (tx) =>
      claimDueNotifications(tx, { now, limit: 10, leaseSeconds: 120 }),
    );
    expect(claimed).toEqual([]);
    await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl) });
  });

  test("cannot queue notifications for an alert it could not have raised", async () => {
    const alertId = await submitRed(LUNG, now);
    await deliverDue(db.runtime, { now, transport: smtpTo(smtpUrl) });
    // Patient 0 may not raise (or see) patient 1's alert.
    await expect(
      asPatient(BREAST, (tx) =>
        queueAlertNotifications(tx, { alertId, severity: "red", now, dueAt: later(30 * 60 * SECOND) }),
      ),
    ).rejects.toThrow();
  });
});
