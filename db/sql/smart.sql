-- SMART App Launch (server/smart): the apps admins register, and what the OAuth server keeps.
--
-- oauth_records holds authorization codes, tokens, grants and interactions, each under the SHA-256
-- of its id (the secret a client or browser holds). Nobody but the functions below touches it: row
-- level security is forced with no policy and the request role holds no privilege on it. They
-- take the raw id and hash it themselves, like app.begin_device, so a stored hash is no key.
--
-- An app's request to the FHIR API establishes its user with app.begin_smart, from the access token
-- the app presented, and nothing else: the app cannot name a user.

ALTER TABLE oauth_records ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION app.oauth_save(record_kind text, id text, record jsonb, grant_id text, uid text,
  expires_at timestamptz) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  INSERT INTO oauth_records AS r (kind, id_hash, payload, grant_id, uid, expires_at)
  VALUES (record_kind, app.link_token_hash(id), record, grant_id, uid, expires_at)
  ON CONFLICT (kind, id_hash) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
    uid = excluded.uid, expires_at = excluded.expires_at
$$;
ALTER FUNCTION app.oauth_save(text, text, jsonb, text, text, timestamptz) OWNER TO serums_definer;

-- The record with this id, unless it has expired; `consumed` is when a code or token was used up.
CREATE OR REPLACE FUNCTION app.oauth_find(record_kind text, id text) RETURNS TABLE (payload jsonb, consumed_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT r.payload, r.consumed_at FROM oauth_records r
  WHERE r.kind = record_kind AND r.id_hash = app.link_token_hash(id) AND (r.expires_at IS NULL OR r.expires_at > now())
$$;
ALTER FUNCTION app.oauth_find(text, text) OWNER TO serums_definer;

-- The OAuth server's own browser session by its uid (the session's record keeps its id: the cookie
-- that carries it is signed with a key the database does not hold).
CREATE OR REPLACE FUNCTION app.oauth_find_by_uid(record_kind text, uid text) RETURNS TABLE (payload jsonb, consumed_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT r.payload, r.consumed_at FROM oauth_records r
  WHERE r.kind = record_kind AND r.uid = oauth_find_by_uid.uid AND (r.expires_at IS NULL OR r.expires_at > now())
$$;
ALTER FUNCTION app.oauth_find_by_uid(text, text) OWNER TO serums_definer;

-- A code or token used up (an authorization code is good once; its replay revokes the grant).
CREATE OR REPLACE FUNCTION app.oauth_consume(record_kind text, id text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  UPDATE oauth_records r SET consumed_at = now()
  WHERE r.kind = record_kind AND r.id_hash = app.link_token_hash(id) AND r.consumed_at IS NULL
$$;
ALTER FUNCTION app.oauth_consume(text, text) OWNER TO serums_definer;

CREATE OR REPLACE FUNCTION app.oauth_destroy(record_kind text, id text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  DELETE FROM oauth_records r WHERE r.kind = record_kind AND r.id_hash = app.link_token_hash(id)
$$;
ALTER FUNCTION app.oauth_destroy(text, text) OWNER TO serums_definer;

-- Everything issued under one grant goes at once (a replayed code, a revoked refresh token). Expired
-- records go too, now and then.
CREATE OR REPLACE FUNCTION app.oauth_revoke_grant(grant_id text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  DELETE FROM oauth_records r WHERE r.grant_id = oauth_revoke_grant.grant_id;
  IF random() < 0.05 THEN
    DELETE FROM oauth_records r WHERE r.expires_at < now() - interval '1 day';
  END IF;
END
$$;
ALTER FUNCTION app.oauth_revoke_grant(text) OWNER TO serums_definer;

-- A registered app that has not been revoked: what the OAuth server needs to know of it.
CREATE OR REPLACE FUNCTION app.smart_client(id text) RETURNS TABLE (name text, redirect_uris text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT c.name, c.redirect_uris FROM smart_clients c WHERE c.id = smart_client.id AND c.revoked_at IS NULL
$$;
ALTER FUNCTION app.smart_client(text) OWNER TO serums_definer;

-- The account an app acts for, while a grant to that app stands: whether it is a patient's (and
-- which record) or staff, for the token response's `patient` and the `fhirUser` claim.
CREATE OR REPLACE FUNCTION app.smart_account(account uuid, client_id text)
RETURNS TABLE (kind user_kind, patient_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.kind, p.id FROM users u LEFT JOIN patients p ON p.user_id = u.id AND u.kind = 'patient'
  WHERE u.id = account AND u.deactivated_at IS NULL AND EXISTS (
    SELECT 1 FROM oauth_records r
    WHERE r.kind = 'Grant' AND r.payload ->> 'accountId' = account::text AND r.payload ->> 'clientId' = client_id
      AND (r.expires_at IS NULL OR r.expires_at > now()))
$$;
ALTER FUNCTION app.smart_account(uuid, text) OWNER TO serums_definer;

-- The caller is the account an app's access token was issued for, if the token has not expired,
-- the app has not been revoked and the account is active; nobody otherwise. Returns the account's
-- id, or NULL. Records the app's last use (at most once a minute).
CREATE OR REPLACE FUNCTION app.begin_smart(token text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  account uuid;
  client text;
BEGIN
  SELECT u.id, c.id INTO account, client
  FROM oauth_records r
  JOIN smart_clients c ON c.id = r.payload ->> 'clientId' AND c.revoked_at IS NULL
  JOIN users u ON u.id = app.to_uuid(r.payload ->> 'accountId') AND u.deactivated_at IS NULL
  WHERE r.kind = 'AccessToken' AND r.id_hash = app.link_token_hash(begin_smart.token) AND r.expires_at > now();
  IF client IS NOT NULL THEN
    UPDATE smart_clients c SET last_used_at = now()
    WHERE c.id = client AND (c.last_used_at IS NULL OR c.last_used_at < now() - interval '1 minute');
  END IF;
  RETURN app.set_identity(account);
END
$$;
ALTER FUNCTION app.begin_smart(text) OWNER TO serums_definer;

-- Apps are registered, seen and revoked by the admins of their organisation.
ALTER TABLE smart_clients ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS smart_clients_select ON smart_clients;
CREATE POLICY smart_clients_select ON smart_clients FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS smart_clients_insert ON smart_clients;
CREATE POLICY smart_clients_insert ON smart_clients FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]) AND created_by = app.active_user_id()
              AND revoked_at IS NULL AND last_used_at IS NULL);
DROP POLICY IF EXISTS smart_clients_update ON smart_clients;
CREATE POLICY smart_clients_update ON smart_clients FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS smart_clients_delete ON smart_clients;
CREATE POLICY smart_clients_delete ON smart_clients FOR DELETE TO serums_app USING (false);
