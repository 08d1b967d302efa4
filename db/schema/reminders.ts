import { sql } from "drizzle-orm";
import { boolean, check, pgTable, smallint, text, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptzNow } from "./columns";
import { patients } from "./patients";
import { users } from "./users";

/**
 * How a patient wants to be reminded to report (lib/notifications/reminders.ts): on or off, by
 * email or push or both, at what time of day, and never in their quiet hours. Times are minutes
 * after midnight in the clinic's time zone. A patient without a row has the defaults (on, by email,
 * 10:00, quiet 22:00 to 08:00).
 */
export const reminderPreferences = pgTable(
  "reminder_preferences",
  {
    patientId: uuid()
      .primaryKey()
      .references(() => patients.id),
    enabled: boolean().notNull().default(true),
    channels: text().array().notNull().default(sql`'{email}'::text[]`),
    remindAt: smallint().notNull().default(600),
    /** The quiet hours, from and until (both null: none). */
    quietFrom: smallint(),
    quietUntil: smallint(),
    updatedBy: requiredRef(() => users.id),
    updatedAt: timestamptzNow(),
  },
  (t) => [
    check("reminder_preferences_remind_at", sql`${t.remindAt} between 0 and 1439`),
    check(
      "reminder_preferences_channels",
      sql`cardinality(${t.channels}) between 1 and 2 and ${t.channels} <@ array['email', 'push']::text[]`,
    ),
    check(
      "reminder_preferences_quiet_hours",
      sql`(${t.quietFrom} is null) = (${t.quietUntil} is null)
        and (${t.quietFrom} is null or (${t.quietFrom} between 0 and 1439 and ${t.quietUntil} between 0 and 1439
             and ${t.quietFrom} <> ${t.quietUntil}))`,
    ),
  ],
);
