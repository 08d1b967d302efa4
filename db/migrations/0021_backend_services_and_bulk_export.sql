CREATE TABLE "bulk_export_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"export_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"ndjson" text NOT NULL,
	"count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulk_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"group_id" uuid,
	"types" text[] NOT NULL,
	"since" timestamp with time zone,
	"request_url" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"patient_ids" uuid[],
	"done" integer DEFAULT 0 NOT NULL,
	"transaction_time" timestamp with time zone,
	"error" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone DEFAULT now() + interval '1 day' NOT NULL,
	CONSTRAINT "bulk_exports_done" CHECK ("bulk_exports"."done" >= 0)
);
--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "kind" text DEFAULT 'app' NOT NULL;--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "jwks" jsonb;--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "care_team_ids" uuid[];--> statement-breakpoint
ALTER TABLE "smart_clients" ADD COLUMN "account_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "bulk_export_files" ADD CONSTRAINT "bulk_export_files_export_id_bulk_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."bulk_exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_exports" ADD CONSTRAINT "bulk_exports_client_id_smart_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."smart_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_exports" ADD CONSTRAINT "bulk_exports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_export_files_export_id_resource_type_index" ON "bulk_export_files" USING btree ("export_id","resource_type");--> statement-breakpoint
CREATE INDEX "bulk_exports_account_id_created_at_index" ON "bulk_exports" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "bulk_exports_status_lease_until_index" ON "bulk_exports" USING btree ("status","lease_until");--> statement-breakpoint
CREATE INDEX "bulk_exports_expires_at_index" ON "bulk_exports" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "smart_clients" ADD CONSTRAINT "smart_clients_accountId_unique" UNIQUE("account_id");--> statement-breakpoint
ALTER TABLE "smart_clients" ADD CONSTRAINT "smart_clients_kind" CHECK (("smart_clients"."kind" = 'app' and "smart_clients"."jwks" is null and "smart_clients"."care_team_ids" is null)
        or ("smart_clients"."kind" = 'backend' and "smart_clients"."jwks" is not null and cardinality("smart_clients"."care_team_ids") > 0));