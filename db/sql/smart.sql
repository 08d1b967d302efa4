-- SMART App Launch and SMART Backend Services (server/smart): the clients admins register, and what
-- the OAuth server keeps.
--
-- oauth_records holds authorization codes, tokens, grants and interactions, each under the SHA-256
-- of its id (the secret a client or browser holds). Nobody but the functions below touches it: row
-- level security is forced with no policy and the request role holds no privilege on it. They
-- take the raw id and hash it themselves, like app.begin_device, so a stored hash is no key.
--
-- An app's request to the FHIR API establishes its user with app.begin_smart, from the access token
-- the app presented, and nothing else: the app cannot name a user.
--
-- A backend service (kind 'backend') acts for nobody. Its request establishes the service itself with
-- app.begin_smart (which hands it to app.begin_backend), from its client-credentials token: a caller that is no account (its
-- `account_id` is in no users row), belongs to its organisation, holds no role, no care team and
-- no patient record of its own, and whose eighth field names the care teams an admin granted it
-- (app.backend_team_ids, context.sql). What it may read is worked out from the consent rules when it
-- reads (app.backend_patient_ids): the patients who allow one of those teams the category and deny
-- none of them it, as for a member of those teams. It has no rows of app.consent_access, so every
-- write check (app.consent_allows, own records, own account) refuses it, and as nobody's account it
-- gets no alert, notification or rota duty and cannot sign in.

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

-- Everything issued under one grant goes at once (a replayed code, a revoked refresh token).
CREATE OR REPLACE FUNCTION app.oauth_revoke_grant(grant_id text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  DELETE FROM oauth_records r WHERE r.grant_id = oauth_revoke_grant.grant_id
$$;
ALTER FUNCTION app.oauth_revoke_grant(text) OWNER TO serums_definer;

-- Records that expired more than a day ago, for the worker's periodic sweep (server/smart/sweep.ts);
-- returns how many went. Expired records are already unusable (app.oauth_find); this only frees space.
CREATE OR REPLACE FUNCTION app.oauth_sweep_expired() RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH gone AS (DELETE FROM oauth_records r WHERE r.expires_at < now() - interval '1 day' RETURNING 1)
  SELECT count(*)::integer FROM gone
$$;
ALTER FUNCTION app.oauth_sweep_expired() OWNER TO serums_definer;

-- A registered app that has not been revoked: what the OAuth server needs to know of it.
CREATE OR REPLACE FUNCTION app.smart_client(id text) RETURNS TABLE (name text, redirect_uris text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT c.name, c.redirect_uris FROM smart_clients c
  WHERE c.id = smart_client.id AND c.kind = 'app' AND c.revoked_at IS NULL
$$;
ALTER FUNCTION app.smart_client(text) OWNER TO serums_definer;

-- A registered backend service that has not been revoked: its name and public keys.
CREATE OR REPLACE FUNCTION app.backend_client(id text) RETURNS TABLE (name text, jwks jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT c.name, c.jwks FROM smart_clients c
  WHERE c.id = backend_client.id AND c.kind = 'backend' AND c.revoked_at IS NULL
$$;
ALTER FUNCTION app.backend_client(text) OWNER TO serums_definer;

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
-- the app has not been revoked and the account is active; nobody otherwise. A backend service's
-- token (client credentials, or a bulk export's job token) establishes the service instead
-- (app.begin_backend). Returns the account's
-- id, or NULL. Records the app's last use (at most once a minute).
CREATE OR REPLACE FUNCTION app.begin_smart(token text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  account uuid;
  client text;
BEGIN
  IF EXISTS (SELECT FROM oauth_records r WHERE r.kind IN ('ClientCredentials', 'BulkExport')
             AND r.id_hash = app.link_token_hash(begin_smart.token)) THEN
    RETURN app.begin_backend(token);
  END IF;
  SELECT u.id, c.id INTO account, client
  FROM oauth_records r
  JOIN smart_clients c ON c.id = r.payload ->> 'clientId' AND c.kind = 'app' AND c.revoked_at IS NULL
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

-- The caller is the backend service a client-credentials access token was issued to (or a bulk
-- export's job token minted for it, app.claim_bulk_exports), if the token has not expired and the
-- service has not been revoked; nobody otherwise. Only app.begin_smart calls it. Returns the service's
-- account_id, or NULL. Its caller's row (context.sql) names only its organisation and, in the eighth
-- field, the care teams it was granted that are still its organisation's. Records its last use (at
-- most once a minute).
CREATE OR REPLACE FUNCTION app.begin_backend(token text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  client smart_clients;
  teams uuid[];
BEGIN
  SELECT c.* INTO client
  FROM oauth_records r
  JOIN smart_clients c ON c.id = r.payload ->> 'clientId' AND c.kind = 'backend' AND c.revoked_at IS NULL
  WHERE r.kind IN ('ClientCredentials', 'BulkExport') AND r.id_hash = app.link_token_hash(begin_backend.token)
    AND r.expires_at > now()
    -- never an account's id: the service would act as that person
    AND NOT EXISTS (SELECT FROM users u WHERE u.id = c.account_id);
  teams := ARRAY(SELECT t.id FROM care_teams t WHERE t.id = ANY (client.care_team_ids) AND t.organisation_id = client.organisation_id);
  IF client.id IS NULL OR cardinality(teams) = 0 THEN
    RETURN app.set_identity(NULL);
  END IF;
  UPDATE smart_clients c SET last_used_at = now()
  WHERE c.id = client.id AND (c.last_used_at IS NULL OR c.last_used_at < now() - interval '1 minute');
  PERFORM set_config('app.user_id', client.account_id::text, true),
    set_config('app.caller', ARRAY[client.account_id::text, client.account_id::text, '{}', '{}',
      ARRAY[client.organisation_id]::text, '{}', '{}', teams::text]::text, true);
  PERFORM set_config('app.identity', app.identity_signature(client.account_id), true);
  RETURN client.account_id;
END
$$;
ALTER FUNCTION app.begin_backend(text) OWNER TO serums_definer;

-- The patients whose `category` the calling backend service may read now: in its organisation,
-- with an active allow rule for one of its care teams covering the category and no active deny
-- rule for any of them covering it, as lib/consent/evaluate.ts (serviceReadableCategories) decides
-- for one patient. Empty for every other caller.
CREATE OR REPLACE FUNCTION app.backend_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  teams uuid[] := app.backend_team_ids();
  orgs uuid[] := app.own_org_ids();
BEGIN
  IF cardinality(teams) = 0 THEN
    RETURN '{}';
  END IF;
  RETURN (
    SELECT coalesce(array_agg(DISTINCT r.patient_id), '{}')
    FROM consent_rules r
    WHERE r.grantee_care_team_id = ANY (teams) AND r.patient_organisation_id = ANY (orgs)
      AND r.effect = 'allow' AND backend_patient_ids.category = ANY (r.categories) AND r.revoked_at IS NULL
      AND r.valid_from <= now() AND (r.valid_until IS NULL OR r.valid_until > now())
      AND NOT EXISTS (
        SELECT FROM consent_rules d
        WHERE d.patient_id = r.patient_id AND d.grantee_care_team_id = ANY (teams) AND d.effect = 'deny'
          AND backend_patient_ids.category = ANY (d.categories) AND d.revoked_at IS NULL
          AND d.valid_from <= now() AND (d.valid_until IS NULL OR d.valid_until > now())));
END
$$;
ALTER FUNCTION app.backend_patient_ids(text) OWNER TO serums_definer;

-- The calling backend service itself (established by app.begin_backend): its client_id, name,
-- organisation and the care teams it reads. Nothing for any other caller.
CREATE OR REPLACE FUNCTION app.backend_self()
RETURNS TABLE (client_id text, name text, organisation_id uuid, care_team_ids uuid[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT c.id, c.name, c.organisation_id, app.backend_team_ids() FROM smart_clients c
  WHERE c.account_id = app.active_user_id() AND c.kind = 'backend' AND c.revoked_at IS NULL
    AND cardinality(app.backend_team_ids()) > 0
$$;
ALTER FUNCTION app.backend_self() OWNER TO serums_definer;

-- Whether every care team of `teams` is one of `org`'s, for registering a backend service.
CREATE OR REPLACE FUNCTION app.care_teams_of(teams uuid[], org uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT cardinality(teams) > 0 AND NOT EXISTS (
    SELECT FROM unnest(teams) AS t(id)
    WHERE app.care_team_org_id(t.id) IS DISTINCT FROM org)
$$;
ALTER FUNCTION app.care_teams_of(uuid[], uuid) OWNER TO serums_definer;

-- A backend service's identity is the database's to choose, never the registering admin's: an
-- account_id that were some person's would make the service that person (app.begin_backend checks
-- that too).
CREATE OR REPLACE FUNCTION app.smart_client_account() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  NEW.account_id := gen_random_uuid();
  RETURN NEW;
END
$$;
ALTER FUNCTION app.smart_client_account() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER smart_clients_account BEFORE INSERT ON smart_clients
  FOR EACH ROW EXECUTE FUNCTION app.smart_client_account();

-- Apps are registered, seen and revoked by the admins of their organisation; a backend service reads
-- only care teams of that organisation.
ALTER TABLE smart_clients ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS smart_clients_select ON smart_clients;
CREATE POLICY smart_clients_select ON smart_clients FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS smart_clients_insert ON smart_clients;
CREATE POLICY smart_clients_insert ON smart_clients FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]) AND created_by = app.active_user_id()
              AND revoked_at IS NULL AND last_used_at IS NULL
              AND (kind = 'app' OR app.care_teams_of(care_team_ids, organisation_id)));
DROP POLICY IF EXISTS smart_clients_update ON smart_clients;
CREATE POLICY smart_clients_update ON smart_clients FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS smart_clients_delete ON smart_clients;
CREATE POLICY smart_clients_delete ON smart_clients FOR DELETE TO serums_app USING (false);
