-- A row that belongs to a report, an alert or a plan names it together with its patient, so it
-- can only ever belong to that parent's own patient (db/schema/columns.ts, ofParentPatient): the
-- parents get UNIQUE (id, patient_id) first, then each single-column foreign key is replaced by
-- the composite one. The unique constraints come first by hand: a foreign key needs its target.
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_id_patient_key" UNIQUE("id","patient_id");
--> statement-breakpoint
ALTER TABLE "symptom_reports" ADD CONSTRAINT "symptom_reports_id_patient_key" UNIQUE("id","patient_id");
--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD CONSTRAINT "treatment_plans_id_patient_key" UNIQUE("id","patient_id");
--> statement-breakpoint
ALTER TABLE "alert_events" DROP CONSTRAINT "alert_events_alert_id_alerts_id_fk";
--> statement-breakpoint
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_report_id_symptom_reports_id_fk";
--> statement-breakpoint
ALTER TABLE "symptom_answers" DROP CONSTRAINT "symptom_answers_report_id_symptom_reports_id_fk";
--> statement-breakpoint
ALTER TABLE "symptom_grades" DROP CONSTRAINT "symptom_grades_report_id_symptom_reports_id_fk";
--> statement-breakpoint
ALTER TABLE "treatment_cycles" DROP CONSTRAINT "treatment_cycles_plan_id_treatment_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "treatment_plan_versions" DROP CONSTRAINT "treatment_plan_versions_plan_id_treatment_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_patient_fk" FOREIGN KEY ("alert_id","patient_id") REFERENCES "public"."alerts"("id","patient_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_report_patient_fk" FOREIGN KEY ("report_id","patient_id") REFERENCES "public"."symptom_reports"("id","patient_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "symptom_answers" ADD CONSTRAINT "symptom_answers_report_patient_fk" FOREIGN KEY ("report_id","patient_id") REFERENCES "public"."symptom_reports"("id","patient_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "symptom_grades" ADD CONSTRAINT "symptom_grades_report_patient_fk" FOREIGN KEY ("report_id","patient_id") REFERENCES "public"."symptom_reports"("id","patient_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "treatment_cycles" ADD CONSTRAINT "treatment_cycles_plan_patient_fk" FOREIGN KEY ("plan_id","patient_id") REFERENCES "public"."treatment_plans"("id","patient_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "treatment_plan_versions" ADD CONSTRAINT "treatment_plan_versions_plan_patient_fk" FOREIGN KEY ("plan_id","patient_id") REFERENCES "public"."treatment_plans"("id","patient_id") ON DELETE no action ON UPDATE no action;
