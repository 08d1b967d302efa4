-- A device authenticates in one call: the token's owner, their account and organisation, and the
-- token's last use recorded (at most once a minute). It replaces app.device_token_owner and the
-- request-role update and select that followed it, which took a transaction of their own on every
-- report a device sent. Like app.device_token_owner it needs no user context: it answers only for
-- the hash of an active token whose patient's account is active, and nothing for anything else.
GRANT SELECT ON organisations TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (last_used_at) ON device_tokens TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.authenticate_device(token_hash text, at timestamptz)
RETURNS TABLE (token_id uuid, patient_id uuid, user_id uuid, display_name text, organisation_id uuid,
  organisation_settings jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH owner AS (
    SELECT d.id, d.patient_id, p.user_id, u.display_name, p.organisation_id, o.settings
    FROM device_tokens d
    JOIN patients p ON p.id = d.patient_id
    JOIN users u ON u.id = p.user_id
    JOIN organisations o ON o.id = p.organisation_id
    WHERE d.token_hash = authenticate_device.token_hash AND d.revoked_at IS NULL AND u.deactivated_at IS NULL
  ),
  used AS (
    UPDATE device_tokens d SET last_used_at = authenticate_device.at
    FROM owner
    WHERE d.id = owner.id
      AND (d.last_used_at IS NULL OR d.last_used_at < authenticate_device.at - interval '1 minute')
  )
  SELECT owner.id, owner.patient_id, owner.user_id, owner.display_name, owner.organisation_id, owner.settings
  FROM owner;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.authenticate_device(text, timestamptz) OWNER TO serums_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app.authenticate_device(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.authenticate_device(text, timestamptz) TO serums_app;
--> statement-breakpoint
DROP FUNCTION IF EXISTS app.device_token_owner(text);
