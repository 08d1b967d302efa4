-- Agents' doses name their cycle with its patient, so the cycle's (id, patient_id) is unique first.
ALTER TABLE "treatment_cycles" ADD CONSTRAINT "treatment_cycles_id_patient_key" UNIQUE("id","patient_id");--> statement-breakpoint
CREATE TABLE "treatment_cycle_doses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"agent" text NOT NULL,
	"dose_percent" smallint DEFAULT 100 NOT NULL,
	"reason" text,
	CONSTRAINT "treatment_cycle_doses_dose" CHECK ("treatment_cycle_doses"."dose_percent" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "treatment_cycle_doses" ADD CONSTRAINT "treatment_cycle_doses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_cycle_doses" ADD CONSTRAINT "treatment_cycle_doses_cycle_patient_fk" FOREIGN KEY ("cycle_id","patient_id") REFERENCES "public"."treatment_cycles"("id","patient_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_cycle_doses_cycle_agent_key" ON "treatment_cycle_doses" USING btree ("cycle_id","agent");--> statement-breakpoint
CREATE INDEX "treatment_cycle_doses_patient_id_index" ON "treatment_cycle_doses" USING btree ("patient_id");--> statement-breakpoint
-- The cycles already stored keep their meaning: each agent of the plan at the cycle's one percentage.
INSERT INTO "treatment_cycle_doses" ("cycle_id", "patient_id", "agent", "dose_percent")
  SELECT c."id", c."patient_id", d."agent", c."dose_percent"
  FROM "treatment_cycles" c
  JOIN "treatment_plans" p ON p."id" = c."plan_id" AND p."patient_id" = c."patient_id"
  CROSS JOIN LATERAL (SELECT DISTINCT unnest(p."drugs") AS "agent") d;
