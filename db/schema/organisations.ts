import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Settings an organisation's admins may change; triage overrides are validated by lib/triage. */
export type OrganisationSettings = {
  mfaRequiredForStaff?: boolean;
  idleTimeoutMinutes?: number;
  absoluteTimeoutHours?: number;
  hospitalLine?: string;
  triage?: Record<string, unknown>;
};

export const organisations = pgTable("organisations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  settings: jsonb().$type<OrganisationSettings>().notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const careTeams = pgTable(
  "care_teams",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("care_teams_org_name_key").on(t.organisationId, t.name), index().on(t.organisationId)],
);
