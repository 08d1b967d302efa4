-- Structure that db/schema does not declare, written by hand. drizzle-kit compares db/schema with
-- the last snapshot in meta/, which holds none of this, so it neither generates nor drops it.
-- The roles, functions, triggers, row-level security and grants that use it are in db/sql/.

-- Each consent rule carries its patient's organisation, so that the consent rule in SQL
-- (app.consent_access_rows, db/sql/consent.sql) can tell from the rule alone whether its grantee
-- works there. The trigger app.consent_rule_patient_organisation fills it in, and this foreign key
-- keeps it right when a patient changes organisation. It stays out of db/schema/consent.ts so that
-- no insert has to name it.
ALTER TABLE "patients" ADD CONSTRAINT "patients_id_organisation_unique" UNIQUE ("id", "organisation_id");
--> statement-breakpoint
ALTER TABLE "consent_rules" ADD COLUMN "patient_organisation_id" uuid NOT NULL;
--> statement-breakpoint
ALTER TABLE "consent_rules" ADD CONSTRAINT "consent_rules_patient_organisation_fk"
  FOREIGN KEY ("patient_id", "patient_organisation_id") REFERENCES "patients" ("id", "organisation_id") ON UPDATE CASCADE;
--> statement-breakpoint
-- Grants to care teams are answered from this covering index alone (an index-only scan); drizzle
-- cannot declare INCLUDE.
CREATE INDEX "consent_rules_team_grants" ON "consent_rules" ("grantee_care_team_id")
  INCLUDE ("patient_id", "patient_organisation_id", "effect", "categories", "valid_from", "valid_until", "revoked_at");
--> statement-breakpoint

-- The schema of the security helpers and of two tables that only they use.
CREATE SCHEMA "app";
--> statement-breakpoint
-- The head of the audit chain (db/sql/audit.sql): its row lock orders concurrent inserts into
-- audit_events, so ids follow the chain with no gaps.
CREATE TABLE "app"."audit_chain_head" (
  "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
  "last_id" bigint NOT NULL,
  "last_hash" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "app"."audit_chain_head" ("last_id", "last_hash") VALUES (0, repeat('0', 64));
--> statement-breakpoint
-- The consent rule worked out ahead of time (db/sql/consent.sql): who may read which category of
-- which patient, over which window of time.
CREATE TABLE "app"."consent_access" (
  "user_id" uuid NOT NULL,
  "patient_id" uuid NOT NULL,
  "category" text NOT NULL,
  "valid_from" timestamptz NOT NULL,
  "valid_until" timestamptz
);
--> statement-breakpoint
CREATE INDEX "consent_access_by_user" ON "app"."consent_access" ("user_id", "category", "patient_id") INCLUDE ("valid_from", "valid_until");
--> statement-breakpoint
CREATE INDEX "consent_access_by_patient" ON "app"."consent_access" ("patient_id");
