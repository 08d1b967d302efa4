import "server-only";
import type { Database } from "@/db/client";
import { claimDueNotifications, settleNotification } from "@/db/queries/notifications";
import { runWithRls } from "@/db/rls";
import {
  accountLinkMessage,
  alertMessage,
  DEFAULT_MAX_ATTEMPTS,
  reminderMessage,
  retryDelayMs,
} from "@/lib/notifications/message";
import { FALLBACK_HOSPITAL_LINE } from "@/lib/triage/advice";
import { now as clockNow } from "@/server/clock";
import { log } from "@/server/log";
import { queueDueReminders } from "./reminders";
import type { MailTransport } from "./transport";

export type DeliverOptions = {
  now: Date;
  transport: MailTransport;
  /** Notifications claimed per round. */
  limit?: number;
  maxAttempts?: number;
  /** How long a claimed notification is held for this worker before another may try it. */
  leaseSeconds?: number;
  appUrl?: string;
};

export type DeliverResult = { claimed: number; sent: number; failed: number; dead: number };

/** The worker acts with no user: its database functions refuse to act for a signed-in request. */
const WORKER_CONTEXT = { userId: null };

/**
 * One round of delivery: claims the notifications due at `now` (each for one more attempt, under a
 * lease, in a short transaction of its own), sends each outside any transaction, and records the
 * outcome: sent; or failed, to be tried again after an exponential backoff; or, after the last
 * attempt, dead. At least once: a worker that dies mid-round leaves its claims to expire and be
 * tried again. Never twice once sent: a sent notification is never claimed again, and two workers
 * never claim the same row (SKIP LOCKED).
 */
export async function deliverDue(db: Database, options: DeliverOptions): Promise<DeliverResult> {
  const { now, transport } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const appUrl = options.appUrl ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  const claimed = await runWithRls(db, WORKER_CONTEXT, (tx) =>
    claimDueNotifications(tx, { now, limit: options.limit ?? 20, leaseSeconds: options.leaseSeconds ?? 120 }),
  );
  const result: DeliverResult = { claimed: claimed.length, sent: 0, failed: 0, dead: 0 };
  for (const n of claimed) {
    let error: string | null = null;
    try {
      if (n.channel !== "email") throw new Error(`no ${n.channel} channel yet`);
      const message =
        n.kind === "alert"
          ? alertMessage({ severity: n.severity, teamName: n.teamName, appUrl, step: n.step, alertId: n.alertId })
          : n.kind === "reminder"
            ? reminderMessage({ appUrl, hospitalLine: n.hospitalLine?.trim() || FALLBACK_HOSPITAL_LINE })
            : accountLinkMessage({ purpose: n.purpose, linkPath: n.linkPath, appUrl });
      await transport.send({ to: n.recipientEmail, ...message });
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const delay = error === null ? null : retryDelayMs(n.attempts, maxAttempts);
    const status = await runWithRls(db, WORKER_CONTEXT, (tx) =>
      error === null
        ? settleNotification(tx, { id: n.id, attempt: n.attempts, now, sent: true })
        : settleNotification(tx, {
            id: n.id,
            attempt: n.attempts,
            now,
            sent: false,
            error,
            retryAt: delay === null ? null : new Date(now.getTime() + delay),
          }),
    );
    if (status === "sent") result.sent++;
    else if (status === "failed") result.failed++;
    else if (status === "dead") {
      result.dead++;
      log.warn("notification dead after its last attempt", { notification: n.id, attempts: n.attempts });
    }
  }
  return result;
}

export type RunningWorker = { stop: () => Promise<void> };

/**
 * Delivers due notifications every `intervalMs` until stopped, and every `reminderIntervalMs` first
 * queues the reminders to report that have fallen due. One round at a time; a round that fails
 * (the database down) is logged and the next one tries again.
 */
export function runNotificationWorker(
  getDb: () => Promise<Database>,
  transport: MailTransport,
  intervalMs = Number(process.env.NOTIFY_INTERVAL_MS ?? 5_000),
  reminderIntervalMs = Number(process.env.NOTIFY_REMINDER_INTERVAL_MS ?? 60_000),
): RunningWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  let remindersQueuedAt = Number.NEGATIVE_INFINITY;
  const tick = () => {
    round = (async () => {
      try {
        const moment = clockNow();
        if (moment.getTime() - remindersQueuedAt >= reminderIntervalMs) {
          remindersQueuedAt = moment.getTime();
          // A failed pass must not hold up the alerts: the next pass queues what it missed.
          await queueDueReminders(await getDb(), { now: moment }).catch((error: unknown) =>
            log.error("queuing the reminders to report failed", error),
          );
        }
        // Drain what is due, a batch at a time, before waiting again.
        for (;;) {
          const r = await deliverDue(await getDb(), { now: clockNow(), transport });
          if (r.claimed === 0 || stopped) break;
        }
      } catch (error) {
        log.error("notification delivery round failed", error);
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
