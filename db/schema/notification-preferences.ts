import { sql } from "drizzle-orm";
import { check, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptzNow, uuidKey } from "./columns";
import { users } from "./users";

/**
 * How a person wants to be told about alerts: by which channels (`email`, `push`, `sms`) and, optionally,
 * quiet hours during which a notification waits until they end (minutes after midnight in the
 * clinic's time zone; an end before the start runs past midnight). Quiet hours never hold a red
 * alert's step for the person who is on call. No row: email and push, no quiet hours.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    channels: text().array().notNull().default(sql`'{email,push}'::text[]`),
    quietStartMinute: smallint(),
    quietEndMinute: smallint(),
    /** The mobile number text messages go to (E.164, `+447700900123`); needed to choose `sms`. */
    smsNumber: text(),
    updatedAt: timestamptzNow(),
  },
  (t) => [
    check(
      "notification_preferences_channels_check",
      sql`cardinality(${t.channels}) between 1 and 3 and ${t.channels} <@ array['email', 'push', 'sms']::text[]`,
    ),
    check(
      "notification_preferences_sms_check",
      sql`(${t.smsNumber} is null or ${t.smsNumber} ~ '^[+][1-9][0-9]{7,14}$')
          and (${t.smsNumber} is not null or not ('sms' = any (${t.channels})))`,
    ),
    check(
      "notification_preferences_quiet_check",
      sql`(${t.quietStartMinute} is null) = (${t.quietEndMinute} is null)
          and ${t.quietStartMinute} between 0 and 1439 and ${t.quietEndMinute} between 0 and 1439
          and ${t.quietStartMinute} <> ${t.quietEndMinute}`,
    ),
  ],
);

/**
 * A browser or phone subscribed to Web Push for one person (the PushSubscription the browser gave:
 * its push service's endpoint and the keys that encrypt a message for it). Removed by its owner,
 * or by the notification worker when the push service answers that it is gone (404/410).
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuidKey(),
    userId: requiredRef(() => users.id),
    endpoint: text().notNull(),
    /** The browser's P-256 public key (base64url), and its authentication secret (base64url). */
    p256dh: text().notNull(),
    auth: text().notNull(),
    /** What the person's browser called itself when it subscribed, shortened: "Chrome on Linux". */
    label: text().notNull(),
    createdAt: timestamptzNow(),
  },
  (t) => [uniqueIndex().on(t.userId, t.endpoint)],
);
