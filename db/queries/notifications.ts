import "server-only";
/**
 * The notification outbox: queuing the messages an alert owes in the alert's own transaction,
 * the worker's claim and settlement of due messages, and the admins' dead-letter list. The rules
 * (who is called, leases, what a sent message may never become) are in db/sql/notifications.sql.
 */
import { sql } from "drizzle-orm";
import { DEFAULT_NOTIFICATION_SETTINGS, ladderSchedule, type NotificationSettings } from "@/lib/notifications/ladder";
import type { AlertSeverity } from "@/lib/vocabulary";
import type { Tx } from "../client";
import { at, queryRows } from "../sql";

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
    alert_id: string;
    hospital_line: string | null;
  }>(tx, sql`select * from app.claim_notifications(${at(p.now)}, ${p.limit}::int, ${p.leaseSeconds}::int)`);
  return rows.map((r) => {
    const common = {
      id: r.id,
      channel: r.channel,
      step: r.step,
      attempts: Number(r.attempts),
      recipientEmail: r.recipient_email,
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
} & ({ sent: true } | { sent: false; error: string; retryAt: Date | null });

/** Records an attempt's outcome; returns the new status, or null when a later attempt owns the row. */
export async function settleNotification(tx: Tx, p: SettleParams): Promise<string | null> {
  const error = p.sent ? null : p.error;
  const retryAt = p.sent || !p.retryAt ? null : p.retryAt.toISOString();
  const [row] = await queryRows<{ status: string | null }>(
    tx,
    sql`select app.settle_notification(${p.id}::uuid, ${p.attempt}::int, ${p.sent}::boolean, ${error}::text,
          ${retryAt}::timestamptz, ${at(p.now)}) as status`,
  );
  return row?.status ?? null;
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
