ALTER TABLE "sessions" ADD COLUMN "token_hash" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tokenHash_unique" UNIQUE("token_hash");--> statement-breakpoint
-- The key that signs each transaction's identity (db/sql/context.sql). It never leaves the
-- database: only serums_definer reads it, and the request roles hold no privilege on it.
CREATE TABLE "app"."identity_key" (
  "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
  "key" text NOT NULL
);
--> statement-breakpoint
-- 244 random bits from gen_random_uuid (pg_strong_random), hashed into one hex string.
INSERT INTO "app"."identity_key" ("key")
VALUES (encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));
