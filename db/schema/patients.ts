import { date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { careTeams, organisations } from "./organisations";
import { users } from "./users";

/** A patient's identity and demographics: the `demographics` consent category. */
export const patients = pgTable(
  "patients",
  {
    id: uuidKey(),
    organisationId: requiredRef(() => organisations.id),
    hospitalNumber: text().notNull(),
    givenName: text().notNull(),
    familyName: text().notNull(),
    dateOfBirth: date().notNull(),
    diagnosis: text().notNull(),
    primaryCareTeamId: requiredRef(() => careTeams.id),
    /** Set once the patient has their own account. */
    userId: uuid()
      .unique()
      .references(() => users.id),
    createdAt: timestamptzNow(),
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
    id: uuidKey(),
    patientId: requiredRef(() => patients.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamptzNow(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [index().on(t.patientId)],
);
