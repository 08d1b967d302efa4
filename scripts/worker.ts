/**
 * `npm run worker`: delivers notifications from the outbox on its own, outside the web server.
 *
 * Connects like the app: DATABASE_URL (the runtime role) when set, otherwise the embedded database
 * under PGLITE_DIR, which only one process can open, so not while `npm run dev` runs. Sends through
 * SMTP_URL, or outside production to the development mailbox, and to subscribed browsers with the
 * VAPID keys (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY; outside production, the development pair), and
 * by text message with an SMS provider's settings (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM). Start the web servers with
 * NOTIFY_WORKER=off to leave delivery to this process; running both is safe, though: workers
 * never claim the same notification.
 */
import { getDatabase } from "../server/database";
import { log } from "../server/log";
import { sendersFromEnvironment } from "../server/notifications/start";
import { runNotificationWorker } from "../server/notifications/worker";

const senders = sendersFromEnvironment();
if (!senders) {
  console.error("SMTP_URL is not set: in production the worker has nowhere to send notifications.");
  process.exit(2);
}
const worker = runNotificationWorker(getDatabase, senders);
log.info("notification worker started");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void worker.stop().finally(() => process.exit(0));
  });
}
