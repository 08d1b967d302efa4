CREATE TABLE "alert_reports" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"reasons" text[] NOT NULL,
	"response_minutes" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD COLUMN "report_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "report_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "last_reported_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_reports" ADD CONSTRAINT "alert_reports_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reports" ADD CONSTRAINT "alert_reports_report_patient_fk" FOREIGN KEY ("report_id","patient_id") REFERENCES "public"."symptom_reports"("id","patient_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reports" ADD CONSTRAINT "alert_reports_alert_patient_fk" FOREIGN KEY ("alert_id","patient_id") REFERENCES "public"."alerts"("id","patient_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_reports_alert_id_added_at_index" ON "alert_reports" USING btree ("alert_id","added_at");--> statement-breakpoint
CREATE INDEX "alert_reports_patient_id_index" ON "alert_reports" USING btree ("patient_id");--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_report_patient_fk" FOREIGN KEY ("report_id","patient_id") REFERENCES "public"."symptom_reports"("id","patient_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Written by hand: every existing alert's report becomes the first report of its episode, and a
-- patient with several active alerts keeps the most urgent (red first, then the earliest due) as
-- the episode; the others' reports move to it and they are closed with a stored outcome that says
-- so, before the index allows one active alert per patient.
INSERT INTO "alert_reports" ("report_id", "alert_id", "patient_id", "severity", "reasons", "response_minutes", "added_at")
  SELECT a."report_id", a."id", a."patient_id", a."severity", a."reasons",
         greatest(0, round(extract(epoch FROM a."due_at" - a."raised_at") / 60))::integer, a."raised_at"
  FROM "alerts" a;--> statement-breakpoint
UPDATE "alerts" SET "last_reported_at" = "raised_at";--> statement-breakpoint
WITH ranked AS (
  SELECT a."id", a."patient_id",
         first_value(a."id") OVER (PARTITION BY a."patient_id" ORDER BY (a."severity" = 'red') DESC, a."due_at", a."raised_at", a."id") AS keeper
  FROM "alerts" a WHERE a."status" <> 'resolved'
), moved AS (
  UPDATE "alert_reports" r SET "alert_id" = ranked.keeper FROM ranked
  WHERE r."alert_id" = ranked."id" AND ranked."id" <> ranked.keeper
  RETURNING ranked.keeper, r."added_at"
), closed AS (
  UPDATE "alerts" a SET "status" = 'resolved', "resolved_at" = now(),
         "outcome_codes" = ARRAY['Merged into the patient''s alert episode'], "version" = a."version" + 1
  FROM ranked WHERE a."id" = ranked."id" AND ranked."id" <> ranked.keeper
  RETURNING a."id"
)
UPDATE "alerts" a SET "report_count" = 1 + counts.n, "last_reported_at" = greatest(a."last_reported_at", counts.latest)
FROM (SELECT keeper, count(*)::integer AS n, max("added_at") AS latest FROM moved GROUP BY keeper) counts
WHERE a."id" = counts.keeper;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_active_per_patient" ON "alerts" USING btree ("patient_id") WHERE "alerts"."status" <> 'resolved';
