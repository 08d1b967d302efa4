CREATE TYPE "public"."alert_severity" AS ENUM('amber', 'red');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."audit_outcome" AS ENUM('allowed', 'denied');--> statement-breakpoint
CREATE TYPE "public"."consent_effect" AS ENUM('allow', 'deny');--> statement-breakpoint
CREATE TYPE "public"."cycle_status" AS ENUM('planned', 'given', 'delayed', 'held', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."report_source" AS ENUM('patient', 'device', 'clinician_phone');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('oncologist', 'nurse', 'admin');--> statement-breakpoint
CREATE TYPE "public"."user_kind" AS ENUM('staff', 'patient');--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"outcome_codes" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"care_team_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"reasons" text[] NOT NULL,
	"status" "alert_status" DEFAULT 'open' NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"assigned_to" uuid,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"outcome_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "alerts_reportId_unique" UNIQUE("report_id")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid,
	"actor_user_id" uuid,
	"actor_role" text,
	"action" text NOT NULL,
	"patient_id" uuid,
	"resource_type" text,
	"resource_id" text,
	"outcome" "audit_outcome" NOT NULL,
	"details" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"grantee_user_id" uuid,
	"grantee_care_team_id" uuid,
	"effect" "consent_effect" NOT NULL,
	"categories" text[] NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_rules_one_grantee" CHECK (num_nonnulls("consent_rules"."grantee_user_id", "consent_rules"."grantee_care_team_id") = 1),
	CONSTRAINT "consent_rules_known_categories" CHECK (cardinality("consent_rules"."categories") > 0 and "consent_rules"."categories" <@ array['symptoms','treatment','alerts','demographics']),
	CONSTRAINT "consent_rules_valid_window" CHECK ("consent_rules"."valid_until" is null or "consent_rules"."valid_until" > "consent_rules"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "emergency_accesses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "device_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "device_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"hospital_number" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"diagnosis" text NOT NULL,
	"primary_care_team_id" uuid NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "patients_userId_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "symptom_answers" (
	"report_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"symptom" text NOT NULL,
	"attribute" text NOT NULL,
	"value" smallint,
	CONSTRAINT "symptom_answers_report_id_symptom_attribute_pk" PRIMARY KEY("report_id","symptom","attribute")
);
--> statement-breakpoint
CREATE TABLE "symptom_grades" (
	"report_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"symptom" text NOT NULL,
	"grade" smallint,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "symptom_grades_report_id_symptom_pk" PRIMARY KEY("report_id","symptom"),
	CONSTRAINT "symptom_grades_range" CHECK ("symptom_grades"."grade" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "symptom_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"source" "report_source" NOT NULL,
	"submitted_by" uuid,
	"idempotency_key" text,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"temperature_c" numeric(3, 1),
	"red_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"can_wait" boolean,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "symptom_reports_note_length" CHECK (char_length("symptom_reports"."note") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "treatment_cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"cycle_number" smallint NOT NULL,
	"planned_date" date NOT NULL,
	"given_date" date,
	"dose_percent" smallint DEFAULT 100 NOT NULL,
	"status" "cycle_status" DEFAULT 'planned' NOT NULL,
	"reason" text,
	CONSTRAINT "treatment_cycles_dose" CHECK ("treatment_cycles"."dose_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "treatment_plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"changed_by" uuid NOT NULL,
	"reason" text,
	"previous" jsonb,
	"current" jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "treatment_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"regimen" text NOT NULL,
	"drugs" text[] NOT NULL,
	"intent" text NOT NULL,
	"cycle_length_days" smallint NOT NULL,
	"planned_cycles" smallint NOT NULL,
	"start_date" date NOT NULL,
	"stopped_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "treatment_plans_cycle_length" CHECK ("treatment_plans"."cycle_length_days" between 1 and 365),
	CONSTRAINT "treatment_plans_planned_cycles" CHECK ("treatment_plans"."planned_cycles" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"mfa_verified_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"care_team_id" uuid,
	"role" "staff_role" NOT NULL,
	"is_team_lead" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "staff_memberships_unique_role" UNIQUE NULLS NOT DISTINCT("user_id","organisation_id","role","care_team_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "user_kind" NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"has_password" boolean GENERATED ALWAYS AS (password_hash is not null) STORED,
	"mfa_secret_enc" text,
	"mfa_enabled_at" timestamp with time zone,
	"mfa_last_step" integer,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_care_team_id_care_teams_id_fk" FOREIGN KEY ("care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_report_id_symptom_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."symptom_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_rules" ADD CONSTRAINT "consent_rules_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_rules" ADD CONSTRAINT "consent_rules_grantee_user_id_users_id_fk" FOREIGN KEY ("grantee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_rules" ADD CONSTRAINT "consent_rules_grantee_care_team_id_care_teams_id_fk" FOREIGN KEY ("grantee_care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_accesses" ADD CONSTRAINT "emergency_accesses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_accesses" ADD CONSTRAINT "emergency_accesses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_teams" ADD CONSTRAINT "care_teams_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_tokens" ADD CONSTRAINT "device_tokens_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_primary_care_team_id_care_teams_id_fk" FOREIGN KEY ("primary_care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symptom_answers" ADD CONSTRAINT "symptom_answers_report_id_symptom_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."symptom_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symptom_answers" ADD CONSTRAINT "symptom_answers_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symptom_grades" ADD CONSTRAINT "symptom_grades_report_id_symptom_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."symptom_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symptom_grades" ADD CONSTRAINT "symptom_grades_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symptom_reports" ADD CONSTRAINT "symptom_reports_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symptom_reports" ADD CONSTRAINT "symptom_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_cycles" ADD CONSTRAINT "treatment_cycles_plan_id_treatment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."treatment_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_cycles" ADD CONSTRAINT "treatment_cycles_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan_versions" ADD CONSTRAINT "treatment_plan_versions_plan_id_treatment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."treatment_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan_versions" ADD CONSTRAINT "treatment_plan_versions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan_versions" ADD CONSTRAINT "treatment_plan_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD CONSTRAINT "treatment_plans_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD CONSTRAINT "treatment_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_memberships" ADD CONSTRAINT "staff_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_memberships" ADD CONSTRAINT "staff_memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_memberships" ADD CONSTRAINT "staff_memberships_care_team_id_care_teams_id_fk" FOREIGN KEY ("care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert_id_created_at_index" ON "alert_events" USING btree ("alert_id","created_at");--> statement-breakpoint
CREATE INDEX "alert_events_patient_id_index" ON "alert_events" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "alert_events_user_id_index" ON "alert_events" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "alerts_patient_id_raised_at_index" ON "alerts" USING btree ("patient_id","raised_at");--> statement-breakpoint
CREATE INDEX "alerts_queue_idx" ON "alerts" USING btree ("care_team_id","status","severity","due_at");--> statement-breakpoint
CREATE INDEX "alerts_open_due_idx" ON "alerts" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "alerts_active_team_patient_idx" ON "alerts" USING btree ("care_team_id","patient_id") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_assigned_to_index" ON "alerts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "audit_events_patient_id_occurred_at_index" ON "audit_events" USING btree ("patient_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_organisation_id_occurred_at_index" ON "audit_events" USING btree ("organisation_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_user_id_occurred_at_index" ON "audit_events" USING btree ("actor_user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "consent_rules_patient_id_index" ON "consent_rules" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "consent_rules_grantee_user_id_index" ON "consent_rules" USING btree ("grantee_user_id");--> statement-breakpoint
CREATE INDEX "emergency_accesses_user_id_expires_at_index" ON "emergency_accesses" USING btree ("user_id","expires_at");--> statement-breakpoint
CREATE INDEX "emergency_accesses_patient_id_index" ON "emergency_accesses" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_teams_org_name_key" ON "care_teams" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "care_teams_organisation_id_index" ON "care_teams" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "device_tokens_patient_id_index" ON "device_tokens" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_org_hospital_number_key" ON "patients" USING btree ("organisation_id","hospital_number");--> statement-breakpoint
CREATE INDEX "patients_primary_care_team_id_index" ON "patients" USING btree ("primary_care_team_id");--> statement-breakpoint
CREATE INDEX "patients_organisation_id_family_name_index" ON "patients" USING btree ("organisation_id","family_name");--> statement-breakpoint
CREATE INDEX "symptom_answers_patient_id_index" ON "symptom_answers" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "symptom_grades_patient_id_symptom_reported_at_index" ON "symptom_grades" USING btree ("patient_id","symptom","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "symptom_reports_idempotency_key" ON "symptom_reports" USING btree ("patient_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "symptom_reports_patient_id_reported_at_index" ON "symptom_reports" USING btree ("patient_id","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_cycles_plan_number_key" ON "treatment_cycles" USING btree ("plan_id","cycle_number");--> statement-breakpoint
CREATE INDEX "treatment_cycles_patient_id_index" ON "treatment_cycles" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_plan_versions_plan_version_key" ON "treatment_plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE INDEX "treatment_plan_versions_patient_id_index" ON "treatment_plan_versions" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "treatment_plans_patient_id_index" ON "treatment_plans" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "invitations_user_id_index" ON "invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "recovery_codes_user_id_index" ON "recovery_codes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "staff_memberships_user_id_role_index" ON "staff_memberships" USING btree ("user_id","role");--> statement-breakpoint
CREATE INDEX "staff_memberships_organisation_id_index" ON "staff_memberships" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "staff_memberships_care_team_id_index" ON "staff_memberships" USING btree ("care_team_id");--> statement-breakpoint
CREATE INDEX "users_organisation_id_kind_index" ON "users" USING btree ("organisation_id","kind");