ALTER TABLE "smart_clients" ADD COLUMN "kind" text DEFAULT 'app' NOT NULL;--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "jwks" jsonb;--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "care_team_ids" uuid[];--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "account_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "smart_clients" ADD CONSTRAINT "smart_clients_accountId_unique" UNIQUE("account_id");--> statement-breakpoint
ALTER TABLE "smart_clients" ADD CONSTRAINT "smart_clients_kind" CHECK (("smart_clients"."kind" = 'app' and "smart_clients"."jwks" is null and "smart_clients"."care_team_ids" is null)
        or ("smart_clients"."kind" = 'backend' and "smart_clients"."jwks" is not null and cardinality("smart_clients"."care_team_ids") > 0));