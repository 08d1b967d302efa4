import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";

/** Settings an organisation's admins may change; triage overrides are validated by lib/triage. */
export type OrganisationSettings = {
  mfaRequiredForStaff?: boolean;
  idleTimeoutMinutes?: number;
  absoluteTimeoutHours?: number;
  hospitalLine?: string;
  /** Lowers the four hours an emergency access may last (1 to 4; anything else is four). */
  emergencyAccessMaxHours?: number;
  triage?: Record<string, unknown>;
  /**
   * Shows a one-time link on the admin's screen as well as emailing it to the account (for a clinic
   * whose staff cannot yet receive email). Every showing is an audit event. Off unless set.
   */
  showOneTimeLinks?: boolean;
  /** The escalation ladder's timing and contacts, validated by lib/notifications/ladder. */
  notifications?: Record<string, unknown>;
};

export const organisations = pgTable(
  "organisations",
  {
    id: uuidKey(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    settings: jsonb().$type<OrganisationSettings>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The language (lib/i18n/locales.ts) for its people who chose none and whose browser asks for
     * none the app speaks, and for the emails of those who chose none; null is English.
     */
    defaultLocale: text(),
    createdAt: timestamptzNow(),
  },
  (t) => [check("organisations_default_locale", sql`${t.defaultLocale} in ('en', 'es', 'ca', 'nl')`)],
);

export const careTeams = pgTable(
  "care_teams",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    name: text().notNull(),
    archivedAt: timestamptz(),
    createdAt: timestamptzNow(),
  },
  (t) => [uniqueIndex("care_teams_org_name_key").on(t.organisationId, t.name), index().on(t.organisationId)],
);
