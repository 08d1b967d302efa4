ALTER TABLE "users" ADD COLUMN "has_password" boolean GENERATED ALWAYS AS (password_hash is not null) STORED;--> statement-breakpoint
CREATE INDEX "alert_events_user_id_index" ON "alert_events" USING btree ("user_id");--> statement-breakpoint

-- Credentials are never readable by the request role, not even one's own: a password hash is only
-- read by app.sign_in_lookup, and a TOTP secret only by its owner through app.own_mfa_secret. The
-- request role reads every other column of the accounts its policies let it see.
REVOKE SELECT ON users FROM serums_app;
--> statement-breakpoint
GRANT SELECT (id, organisation_id, kind, email, display_name, has_password, mfa_enabled_at, mfa_last_step,
  failed_sign_ins, locked_until, deactivated_at, created_at, created_by) ON users TO serums_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.own_mfa_secret(account uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.mfa_secret_enc FROM users u WHERE u.id = account AND u.id = app.active_user_id()
$$;
--> statement-breakpoint
ALTER FUNCTION app.own_mfa_secret(uuid) OWNER TO serums_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app.own_mfa_secret(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.own_mfa_secret(uuid) TO serums_app;
