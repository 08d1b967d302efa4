import "server-only";
/**
 * The notification outbox: queuing the messages an alert owes in the alert's own transaction,
 * the worker's claim and settlement of due messages, and the admins' dead-letter list. The rules
 * (who is called, leases, what a sent message may never become) are in db/sql/notifications.sql.
 */
import { sql } from "drizzle-orm";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";
import { DEFAULT_NOTIFICATION_SETTINGS, ladderSchedule, type NotificationSettings } from "@/lib/notifications/ladder";
import type { NotificationChannel, QuietHours } from "@/lib/notifications/preferences";
import type { AlertSeverity } from "@/lib/vocabulary";
import type { Tx } from "../client";
import { at, queryRows, textArray } from "../sql";

export type QueueAlertNotificationsParams = {
  alertId: string;
  severity: AlertSeverity;
  /** When the alert was raised, or made red: its ladder starts here. */
  now: Date;
  /** Its response target once raised (or made red): when it must have been acknowledged. */
  dueAt: Date;
  /** The organisation's settings; the defaults when omitted. */
  settings?: NotificationSettings;
};

/**
 * Queues, in the caller's transaction, the notifications an alert owes, each due at its step of
 * the escalation ladder (lib/notifications/ladder.ts): for a red alert, the on-call clinician at
 * once, the second on-call and team leads later, the escalation contacts at the target; for an
 * amber one, the on-call clinician within working hours. Who is called is decided by
 * db/sql/notifications.sql. Queuing an alert again adds nothing (one notification per alert,
 * recipient and step). Returns how many were queued.
 */
export async function queueAlertNotifications(tx: Tx, p: QueueAlertNotificationsParams): Promise<number> {
  const { firstAt, secondAt } = ladderSchedule({
    severity: p.severity,
    at: p.now,
    dueAt: p.dueAt,
    settings: p.settings ?? DEFAULT_NOTIFICATION_SETTINGS,
  });
  const [row] = await queryRows<{ queued: number }>(
    tx,
    sql`select app.queue_alert_notifications(${p.alertId}::uuid, ${at(firstAt)},
          ${secondAt ? at(secondAt) : sql`null::timestamptz`}) as queued`,
  );
  return Number(row?.queued ?? 0);
}

/** A notification the worker holds a lease on: where it goes and what it may say. */
export type ClaimedNotification = {
  id: string;
  channel: "email" | "push" | "sms";
  step: string;
  /** This attempt's number, from 1. */
  attempts: number;
  recipientEmail: string;
  /** Where earlier attempts already delivered it: `email`, `push:<subscription id>`, `sms`. */
  deliveredTo: string[];
  /** The recipient's channels and quiet hours (email and push, none, when they chose nothing). */
  channels: NotificationChannel[];
  quietHours: QuietHours | null;
  /** The recipient is on call for the alert now (quiet hours never hold a red alert's step for them). */
  onCall: boolean;
  pushSubscriptions: { id: string; endpoint: string; p256dh: string; auth: string }[];
  /** The mobile number the recipient gave for text messages, if any. */
  smsNumber: string | null;
  /** The language to write to the recipient in: their own choice, else their organisation's default. */
  locale: Locale;
} & (
  | { kind: "alert"; alertId: string; teamName: string; severity: AlertSeverity }
  | { kind: "account_link"; purpose: "activate" | "reset"; linkPath: string }
  | { kind: "reminder"; hospitalLine: string | null }
);

export type ClaimParams = { now: Date; limit: number; leaseSeconds: number };

/** Claims up to `limit` due notifications for one attempt each (a transaction with no user only). */
export async function claimDueNotifications(tx: Tx, p: ClaimParams): Promise<ClaimedNotification[]> {
  const rows = await queryRows<{
    id: string;
    kind: ClaimedNotification["kind"];
    channel: ClaimedNotification["channel"];
    step: string;
    attempts: number;
    recipient_email: string;
    team_name: string;
    severity: AlertSeverity;
    link_path: string;
    delivered_to: string[];
    channels: NotificationChannel[];
    quiet_start_minute: number | null;
    quiet_end_minute: number | null;
    on_call: boolean;
    push_subscriptions: ClaimedNotification["pushSubscriptions"] | string;
    alert_id: string;
    hospital_line: string | null;
    sms_number: string | null;
    locale: string | null;
  }>(tx, sql`select * from app.claim_notifications(${at(p.now)}, ${p.limit}::int, ${p.leaseSeconds}::int)`);
  return rows.map((r) => {
    const common = {
      id: r.id,
      channel: r.channel,
      step: r.step,
      attempts: Number(r.attempts),
      recipientEmail: r.recipient_email,
      deliveredTo: r.delivered_to ?? [],
      channels: r.channels,
      quietHours:
        r.quiet_start_minute === null || r.quiet_end_minute === null
          ? null
          : { startMinute: Number(r.quiet_start_minute), endMinute: Number(r.quiet_end_minute) },
      onCall: r.on_call,
      pushSubscriptions:
        typeof r.push_subscriptions === "string" ? JSON.parse(r.push_subscriptions) : r.push_subscriptions,
      smsNumber: r.sms_number,
      locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE,
    };
    if (r.kind === "account_link")
      return { ...common, kind: r.kind, purpose: r.step === "reset" ? "reset" : "activate", linkPath: r.link_path };
    if (r.kind === "reminder") return { ...common, kind: r.kind, hospitalLine: r.hospital_line };
    return { ...common, kind: "alert", alertId: r.alert_id, teamName: r.team_name, severity: r.severity };
  });
}

export type SettleParams = {
  id: string;
  attempt: number;
  now: Date;
  /** Where it has been delivered so far, this attempt included (`email`, `push:<id>`). */
  delivered?: string[];
  /** Push subscriptions the push service said are gone: removed. */
  gone?: string[];
} & ({ sent: true } | { sent: false; error: string; retryAt: Date | null });

/** Records an attempt's outcome; returns the new status, or null when a later attempt owns the row. */
export async function settleNotification(tx: Tx, p: SettleParams): Promise<string | null> {
  const error = p.sent ? null : p.error;
  const retryAt = p.sent || !p.retryAt ? null : p.retryAt.toISOString();
  const delivered = p.delivered ? textArray(p.delivered) : sql`null::text[]`;
  const [row] = await queryRows<{ status: string | null }>(
    tx,
    sql`select app.settle_notification(${p.id}::uuid, ${p.attempt}::int, ${p.sent}::boolean, ${error}::text,
          ${retryAt}::timestamptz, ${at(p.now)}, ${delivered}, ${textArray(p.gone ?? [])}::uuid[]) as status`,
  );
  return row?.status ?? null;
}

/**
 * Gives a claimed attempt back untried and makes the notification due again at `until`, the end of
 * its recipient's quiet hours (within a day of `now`). Returns whether it was held.
 */
export async function holdNotification(
  tx: Tx,
  p: { id: string; attempt: number; until: Date; now: Date },
): Promise<boolean> {
  const [row] = await queryRows<{ held: boolean }>(
    tx,
    sql`select app.hold_notification(${p.id}::uuid, ${p.attempt}::int, ${at(p.until)}, ${at(p.now)}) as held`,
  );
  return row?.held === true;
}

export type DeadNotification = {
  id: string;
  /** Null for a one-time link's email. */
  alertId: string | null;
  recipientName: string | null;
  channel: string;
  step: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
};

/**
 * The dead-letter list: notifications of the caller's organisation that were given up after their
 * last attempt, newest first. Readable by the organisation's admins (RLS); names no patient.
 */
export async function listDeadNotifications(
  tx: Tx,
  p: { organisationId: string; limit?: number },
): Promise<DeadNotification[]> {
  const rows = await queryRows<{
    id: string;
    alert_id: string | null;
    recipient_name: string | null;
    channel: string;
    step: string;
    attempts: number;
    last_error: string | null;
    created_at: string | Date;
  }>(
    tx,
    sql`select n.id, n.alert_id, u.display_name as recipient_name, n.channel, n.step, n.attempts, n.last_error, n.created_at
        from notifications n left join users u on u.id = n.recipient_user_id
        where n.organisation_id = ${p.organisationId}::uuid and n.status = 'dead'
        order by n.created_at desc, n.id limit ${p.limit ?? 100}`,
  );
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alert_id,
    recipientName: r.recipient_name,
    channel: r.channel,
    step: r.step,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
  }));
}
