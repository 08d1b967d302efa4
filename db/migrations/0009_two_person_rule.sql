CREATE TABLE "staff_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target_user_id" uuid NOT NULL,
	"role" "staff_role",
	"care_team_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "staff_change_requests_role_check" CHECK (("staff_change_requests"."kind" = 'clinical_role') = ("staff_change_requests"."role" is not null and "staff_change_requests"."role" <> 'admin' and "staff_change_requests"."care_team_id" is not null)),
	CONSTRAINT "staff_change_requests_decision_check" CHECK (("staff_change_requests"."status" = 'pending') = ("staff_change_requests"."decided_by" is null) and ("staff_change_requests"."decided_by" is null) = ("staff_change_requests"."decided_at" is null))
);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "alert_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "kind" text DEFAULT 'alert' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link_path" text;--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_care_team_id_care_teams_id_fk" FOREIGN KEY ("care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_change_requests_organisation_id_status_index" ON "staff_change_requests" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "staff_change_requests_target_user_id_index" ON "staff_change_requests" USING btree ("target_user_id");--> statement-breakpoint
CREATE INDEX "staff_change_requests_care_team_id_index" ON "staff_change_requests" USING btree ("care_team_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (("notifications"."kind" = 'alert') = ("notifications"."alert_id" is not null));