ALTER TABLE "symptom_reports" ADD COLUMN "locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "symptom_reports" ADD CONSTRAINT "symptom_reports_locale" CHECK ("symptom_reports"."locale" in ('en', 'es', 'ca', 'nl'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale" CHECK ("users"."locale" in ('en', 'es', 'ca', 'nl'));