ALTER TABLE "staff_change_requests" DROP CONSTRAINT "staff_change_requests_role_check";--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD COLUMN "from_care_team_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_from_care_team_id_care_teams_id_fk" FOREIGN KEY ("from_care_team_id") REFERENCES "public"."care_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_change_requests_from_care_team_id_index" ON "staff_change_requests" USING btree ("from_care_team_id");--> statement-breakpoint
ALTER TABLE "staff_change_requests" ADD CONSTRAINT "staff_change_requests_role_check" CHECK (coalesce(case "staff_change_requests"."kind"
        when 'clinical_role' then "staff_change_requests"."role" <> 'admin' and "staff_change_requests"."care_team_id" is not null and "staff_change_requests"."from_care_team_id" is null
        when 'care_team_move' then "staff_change_requests"."role" <> 'admin' and "staff_change_requests"."care_team_id" is not null and "staff_change_requests"."from_care_team_id" is not null
          and "staff_change_requests"."from_care_team_id" <> "staff_change_requests"."care_team_id"
        when 'admin_role' then "staff_change_requests"."role" = 'admin' and "staff_change_requests"."care_team_id" is null and "staff_change_requests"."from_care_team_id" is null
        else "staff_change_requests"."role" is null and "staff_change_requests"."care_team_id" is null and "staff_change_requests"."from_care_team_id" is null
      end, false));