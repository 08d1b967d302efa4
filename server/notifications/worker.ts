import "server-only";
import type { Database } from "@/db/client";
import {
  type ClaimedNotification,
  claimDueNotifications,
  holdNotification,
  settleNotification,
} from "@/db/queries/notifications";
import { runWithRls } from "@/db/rls";
import {
  accountLinkMessage,
  alertMessage,
  alertPushMessage,
  alertSmsMessage,
  DEFAULT_MAX_ATTEMPTS,
  reminderMessage,
  reminderPushMessage,
  retryDelayMs,
} from "@/lib/notifications/message";
import { heldUntil } from "@/lib/notifications/preferences";
import { now as clockNow } from "@/server/clock";
import { log } from "@/server/log";
import { hospitalLineOf } from "@/server/reports/settings";
import { runBulkExports, sweepExportsAndTokens } from "@/server/smart/bulk-export";
import { type PushSender, PushSubscriptionGone } from "./push";
import { queueDueReminders } from "./reminders";
import type { SmsSender } from "./sms";
import type { MailTransport } from "./transport";

/** Where messages go: email always; push and text messages when the server is configured for them. */
export type Senders = {
  transport: MailTransport;
  /** Web Push (VAPID); without it, a person who chose push alone is not reached. */
  push?: PushSender | null;
  /** Text messages through an SMS provider; without it, a person who chose them alone is not reached. */
  sms?: SmsSender | null;
};

export type DeliverOptions = Senders & {
  now: Date;
  /** Notifications claimed per round. */
  limit?: number;
  maxAttempts?: number;
  /** How long a claimed notification is held for this worker before another may try it. */
  leaseSeconds?: number;
  /** How long to wait between tries to record an outcome while the database cannot be reached. */
  settleRetryMs?: number;
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
  const { now } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const appUrl = options.appUrl ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const claimed = await runWithRls(db, WORKER_CONTEXT, (tx) =>
    claimDueNotifications(tx, { now, limit: options.limit ?? 20, leaseSeconds }),
  );
  const leaseEnds = Date.now() + leaseSeconds * 1000;
  const result: DeliverResult = { claimed: claimed.length, sent: 0, failed: 0, dead: 0 };
  for (const n of claimed) {
    const until = n.kind === "alert" ? heldUntil(n, now, n.quietHours) : null;
    if (until) {
      // The recipient's quiet hours: tried when they end, and this attempt is given back.
      await runWithRls(db, WORKER_CONTEXT, (tx) => holdNotification(tx, { id: n.id, attempt: n.attempts, until, now }));
      continue;
    }
    const { delivered, gone, error } = await sendToEveryChannel(n, { ...options, appUrl });
    const delay = error === null ? null : retryDelayMs(n.attempts, maxAttempts);
    const status = await untilRecorded(leaseEnds, options.settleRetryMs ?? 1_000, () =>
      runWithRls(db, WORKER_CONTEXT, (tx) =>
        error === null
          ? settleNotification(tx, { id: n.id, attempt: n.attempts, now, delivered, gone, sent: true })
          : settleNotification(tx, {
              id: n.id,
              attempt: n.attempts,
              now,
              delivered,
              gone,
              sent: false,
              error,
              retryAt: delay === null ? null : new Date(now.getTime() + delay),
            }),
      ),
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

/** How long a claim is held by default: a worker that dies holding it leaves it to another after this. */
const DEFAULT_LEASE_SECONDS = 120;

/**
 * Records a message's outcome, trying again while the database cannot be reached (a restart) for as
 * long as the lease holds: a message that went out and is then claimed again after the lease would
 * be sent twice. Past the lease the error is thrown, and the row's later attempt decides.
 */
async function untilRecorded<T>(leaseEnds: number, retryMs: number, record: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await record();
    } catch (error) {
      if (Date.now() + retryMs >= leaseEnds) throw error;
      log.warn("could not record a notification's outcome; trying again", { error: String(error) });
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

type Delivery = { delivered: string[]; gone: string[]; error: string | null };

/**
 * Sends one claimed notification, in its recipient's language, everywhere it should go and has not yet gone: a one-time link by
 * email only; a reminder to report by email and to each of the patient's push subscriptions, as
 * they chose; an alert by email, to each push subscription and by text message, as the clinician's
 * preferences say. A subscription the push service says is gone is dropped, not retried. Returns
 * where it has now been delivered (earlier attempts included) and, if any channel failed (or none
 * reaches the person), why, so the attempt is retried for the rest.
 */
async function sendToEveryChannel(
  n: ClaimedNotification,
  options: DeliverOptions & { appUrl: string },
): Promise<Delivery> {
  const { transport, push, sms, appUrl } = options;
  const delivered = [...n.deliveredTo];
  const gone: string[] = [];
  const errors: string[] = [];
  const attempt = async (target: string, send: () => Promise<void>) => {
    if (delivered.includes(target)) return;
    try {
      await send();
      delivered.push(target);
    } catch (e) {
      if (e instanceof PushSubscriptionGone) gone.push(target.slice("push:".length));
      else errors.push(`${target}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  };
  if (n.kind === "account_link") {
    const message = accountLinkMessage({ purpose: n.purpose, linkPath: n.linkPath, appUrl, locale: n.locale });
    await attempt("email", () => transport.send({ id: n.id, to: n.recipientEmail, ...message }));
  } else if (n.kind === "reminder") {
    const input = { appUrl, hospitalLine: hospitalLineOf({ hospitalLine: n.hospitalLine }), locale: n.locale };
    if (n.channels.includes("email")) {
      await attempt("email", () => transport.send({ id: n.id, to: n.recipientEmail, ...reminderMessage(input) }));
    }
    if (n.channels.includes("push") && push) {
      for (const s of n.pushSubscriptions)
        await attempt(`push:${s.id}`, () => push.send(s, reminderPushMessage(input)));
    }
    if (delivered.length === 0 && errors.length === 0) errors.push(unreachable(n, options));
  } else {
    const input = {
      severity: n.severity,
      teamName: n.teamName,
      appUrl,
      step: n.step,
      alertId: n.alertId,
      locale: n.locale,
    };
    if (n.channels.includes("email")) {
      await attempt("email", () => transport.send({ id: n.id, to: n.recipientEmail, ...alertMessage(input) }));
    }
    if (n.channels.includes("push") && push) {
      const message = alertPushMessage(input);
      for (const s of n.pushSubscriptions) await attempt(`push:${s.id}`, () => push.send(s, message));
    }
    const smsNumber = n.smsNumber;
    if (n.channels.includes("sms") && sms && smsNumber) {
      await attempt("sms", () => sms.send(smsNumber, alertSmsMessage(input)));
    }
    if (delivered.length === 0 && errors.length === 0) errors.push(unreachable(n, options));
  }
  return { delivered, gone, error: errors.length === 0 ? null : errors.join("; ") };
}

/** Why none of the channels a person chose could be used, so the outbox says what to fix. */
function unreachable(n: ClaimedNotification, { push, sms }: Senders): string {
  const reasons: string[] = [];
  if (n.channels.includes("push")) {
    reasons.push(
      push
        ? "no browser of this person is subscribed to push"
        : "push is not configured on this server (no VAPID keys)",
    );
  }
  if (n.channels.includes("sms")) {
    reasons.push(
      sms ? "this person gave no mobile number" : "text messages are not configured on this server (no SMS provider)",
    );
  }
  return reasons.length === 0 ? "no channel reaches this person" : `${reasons.join("; ")}, and they chose no other way`;
}

export type RunningWorker = { stop: () => Promise<void> };

/**
 * The periodic sweep, as nobody: OAuth records that expired more than a day ago, and bulk exports
 * (with their files) asked for more than a day ago.
 */
export async function sweepExpired(db: Database): Promise<{ exports: number; oauthRecords: number }> {
  return sweepExportsAndTokens(db);
}

/**
 * Delivers due notifications every `intervalMs` until stopped, and every `reminderIntervalMs` first
 * queues the reminders to report that have fallen due, and after each delivery runs a few seconds of
 * the bulk exports waiting; every `sweepIntervalMs` (an hour) it sweeps what has expired. One round at a time; a round that fails
 * (the database down) is logged and the next one tries again.
 */
export function runNotificationWorker(
  getDb: () => Promise<Database>,
  senders: Senders,
  intervalMs = Number(process.env.NOTIFY_INTERVAL_MS ?? 5_000),
  leaseSeconds = Number(process.env.NOTIFY_LEASE_SECONDS ?? DEFAULT_LEASE_SECONDS),
  reminderIntervalMs = Number(process.env.NOTIFY_REMINDER_INTERVAL_MS ?? 60_000),
  sweepIntervalMs = Number(process.env.SWEEP_INTERVAL_MS ?? 3_600_000),
): RunningWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  let remindersQueuedAt = Number.NEGATIVE_INFINITY;
  let sweptAt = Number.NEGATIVE_INFINITY;
  const tick = () => {
    round = (async () => {
      try {
        const moment = clockNow();
        if (moment.getTime() - sweptAt >= sweepIntervalMs) {
          sweptAt = moment.getTime();
          // Expired OAuth codes and tokens are unusable already; the sweep only frees their space.
          await sweepExpired(await getDb()).catch((error: unknown) => log.error("the periodic sweep failed", error));
        }
        if (moment.getTime() - remindersQueuedAt >= reminderIntervalMs) {
          remindersQueuedAt = moment.getTime();
          // A failed pass must not hold up the alerts: the next pass queues what it missed.
          await queueDueReminders(await getDb(), { now: moment }).catch((error: unknown) =>
            log.error("queuing the reminders to report failed", error),
          );
        }
        // Drain what is due, a batch at a time, before waiting again.
        for (;;) {
          const r = await deliverDue(await getDb(), { ...senders, now: clockNow(), leaseSeconds });
          if (r.claimed === 0 || stopped) break;
        }
        // Then a few seconds of the bulk exports backend services asked for: a large one goes on
        // in the next rounds, so that alerts are never held up behind it.
        await runBulkExports(await getDb(), { now: clockNow() }).catch((error: unknown) =>
          log.error("a round of bulk exports failed", error),
        );
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
