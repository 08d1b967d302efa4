import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
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
 * The outbox: one message owed to one person about one alert, written in the same transaction as
 * the alert, and delivered by the notification worker. It names the alert and the recipient, never
 * the patient, and the message itself carries no patient data.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    alertId: requiredRef(() => alerts.id),
    recipientUserId: requiredRef(() => users.id),
    channel: text({ enum: ["email", "push", "sms"] })
      .notNull()
      .default("email"),
    step: text({ enum: ["amber", "on_call", "second", "escalation"] }).notNull(),
    status: text({ enum: ["pending", "sent", "failed", "dead", "cancelled"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptzNow(),
    lastError: text(),
    sentAt: timestamptz(),
    createdAt: timestamptzNow(),
  },
  (t) => [
    // The dedupe key: one message per alert, recipient and step, however often it is queued.
    uniqueIndex("notifications_dedupe_key").on(t.alertId, t.recipientUserId, t.step),
    // What the worker claims: due work only.
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'failed')`),
    index().on(t.organisationId, t.status),
    index().on(t.recipientUserId),
  ],
);
