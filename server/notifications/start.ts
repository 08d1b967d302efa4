import "server-only";
import { getDatabase } from "@/server/database";
import { log } from "@/server/log";
import { pushSenderFromEnvironment } from "./push";
import { smsSenderFromEnvironment } from "./sms";
import { transportFromEnvironment } from "./transport";
import { type RunningWorker, runNotificationWorker, type Senders } from "./worker";

const globalForWorker = globalThis as unknown as { serumsNotificationWorker?: RunningWorker | null };

/**
 * Starts delivering notifications in this process, once per process however often it is called
 * (`next dev` may load this module more than once). `NOTIFY_WORKER=off` leaves delivery to a
 * separate `npm run worker`. Without SMTP_URL: the development mailbox outside production, and in
 * production nothing is sent (the outbox keeps every notification) and the log says so.
 */
export function startNotificationWorker(): RunningWorker | null {
  if (globalForWorker.serumsNotificationWorker !== undefined) return globalForWorker.serumsNotificationWorker;
  if (process.env.NOTIFY_WORKER === "off") {
    globalForWorker.serumsNotificationWorker = null;
    return null;
  }
  const senders = sendersFromEnvironment();
  if (!senders) {
    log.warn("notifications are not sent: SMTP_URL is not set");
    globalForWorker.serumsNotificationWorker = null;
    return null;
  }
  const worker = runNotificationWorker(getDatabase, senders);
  globalForWorker.serumsNotificationWorker = worker;
  log.info("notification worker started");
  return worker;
}

/**
 * The channels the environment configures (SMTP_URL, else the development mailbox outside
 * production; the VAPID keys; the SMS provider's settings), with a warning for each that is
 * missing; null when email has nowhere to go.
 */
export function sendersFromEnvironment(): Senders | null {
  const transport = transportFromEnvironment();
  if (!transport) return null;
  const push = pushSenderFromEnvironment();
  if (!push) log.warn("push notifications are not sent: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set");
  const sms = smsSenderFromEnvironment();
  if (!sms) log.info("text messages are not sent: SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM are not set");
  log.info("notification channels", { transport: transport.kind, push: push !== null, sms: sms !== null });
  return { transport, push, sms };
}
