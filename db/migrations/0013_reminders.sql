CREATE TABLE "reminder_preferences" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"remind_at" smallint DEFAULT 600 NOT NULL,
	"quiet_from" smallint,
	"quiet_until" smallint,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_preferences_remind_at" CHECK ("reminder_preferences"."remind_at" between 0 and 1439),
	CONSTRAINT "reminder_preferences_quiet_hours" CHECK (("reminder_preferences"."quiet_from" is null) = ("reminder_preferences"."quiet_until" is null)
        and ("reminder_preferences"."quiet_from" is null or ("reminder_preferences"."quiet_from" between 0 and 1439 and "reminder_preferences"."quiet_until" between 0 and 1439
             and "reminder_preferences"."quiet_from" <> "reminder_preferences"."quiet_until")))
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "reminder_day" date;--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD COLUMN "reminder_days" smallint DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_preferences" ADD CONSTRAINT "reminder_preferences_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_preferences" ADD CONSTRAINT "reminder_preferences_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_reminder_key" ON "notifications" USING btree ("recipient_user_id","reminder_day");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_reminder_day_check" CHECK (("notifications"."kind" = 'reminder') = ("notifications"."reminder_day" is not null));--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD CONSTRAINT "treatment_plans_reminder_days" CHECK ("treatment_plans"."reminder_days" between 0 and "treatment_plans"."cycle_length_days");