import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { consentEffect } from "./enums";
import { careTeams } from "./organisations";
import { patients } from "./patients";
import { users } from "./users";

/**
 * A patient's decision about who may read which categories of their record.
 * Rules are never deleted: revoking sets `revokedAt`, so the history stays readable.
 */
export const consentRules = pgTable(
  "consent_rules",
  {
    id: uuidKey(),
    patientId: requiredRef(() => patients.id),
    granteeUserId: uuid().references(() => users.id),
    granteeCareTeamId: uuid().references(() => careTeams.id),
    effect: consentEffect().notNull(),
    categories: text().array().notNull(),
    validFrom: timestamptzNow(),
    validUntil: timestamptz(),
    revokedAt: timestamptz(),
    createdBy: uuid(),
    createdAt: timestamptzNow(),
  },
  (t) => [
    check("consent_rules_one_grantee", sql`num_nonnulls(${t.granteeUserId}, ${t.granteeCareTeamId}) = 1`),
    check(
      "consent_rules_known_categories",
      sql`cardinality(${t.categories}) > 0 and ${t.categories} <@ array['symptoms','treatment','alerts','demographics']`,
    ),
    check("consent_rules_valid_window", sql`${t.validUntil} is null or ${t.validUntil} > ${t.validFrom}`),
    index().on(t.patientId),
    index().on(t.granteeUserId),
    // Grants to care teams are read through consent_rules_team_grants, a covering index made in
    // db/migrations/0001_tables_by_hand.sql with the column patient_organisation_id
    // that only the consent rule in SQL reads (app.consent_access_rows in db/sql/consent.sql): a trigger fills it
    // in and a foreign key to patients (id, organisation_id) keeps it right, so nothing here sets it.
  ],
);

/** "Break the glass": time-limited access without consent, always with a reason and always audited. */
export const emergencyAccesses = pgTable(
  "emergency_accesses",
  {
    id: uuidKey(),
    userId: requiredRef(() => users.id),
    patientId: requiredRef(() => patients.id),
    reason: text().notNull(),
    startedAt: timestamptzNow(),
    expiresAt: timestamptz().notNull(),
    /**
     * Opened while the same clinician's access to the same patient was in force or had ended within
     * the hour: set by the database (db/sql/emergency.sql), shown wherever the access is listed.
     */
    renewal: boolean().notNull().default(false),
  },
  (t) => [index().on(t.userId, t.expiresAt), index().on(t.patientId)],
);
