import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { careTeams, organisations } from "./organisations";
import { users } from "./users";

/** A patient's identity and demographics: the `demographics` consent category. */
export const patients = pgTable(
  "patients",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    hospitalNumber: text().notNull(),
    givenName: text().notNull(),
    familyName: text().notNull(),
    dateOfBirth: date().notNull(),
    diagnosis: text().notNull(),
    primaryCareTeamId: uuid()
      .notNull()
      .references(() => careTeams.id),
    /** Set once the patient has their own account. */
    userId: uuid()
      .unique()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid(),
  },
  (t) => [
    uniqueIndex("patients_org_hospital_number_key").on(t.organisationId, t.hospitalNumber),
    index().on(t.primaryCareTeamId),
    index().on(t.organisationId, t.familyName),
  ],
);

/** API tokens a patient issues to their own app or home device; only the hash is stored. */
export const deviceTokens = pgTable(
  "device_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.patientId)],
);
