import "server-only";
import { getDatabase } from "@/server/database";
import { log } from "@/server/log";
import { pushSenderFromEnvironment } from "./push";
import { transportFromEnvironment } from "./transport";
import { type RunningWorker, runNotificationWorker } from "./worker";

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
  const transport = transportFromEnvironment();
  if (!transport) {
    log.warn("notifications are not sent: SMTP_URL is not set");
    globalForWorker.serumsNotificationWorker = null;
    return null;
  }
  const push = pushSenderFromEnvironment();
  if (!push) log.warn("push notifications are not sent: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set");
  const worker = runNotificationWorker(getDatabase, transport, push);
  globalForWorker.serumsNotificationWorker = worker;
  log.info("notification worker started", { transport: transport.kind, push: push !== null });
  return worker;
}
