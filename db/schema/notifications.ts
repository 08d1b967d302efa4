import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { alerts } from "./alerts";
import { requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { careTeams, organisations } from "./organisations";
import { users } from "./users";

/**
 * Who is on call for a care team, and when: position 1 is called first, position 2 second. When
 * nobody's shift covers the moment an alert is raised, the team's nurses are called instead.
 */
export const onCallShifts = pgTable(
  "on_call_shifts",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    careTeamId: requiredRef(() => careTeams.id),
    userId: requiredRef(() => users.id),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
    position: smallint().notNull().default(1),
    createdAt: timestamptzNow(),
  },
  (t) => [
    index().on(t.careTeamId, t.startsAt),
    index().on(t.organisationId),
    index().on(t.userId),
    check("on_call_shifts_position_check", sql`${t.position} in (1, 2)`),
    check("on_call_shifts_period_check", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * The outbox: one message owed to one person, delivered by the notification worker. Either about
 * one alert (kind `alert`), written in the same transaction as the alert, naming the alert and the
 * recipient, never the patient; or a one-time link to the recipient's own account (kind
 * `account_link`, step `activate` or `reset`), whose path the request role cannot read and which is
 * forgotten once the message is sent or given up; or a reminder to a patient to report (kind
 * `reminder`, step `reminder`), one per patient and day of the treatment plan's schedule. No
 * message carries patient data.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    kind: text({ enum: ["alert", "account_link", "reminder"] })
      .notNull()
      .default("alert"),
    alertId: uuid().references(() => alerts.id),
    recipientUserId: requiredRef(() => users.id),
    channel: text({ enum: ["email", "push", "sms"] })
      .notNull()
      .default("email"),
    step: text({ enum: ["amber", "on_call", "second", "escalation", "activate", "reset", "reminder"] }).notNull(),
    /** The one-time link's path (`/activate/<token>`), until the message is sent or dead. */
    linkPath: text(),
    status: text({ enum: ["pending", "sent", "failed", "dead", "cancelled"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptzNow(),
    lastError: text(),
    /**
     * Where an earlier attempt already delivered it (`email`, `push:<subscription id>`), so a retry
     * after a partial failure sends only to the rest.
     */
    deliveredTo: text().array().notNull().default(sql`'{}'::text[]`),
    sentAt: timestamptz(),
    createdAt: timestamptzNow(),
    /** A reminder's day (the clinic's calendar day it reminds about): its dedupe key with the recipient. */
    reminderDay: date(),
  },
  (t) => [
    // The dedupe key: one message per alert, recipient and step, however often it is queued.
    uniqueIndex("notifications_dedupe_key").on(t.alertId, t.recipientUserId, t.step),
    // What the worker claims: due work only.
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'failed')`),
    index().on(t.organisationId, t.status),
    index().on(t.recipientUserId),
    check("notifications_kind_check", sql`(${t.kind} = 'alert') = (${t.alertId} is not null)`),
    // One reminder per patient and day, however often the worker's pass runs.
    uniqueIndex("notifications_reminder_key").on(t.recipientUserId, t.reminderDay),
    check("notifications_reminder_day_check", sql`(${t.kind} = 'reminder') = (${t.reminderDay} is not null)`),
  ],
);
