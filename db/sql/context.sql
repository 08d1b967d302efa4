-- Who the caller is: the user context and the organisations, teams and patient records it gives.
-- Every policy and consent helper starts here.
--
-- Every SECURITY DEFINER function (here and in the other files) pins search_path to pg_catalog,
-- public, pg_temp. pg_temp must be listed, and last: when it is not listed PostgreSQL searches it
-- FIRST for table and type names, so the runtime role could `CREATE TEMP TABLE staff_memberships
-- (...)` or `consent_rules (...)`, grant it to serums_definer, and have these functions read its
-- own forged rows in place of the real ones (tests/bypass.test.ts tries exactly that).
--
-- The SECURITY DEFINER functions the policies call on every statement are PL/pgSQL: one in
-- LANGUAGE sql is never inlined and is planned again on every call, where PL/pgSQL keeps each
-- query's plan for the session. The caller's helpers below are LANGUAGE sql and not SECURITY
-- DEFINER, so they are inlined into the one definer call they share, app.caller()
-- (docs/benchmarks.md, ninth round). They run with the caller's search_path, in which pg_temp
-- comes first for type names, so they name their types with the schema.

-- A uuid from text that must be exactly one: anything else (missing, empty, malformed) is NULL,
-- which matches no row: never an error, never every row.
CREATE OR REPLACE FUNCTION app.to_uuid(s text) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid END
$$;

-- A uuid from the transaction's context, as app.to_uuid reads it.
CREATE OR REPLACE FUNCTION app.uuid_setting(name text) RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT app.to_uuid(current_setting(name, true))
$$;

-- The caller's identity. Any role may set any `app.*` setting, so a user id in a setting proves
-- nothing by itself: it counts only beside its signature, `app.identity`, which is a keyed hash of
-- the user id, the caller's row below (`app.caller`), the backend and the transaction's start. The
-- key (app.identity_key) is readable by serums_definer alone, so only the functions below that take
-- a secret (a session's or a device's token, in auth.sql) or that only the sign-in role may call can
-- sign: whoever runs SQL as the web role without a token sets a user id, or a caller's row, and is
-- nobody. The signature is good for this transaction on this connection only; copied into another,
-- it names nobody.
CREATE OR REPLACE FUNCTION app.identity_signature(account uuid) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  secret text := (SELECT k.key FROM app.identity_key k WHERE k.singleton);
  message text := account::text || '/' || coalesce(current_setting('app.caller', true), '') || '/'
    || pg_backend_pid()::text || '/' || (extract(epoch FROM now()) * 1000000)::bigint::text;
BEGIN
  -- Hashed twice under the key, as HMAC is, so no signature extends into another's.
  RETURN encode(sha256(convert_to(secret || encode(sha256(convert_to(secret || message, 'UTF8')), 'hex'), 'UTF8')), 'hex');
END
$$;
ALTER FUNCTION app.identity_signature(uuid) OWNER TO serums_definer;

-- Makes `account` the caller for the rest of the transaction, and works out once what every policy
-- asks about them: `app.caller` holds, as the text of a text[], the user id, the id again if the
-- account is active (else empty), then the organisations where they hold a clinical role, where
-- they are an admin, and where they belong at all, their own patient records, and the care teams
-- where they hold a clinical role. The signature covers it, so a row written by hand names nobody.
-- A change to the caller's own account or memberships made later in the same transaction shows
-- from the next transaction on. Called only by the functions that establish an identity
-- (auth.sql); nobody else may execute it (grants.sql).
CREATE OR REPLACE FUNCTION app.set_identity(account uuid) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  active uuid := (SELECT u.id FROM users u WHERE u.id = account AND u.deactivated_at IS NULL);
  fields text[];
BEGIN
  IF account IS NULL THEN
    PERFORM set_config('app.user_id', '', true), set_config('app.caller', '', true), set_config('app.identity', '', true);
    RETURN NULL;
  END IF;
  SELECT ARRAY[
           account::text,
           coalesce(active::text, ''),
           coalesce(array_agg(DISTINCT m.organisation_id) FILTER (WHERE m.role IN ('oncologist', 'nurse')), '{}')::text,
           coalesce(array_agg(DISTINCT m.organisation_id) FILTER (WHERE m.role = 'admin'), '{}')::text,
           (SELECT coalesce(array_agg(DISTINCT org), '{}') FROM (
              SELECT u.organisation_id AS org FROM users u WHERE u.id = active
              UNION ALL
              SELECT s.organisation_id FROM staff_memberships s WHERE s.user_id = active) AS orgs)::text,
           (SELECT coalesce(array_agg(p.id), '{}') FROM patients p WHERE p.user_id = active)::text,
           coalesce(array_agg(DISTINCT m.care_team_id)
             FILTER (WHERE m.role IN ('oncologist', 'nurse') AND m.care_team_id IS NOT NULL), '{}')::text
         ]
  INTO fields
  FROM staff_memberships m WHERE m.user_id = active;
  PERFORM set_config('app.user_id', account::text, true), set_config('app.caller', fields::text, true);
  PERFORM set_config('app.identity', app.identity_signature(account), true);
  RETURN account;
END
$$;
ALTER FUNCTION app.set_identity(uuid) OWNER TO serums_definer;

-- The caller's row as app.set_identity worked it out, when its signature holds; NULL (nobody)
-- otherwise. The one check of the identity: every helper below reads it, so a statement verifies
-- the signature once for each helper it asks (an InitPlan each), and queries no table for it.
CREATE OR REPLACE FUNCTION app.caller() RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  claimed uuid := app.uuid_setting('app.user_id');
  fields text[];
BEGIN
  IF claimed IS NULL OR current_setting('app.identity', true) IS DISTINCT FROM app.identity_signature(claimed) THEN
    RETURN NULL;
  END IF;
  fields := current_setting('app.caller', true)::text[];
  -- The row names the user it was signed with (app.set_identity writes both).
  IF fields[1]::uuid IS DISTINCT FROM claimed THEN
    RETURN NULL;
  END IF;
  RETURN fields;
END
$$;
ALTER FUNCTION app.caller() OWNER TO serums_definer;

-- The helpers every policy asks, each a field of app.caller(): LANGUAGE sql and not SECURITY
-- DEFINER, so the planner inlines them and `(SELECT app.own_org_ids())` costs one app.caller().
-- The user of this transaction, when its signature holds; NULL (nobody) otherwise.
CREATE OR REPLACE FUNCTION app.current_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT (app.caller())[1]::pg_catalog.uuid
$$;
ALTER FUNCTION app.current_user_id() OWNER TO serums_definer;

-- The caller, if they are an active (not deactivated) user.
CREATE OR REPLACE FUNCTION app.active_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT nullif((app.caller())[2], '')::pg_catalog.uuid
$$;
ALTER FUNCTION app.active_user_id() OWNER TO serums_definer;

-- Organisations where the caller holds a clinical role (oncologist or nurse).
CREATE OR REPLACE FUNCTION app.clinical_org_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce((app.caller())[3]::pg_catalog.uuid[], '{}')
$$;
ALTER FUNCTION app.clinical_org_ids() OWNER TO serums_definer;

-- Organisations where the caller is an admin.
CREATE OR REPLACE FUNCTION app.admin_org_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce((app.caller())[4]::pg_catalog.uuid[], '{}')
$$;
ALTER FUNCTION app.admin_org_ids() OWNER TO serums_definer;

-- The organisations the caller belongs to (staff or patient).
CREATE OR REPLACE FUNCTION app.own_org_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce((app.caller())[5]::pg_catalog.uuid[], '{}')
$$;
ALTER FUNCTION app.own_org_ids() OWNER TO serums_definer;

-- The patient record(s) that belong to the caller's own account.
CREATE OR REPLACE FUNCTION app.own_patient_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce((app.caller())[6]::pg_catalog.uuid[], '{}')
$$;
ALTER FUNCTION app.own_patient_ids() OWNER TO serums_definer;

-- The patient the request is about, when it is about one: set beside the user by db/rls.ts once the
-- request wrapper has checked consent for them (server/http/guard.ts). A hint for the policies'
-- speed (app.patient_ids_at_hand), never a grant: anything else, or nothing, gives NULL.
CREATE OR REPLACE FUNCTION app.request_patient_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT app.uuid_setting('app.patient_id')
$$;

-- Care teams in which the caller holds a clinical role.
CREATE OR REPLACE FUNCTION app.clinical_team_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce((app.caller())[7]::pg_catalog.uuid[], '{}')
$$;
ALTER FUNCTION app.clinical_team_ids() OWNER TO serums_definer;

-- The care teams whose patients a backend service reads (SMART Backend Services, smart.sql): the
-- caller's row has an eighth field only when app.begin_backend signed it. Empty for everyone else.
CREATE OR REPLACE FUNCTION app.backend_team_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce((app.caller())[8]::pg_catalog.uuid[], '{}')
$$;
ALTER FUNCTION app.backend_team_ids() OWNER TO serums_definer;

-- Used only by write checks, where the row may not be readable yet (enrolment). These four answer
-- only within the caller's own organisations (NULL otherwise), so they cannot be used to probe
-- whether a patient, team or account of another organisation exists; every policy that uses them
-- compares the answer with the caller's clinical or admin organisations anyway.
CREATE OR REPLACE FUNCTION app.patient_org_id(patient uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p.organisation_id FROM patients p
  WHERE p.id = patient AND p.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.patient_org_id(uuid) OWNER TO serums_definer;

CREATE OR REPLACE FUNCTION app.care_team_org_id(team uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT t.organisation_id FROM care_teams t
  WHERE t.id = team AND t.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.care_team_org_id(uuid) OWNER TO serums_definer;

-- The patient's primary care team, the one team their alerts go to.
CREATE OR REPLACE FUNCTION app.patient_care_team_id(patient uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p.primary_care_team_id FROM patients p
  WHERE p.id = patient AND p.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.patient_care_team_id(uuid) OWNER TO serums_definer;

CREATE OR REPLACE FUNCTION app.user_org_id(target uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.organisation_id FROM users u
  WHERE u.id = target AND u.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.user_org_id(uuid) OWNER TO serums_definer;

-- The organisation of a patient account (kind 'patient') in which the caller holds a clinical role;
-- NULL for staff accounts and anything else. A patient record may be linked only to such an account:
-- linking it to a staff account would make that staff member "the patient", who reads the whole
-- record whatever the consent rules say.
CREATE OR REPLACE FUNCTION app.patient_account_org_id(account uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.organisation_id FROM users u
  WHERE u.id = account AND u.kind = 'patient' AND u.organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
$$;
ALTER FUNCTION app.patient_account_org_id(uuid) OWNER TO serums_definer;
