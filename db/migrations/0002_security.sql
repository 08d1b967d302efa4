-- Made by `npm run db:sql-migration` from these files of db/sql as they stood:
-- roles.sql, context.sql, consent.sql, consent-lookups.sql, auth.sql, admin.sql, audit.sql, policies-records.sql, policies-accounts.sql, grants.sql, consent-rebuild.sql.
-- Do not edit it: change db/sql/*.sql and make a new migration (README, Security model).

-- ===== db/sql/roles.sql =====
-- The three roles. Roles belong to the whole server, not to one database, so they are created only
-- if missing (another database on the same server may have made them already).
--
-- serums_web      the login role the web app connects as: owns nothing, holds no privilege of its
--                 own, and can only act by `SET LOCAL ROLE serums_app` inside a transaction
--                 (db/rls.ts). NOINHERIT, so it cannot use serums_app's privileges without that.
-- serums_app      the role every request runs as; every grant (grants.sql) and every policy
--                 (policies-*.sql) is written for it. NOLOGIN.
-- serums_definer  owns the SECURITY DEFINER helpers that must look past row-level security
--                 (consent, sign-in, the audit chain). NOLOGIN, BYPASSRLS, and only the privileges
--                 those helpers need. No login role is a member of it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_app') THEN
    CREATE ROLE serums_app NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_web') THEN
    CREATE ROLE serums_web LOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_definer') THEN
    CREATE ROLE serums_definer NOLOGIN NOINHERIT BYPASSRLS;
  END IF;
  IF NOT pg_has_role('serums_web', 'serums_app', 'MEMBER') THEN
    GRANT serums_app TO serums_web;
  END IF;
END
$$;
--> statement-breakpoint

-- ===== db/sql/context.sql =====
-- Who the caller is: the user context and the organisations, teams and patient records it gives.
-- Every policy and consent helper starts here.
--
-- Every SECURITY DEFINER function (here and in the other files) pins search_path to pg_catalog,
-- public, pg_temp. pg_temp must be listed, and last: when it is not listed PostgreSQL searches it
-- FIRST for table and type names, so the runtime role could `CREATE TEMP TABLE staff_memberships
-- (...)` or `consent_rules (...)`, grant it to serums_definer, and have these functions read its
-- own forged rows in place of the real ones (tests/bypass.test.ts tries exactly that).
--
-- The helpers the policies call on every statement are PL/pgSQL: a SECURITY DEFINER function in
-- LANGUAGE sql is never inlined and is planned again on every call, where PL/pgSQL keeps each
-- query's plan for the session (docs/benchmarks.md).

-- The user context, set per transaction by db/rls.ts. A missing, empty or malformed value is NULL,
-- which matches no row: never an error, never every row.
CREATE OR REPLACE FUNCTION app.current_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid
  END
  FROM (SELECT current_setting('app.user_id', true) AS s) AS context
$$;
--> statement-breakpoint
-- The caller, if they are an active (not deactivated) user.
CREATE OR REPLACE FUNCTION app.active_user_id() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (SELECT u.id FROM users u WHERE u.id = app.current_user_id() AND u.deactivated_at IS NULL);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.active_user_id() OWNER TO serums_definer;
--> statement-breakpoint
-- Organisations where the caller holds a clinical role (oncologist or nurse).
CREATE OR REPLACE FUNCTION app.clinical_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}')
    FROM staff_memberships m
    WHERE m.user_id = app.active_user_id() AND m.role IN ('oncologist', 'nurse')
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.clinical_org_ids() OWNER TO serums_definer;
--> statement-breakpoint
-- Organisations where the caller is an admin.
CREATE OR REPLACE FUNCTION app.admin_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}')
    FROM staff_memberships m
    WHERE m.user_id = app.active_user_id() AND m.role = 'admin'
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.admin_org_ids() OWNER TO serums_definer;
--> statement-breakpoint
-- The organisations the caller belongs to (staff or patient). Asks for the caller once.
CREATE OR REPLACE FUNCTION app.own_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT org), '{}') FROM (
      SELECT u.organisation_id AS org FROM users u WHERE u.id = me
      UNION ALL
      SELECT m.organisation_id FROM staff_memberships m WHERE m.user_id = me
    ) AS orgs
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.own_org_ids() OWNER TO serums_definer;
--> statement-breakpoint
-- The patient record(s) that belong to the caller's own account.
CREATE OR REPLACE FUNCTION app.own_patient_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(p.id), '{}') FROM patients p WHERE p.user_id = app.active_user_id());
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.own_patient_ids() OWNER TO serums_definer;
--> statement-breakpoint
-- Care teams in which the caller holds a clinical role.
CREATE OR REPLACE FUNCTION app.clinical_team_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT m.care_team_id), '{}')
    FROM staff_memberships m
    WHERE m.user_id = app.active_user_id() AND m.role IN ('oncologist', 'nurse') AND m.care_team_id IS NOT NULL
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.clinical_team_ids() OWNER TO serums_definer;
--> statement-breakpoint
-- Used only by write checks, where the row may not be readable yet (enrolment). These three answer
-- only within the caller's own organisations (NULL otherwise), so they cannot be used to probe
-- whether a patient, team or account of another organisation exists; every policy that uses them
-- compares the answer with the caller's clinical or admin organisations anyway.
CREATE OR REPLACE FUNCTION app.patient_org_id(patient uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p.organisation_id FROM patients p
  WHERE p.id = patient AND p.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
--> statement-breakpoint
ALTER FUNCTION app.patient_org_id(uuid) OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.care_team_org_id(team uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT t.organisation_id FROM care_teams t
  WHERE t.id = team AND t.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
--> statement-breakpoint
ALTER FUNCTION app.care_team_org_id(uuid) OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.user_org_id(target uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.organisation_id FROM users u
  WHERE u.id = target AND u.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
--> statement-breakpoint
ALTER FUNCTION app.user_org_id(uuid) OWNER TO serums_definer;
--> statement-breakpoint
-- The organisation of a patient account (kind 'patient') in which the caller holds a clinical role;
-- NULL for staff accounts and anything else. A patient record may be linked only to such an account:
-- linking it to a staff account would make that staff member "the patient", who reads the whole
-- record whatever the consent rules say.
CREATE OR REPLACE FUNCTION app.patient_account_org_id(account uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.organisation_id FROM users u
  WHERE u.id = account AND u.kind = 'patient' AND u.organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
$$;
--> statement-breakpoint
ALTER FUNCTION app.patient_account_org_id(uuid) OWNER TO serums_definer;
--> statement-breakpoint

-- ===== db/sql/consent.sql =====
-- Consent, as row-level security sees it. A staff member may read a category ('symptoms',
-- 'treatment', 'alerts', 'demographics') of a patient's record only with a clinical role
-- (oncologist or nurse) in the patient's organisation, and then either an unexpired emergency
-- access (every category) or at least one active allow rule covering them (directly, or through a
-- care team they hold a clinical role in) and no active deny rule: deny overrides allow. A rule is
-- active from valid_from until valid_until (exclusive) unless revoked. Patients always read their
-- own record.
--
-- The same rule lives in TypeScript in lib/consent/evaluate.ts, which the request path applies
-- before any data query; tests/consent-equivalence.test.ts runs both over random cases and demands
-- identical answers.
--
-- The rule is worked out ahead of time into app.consent_access: who may read which category of
-- which patient, over which window of time. Triggers on everything the rule reads keep the table up
-- to date in the same transaction as the change, and the policies read it. Time still decides at
-- read time: the reader's now() must fall inside a window, so a rule or an emergency access that
-- starts or ends later needs no change to take effect. tests/consent-access.test.ts checks the
-- table against a full recomputation after every kind of change. Only serums_definer reads or
-- writes it: row-level security is forced with no policy (policies-accounts.sql).

-- Inserts never name consent_rules.patient_organisation_id (0001_tables_by_hand.sql): the rule
-- takes its patient's organisation.
CREATE OR REPLACE FUNCTION app.consent_rule_patient_organisation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  NEW.patient_organisation_id := (SELECT p.organisation_id FROM patients p WHERE p.id = NEW.patient_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_rule_patient_organisation() OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_rules_patient_organisation BEFORE INSERT OR UPDATE OF patient_id ON consent_rules
  FOR EACH ROW EXECUTE FUNCTION app.consent_rule_patient_organisation();
--> statement-breakpoint
-- The rule, as rows: for every staff member and patient where the member is in `only_users` or the
-- patient in `only_patients`, the windows in which the member may read each category. The rules of
-- one (member, patient, category) cut time at every rule's start and end; each piece is allowed or
-- not as a whole. Windows already over are left out.
CREATE OR REPLACE FUNCTION app.consent_access_rows(only_users uuid[], only_patients uuid[])
RETURNS TABLE (user_id uuid, patient_id uuid, category text, valid_from timestamptz, valid_until timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN QUERY
  WITH clinical AS MATERIALIZED (
    SELECT DISTINCT m.user_id, m.organisation_id, m.care_team_id
    FROM staff_memberships m
    WHERE m.role IN ('oncologist', 'nurse')
  ),
  -- Every unrevoked rule about a patient or a staff member asked for, each found by its index.
  rules AS MATERIALIZED (
    SELECT r.id, r.patient_id, r.patient_organisation_id, r.grantee_user_id, r.grantee_care_team_id,
      r.effect, r.categories, r.valid_from, r.valid_until
    FROM consent_rules r
    WHERE r.patient_id = ANY (only_patients) AND r.revoked_at IS NULL
    UNION
    SELECT r.id, r.patient_id, r.patient_organisation_id, r.grantee_user_id, r.grantee_care_team_id,
      r.effect, r.categories, r.valid_from, r.valid_until
    FROM consent_rules r
    WHERE r.grantee_user_id = ANY (only_users) AND r.revoked_at IS NULL
    UNION
    SELECT r.id, r.patient_id, r.patient_organisation_id, r.grantee_user_id, r.grantee_care_team_id,
      r.effect, r.categories, r.valid_from, r.valid_until
    FROM consent_rules r
    WHERE r.grantee_care_team_id IN (SELECT c.care_team_id FROM clinical c WHERE c.user_id = ANY (only_users))
      AND r.revoked_at IS NULL
  ),
  grants AS (
    SELECT r.grantee_user_id AS user_id, r.patient_id, r.categories, r.effect, r.valid_from, r.valid_until
    FROM rules r
    WHERE EXISTS (SELECT FROM clinical c WHERE c.user_id = r.grantee_user_id AND c.organisation_id = r.patient_organisation_id)
    UNION ALL
    SELECT t.user_id, r.patient_id, r.categories, r.effect, r.valid_from, r.valid_until
    FROM rules r JOIN (SELECT DISTINCT c.user_id, c.care_team_id FROM clinical c) t ON t.care_team_id = r.grantee_care_team_id
    WHERE EXISTS (SELECT FROM clinical c WHERE c.user_id = t.user_id AND c.organisation_id = r.patient_organisation_id)
  ),
  wanted AS MATERIALIZED (
    SELECT g.user_id, g.patient_id, c.category, g.effect, g.valid_from, g.valid_until
    FROM grants g CROSS JOIN LATERAL unnest(g.categories) AS c(category)
    WHERE g.user_id = ANY (only_users) OR g.patient_id = ANY (only_patients)
  ),
  cuts AS (
    SELECT w.user_id, w.patient_id, w.category, w.valid_from AS at FROM wanted w
    UNION
    SELECT w.user_id, w.patient_id, w.category, w.valid_until FROM wanted w WHERE w.valid_until IS NOT NULL
  ),
  pieces AS (
    SELECT c.user_id, c.patient_id, c.category, c.at AS piece_from,
      lead(c.at) OVER (PARTITION BY c.user_id, c.patient_id, c.category ORDER BY c.at) AS piece_until
    FROM cuts c
  ),
  consented AS (
    SELECT p.user_id, p.patient_id, p.category, p.piece_from, p.piece_until
    FROM pieces p JOIN wanted w USING (user_id, patient_id, category)
    -- A rule covers a piece whole or not at all; the last piece is open-ended.
    WHERE w.valid_from <= p.piece_from AND (w.valid_until IS NULL OR w.valid_until >= p.piece_until)
    GROUP BY p.user_id, p.patient_id, p.category, p.piece_from, p.piece_until
    HAVING bool_or(w.effect = 'allow') AND NOT bool_or(w.effect = 'deny')
  ),
  emergency AS (
    SELECT e.user_id, e.patient_id, c.category, e.started_at, e.expires_at
    FROM emergency_accesses e JOIN patients pt ON pt.id = e.patient_id
      CROSS JOIN unnest(ARRAY['symptoms', 'treatment', 'alerts', 'demographics']) AS c(category)
    WHERE (e.user_id = ANY (only_users) OR e.patient_id = ANY (only_patients))
      AND EXISTS (SELECT FROM clinical m WHERE m.user_id = e.user_id AND m.organisation_id = pt.organisation_id)
  )
  SELECT * FROM consented WHERE piece_until IS NULL OR piece_until > now()
  UNION ALL
  SELECT * FROM emergency WHERE expires_at > now();
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_rows(uuid[], uuid[]) OWNER TO serums_definer;
--> statement-breakpoint
-- Consent changes take this transaction-level lock before they change anything (the BEFORE
-- triggers below) and hold it to commit. Without it, two concurrent changes (a team's new allow
-- rule, and a nurse leaving that team) could each recompute from a snapshot without the other's
-- change and together leave a row that neither would. Consent changes are rare and short; reads
-- never take it. READ COMMITTED is required: after the lock, each statement sees every change
-- committed before it, which a REPEATABLE READ snapshot taken earlier would not.
CREATE OR REPLACE FUNCTION app.lock_consent_access() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'consent changes must run at READ COMMITTED, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'serialization_failure';
  END IF;
  PERFORM pg_advisory_xact_lock(7263002);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.lock_consent_access() OWNER TO serums_definer;
--> statement-breakpoint
-- Recomputes every row of the given staff members and patients.
CREATE OR REPLACE FUNCTION app.refresh_consent_access(only_users uuid[], only_patients uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.lock_consent_access();
  DELETE FROM app.consent_access a WHERE a.user_id = ANY (only_users) OR a.patient_id = ANY (only_patients);
  INSERT INTO app.consent_access (user_id, patient_id, category, valid_from, valid_until)
    SELECT * FROM app.consent_access_rows(only_users, only_patients);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.refresh_consent_access(uuid[], uuid[]) OWNER TO serums_definer;
--> statement-breakpoint
-- Everything: after every migration made from db/sql (consent-rebuild.sql), and for a database
-- loaded with triggers off (npm run seed:scale).
CREATE OR REPLACE FUNCTION app.rebuild_consent_access() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.lock_consent_access();
  DELETE FROM app.consent_access;
  PERFORM app.refresh_consent_access(ARRAY(SELECT DISTINCT m.user_id FROM staff_memberships m), NULL);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.rebuild_consent_access() OWNER TO serums_definer;
--> statement-breakpoint
-- Before a statement on a table the rule reads.
CREATE OR REPLACE FUNCTION app.consent_access_lock_trigger() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.lock_consent_access();
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_lock_trigger() OWNER TO serums_definer;
--> statement-breakpoint
-- After a statement on consent_rules or emergency_accesses: the patients it touched.
CREATE OR REPLACE FUNCTION app.consent_access_patients_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM app.refresh_consent_access(NULL, ARRAY(SELECT DISTINCT n.patient_id FROM new_rows n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM app.refresh_consent_access(NULL, ARRAY(SELECT n.patient_id FROM new_rows n UNION SELECT o.patient_id FROM old_rows o));
  ELSE
    PERFORM app.refresh_consent_access(NULL, ARRAY(SELECT DISTINCT o.patient_id FROM old_rows o));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_patients_changed() OWNER TO serums_definer;
--> statement-breakpoint
-- After a statement on staff_memberships: the staff members it touched.
CREATE OR REPLACE FUNCTION app.consent_access_users_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM app.refresh_consent_access(ARRAY(SELECT DISTINCT n.user_id FROM new_rows n), NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM app.refresh_consent_access(ARRAY(SELECT n.user_id FROM new_rows n UNION SELECT o.user_id FROM old_rows o), NULL);
  ELSE
    PERFORM app.refresh_consent_access(ARRAY(SELECT DISTINCT o.user_id FROM old_rows o), NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_users_changed() OWNER TO serums_definer;
--> statement-breakpoint
-- A patient who moves organisation: their emergency accesses follow (their rules follow through the
-- cascading foreign key consent_rules_patient_organisation_fk, which fires the consent_rules
-- triggers).
CREATE OR REPLACE FUNCTION app.consent_access_patient_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.refresh_consent_access(NULL, ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_patient_moved() OWNER TO serums_definer;
--> statement-breakpoint
-- On each table the rule reads: the lock before any statement, then the recomputation after it
-- (one trigger per event: a statement trigger with transition tables may have only one).
CREATE OR REPLACE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON consent_rules
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_insert AFTER INSERT ON consent_rules REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_update AFTER UPDATE ON consent_rules REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_delete AFTER DELETE ON consent_rules REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON emergency_accesses
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_insert AFTER INSERT ON emergency_accesses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_update AFTER UPDATE ON emergency_accesses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_delete AFTER DELETE ON emergency_accesses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON staff_memberships
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_insert AFTER INSERT ON staff_memberships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_users_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_update AFTER UPDATE ON staff_memberships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_users_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER consent_access_delete AFTER DELETE ON staff_memberships REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_users_changed();
--> statement-breakpoint
-- A row trigger, so that the many other updates of patients never take the lock.
CREATE OR REPLACE TRIGGER consent_access_moved AFTER UPDATE OF organisation_id ON patients
  FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
  EXECUTE FUNCTION app.consent_access_patient_moved();
--> statement-breakpoint
-- What the policies call. Each SECURITY DEFINER call costs tens of microseconds before its query
-- runs (the pinned search_path is set and restored around it), so readable_patient_ids asks for
-- the caller once and reads both lists itself.

-- The patients whose `category` staff member `me` may read now. Not SECURITY DEFINER: only the
-- helpers below, already running as serums_definer, may call it.
CREATE OR REPLACE FUNCTION app.consent_access_ids(me uuid, category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(a.patient_id), '{}')
    FROM app.consent_access a
    WHERE a.user_id = me
      AND a.category = consent_access_ids.category
      AND a.valid_from <= pg_catalog.now()
      AND (a.valid_until IS NULL OR a.valid_until > pg_catalog.now())
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_ids(uuid, text) OWNER TO serums_definer;
--> statement-breakpoint
-- The patients whose `category` the caller may read through consent or emergency access.
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN app.consent_access_ids(app.active_user_id(), category);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consented_patient_ids(text) OWNER TO serums_definer;
--> statement-breakpoint
-- Everyone whose `category` the caller may read: their own record, and what consent allows.
CREATE OR REPLACE FUNCTION app.readable_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  RETURN (SELECT coalesce(array_agg(p.id), '{}') FROM patients p WHERE p.user_id = me)
    || app.consent_access_ids(me, category);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.readable_patient_ids(text) OWNER TO serums_definer;
--> statement-breakpoint
-- Whether the caller may read `category` of `patient` through consent or emergency access: one
-- probe of consent_access_by_user. The clinical policies call it for each row after the caller's
-- own record (policies-records.sql), so what a row costs does not depend on how many patients the
-- caller may read. It finds the caller itself (an active account, as app.active_user_id) rather
-- than through a second SECURITY DEFINER call, and reads app.current_user_id into a variable: called
-- inside the query, that LANGUAGE sql function would be planned again on every call.
CREATE OR REPLACE FUNCTION app.consent_allows(category text, patient uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.current_user_id();
BEGIN
  RETURN EXISTS (
    SELECT FROM app.consent_access a JOIN users u ON u.id = a.user_id
    WHERE a.user_id = me AND u.deactivated_at IS NULL
      AND a.category = consent_allows.category
      AND a.patient_id = patient
      AND a.valid_from <= pg_catalog.now()
      AND (a.valid_until IS NULL OR a.valid_until > pg_catalog.now())
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_allows(text, uuid) OWNER TO serums_definer;
--> statement-breakpoint
-- Whether the caller may record the allow rule that enrolment creates: the patient has no consent
-- rule at all yet, `team` is the patient's primary care team, and the caller holds a clinical role
-- in that team. Once a patient has any rule (even a revoked one) only the patient changes them, so
-- staff can never grant themselves, or re-grant after a revocation, access the patient has not given.
CREATE OR REPLACE FUNCTION app.enrolment_consent_open(patient uuid, team uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT FROM patients p
    WHERE p.id = patient AND p.primary_care_team_id = team
      AND team = ANY ((SELECT app.clinical_team_ids())::uuid[])
      AND p.organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
      AND NOT EXISTS (SELECT FROM consent_rules r WHERE r.patient_id = p.id))
$$;
--> statement-breakpoint
ALTER FUNCTION app.enrolment_consent_open(uuid, uuid) OWNER TO serums_definer;
--> statement-breakpoint

-- ===== db/sql/consent-lookups.sql =====
-- What the request path reads about consent before it runs any data query, and what the sharing
-- page needs to name people. Each reveals nothing the caller is not named in or entitled to.

-- The patient's organisation, the rules for that patient that name the caller (directly or through
-- a care team they hold a clinical role in) and the caller's unexpired emergency accesses to that
-- patient. `checked_at` is the transaction's now(), the instant the policies compare validity
-- against. lib/consent/evaluate.ts makes the decision from it; the policies then enforce the same
-- rule again on every row.
CREATE OR REPLACE FUNCTION app.viewer_consent(patient uuid)
RETURNS TABLE (organisation_id uuid, rules jsonb, emergency jsonb, checked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH me AS (SELECT app.active_user_id() AS id)
  SELECT p.organisation_id,
    coalesce((
      SELECT jsonb_agg(jsonb_build_object(
        'granteeUserId', r.grantee_user_id, 'granteeCareTeamId', r.grantee_care_team_id, 'effect', r.effect,
        'categories', r.categories, 'validFrom', r.valid_from, 'validUntil', r.valid_until, 'revokedAt', r.revoked_at))
      FROM consent_rules r, me
      WHERE r.patient_id = p.id
        AND (r.grantee_user_id = me.id OR r.grantee_care_team_id = ANY ((SELECT app.clinical_team_ids())::uuid[]))
    ), '[]'::jsonb),
    coalesce((
      SELECT jsonb_agg(jsonb_build_object('startedAt', e.started_at, 'expiresAt', e.expires_at))
      FROM emergency_accesses e, me
      WHERE e.patient_id = p.id AND e.user_id = me.id AND e.expires_at > now()
    ), '[]'::jsonb),
    now()
  FROM patients p, me
  WHERE p.id = patient AND me.id IS NOT NULL
    -- Another organisation's patient is answered like a patient that does not exist.
    AND p.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
--> statement-breakpoint
ALTER FUNCTION app.viewer_consent(uuid) OWNER TO serums_definer;
--> statement-breakpoint
-- Names of staff in the caller's own organisation, so a patient can read who their consent rules
-- name without being able to list staff accounts.
CREATE OR REPLACE FUNCTION app.staff_names(ids uuid[])
RETURNS TABLE (user_id uuid, display_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.display_name FROM users u
  WHERE u.id = ANY (ids) AND u.kind = 'staff' AND u.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
--> statement-breakpoint
ALTER FUNCTION app.staff_names(uuid[]) OWNER TO serums_definer;
--> statement-breakpoint
-- The clinicians of the caller's organisation, by name and role, so a patient can choose whom to
-- grant or deny access to. Names and roles only: no contact details.
CREATE OR REPLACE FUNCTION app.clinician_directory()
RETURNS TABLE (user_id uuid, display_name text, roles text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.display_name, string_agg(DISTINCT m.role::text, ', ' ORDER BY m.role::text)
  FROM users u JOIN staff_memberships m ON m.user_id = u.id
  WHERE u.kind = 'staff' AND u.deactivated_at IS NULL AND m.role IN ('oncologist', 'nurse')
    AND m.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
  GROUP BY u.id, u.display_name
  ORDER BY u.display_name
$$;
--> statement-breakpoint
ALTER FUNCTION app.clinician_directory() OWNER TO serums_definer;
--> statement-breakpoint

-- ===== db/sql/auth.sql =====
-- Sign-in, one-time links, device tokens, and the admin's unlock and second-factor reset.
--
-- Sign-in, one-time links and device authentication run before there is a user context, so what
-- they must read or write goes through the SECURITY DEFINER functions below and nothing else. The
-- throttling policy (how many failures slow or lock, for how long) lives in TypeScript
-- (lib/auth/throttle.ts) and is passed in, so there is one place to read it. The throttle table
-- belongs to these functions alone: row-level security is forced on it with no policy, and the
-- request role holds no privilege on it.

-- Credentials are read through this function and nothing else: the request role cannot read a
-- password hash or a TOTP secret, not even its own (grants.sql). One row for an existing account,
-- none otherwise.
CREATE OR REPLACE FUNCTION app.sign_in_lookup(address text)
RETURNS TABLE (user_id uuid, organisation_id uuid, kind user_kind, password_hash text,
               mfa_secret_enc text, mfa_enabled boolean, deactivated boolean,
               locked_until timestamptz, failed_sign_ins integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.organisation_id, u.kind, u.password_hash, u.mfa_secret_enc,
         u.mfa_enabled_at IS NOT NULL, u.deactivated_at IS NOT NULL, u.locked_until, u.failed_sign_ins
  FROM users u WHERE u.email = lower(address)
$$;
--> statement-breakpoint
ALTER FUNCTION app.sign_in_lookup(text) OWNER TO serums_definer;
--> statement-breakpoint
-- The caller's own TOTP secret, for enrolling and checking a second factor.
CREATE OR REPLACE FUNCTION app.own_mfa_secret(account uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.mfa_secret_enc FROM users u WHERE u.id = account AND u.id = app.active_user_id()
$$;
--> statement-breakpoint
ALTER FUNCTION app.own_mfa_secret(uuid) OWNER TO serums_definer;
--> statement-breakpoint
-- The throttle rows for some keys (hashed source addresses and unknown emails).
CREATE OR REPLACE FUNCTION app.sign_in_throttle_state(keys text[])
RETURNS TABLE (key text, failures integer, window_started_at timestamptz, locked_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT t.key, t.failures, t.window_started_at, t.locked_until FROM sign_in_throttles t WHERE t.key = ANY (keys)
$$;
--> statement-breakpoint
ALTER FUNCTION app.sign_in_throttle_state(text[]) OWNER TO serums_definer;
--> statement-breakpoint
-- Records one failed attempt (a wrong password or a wrong second-factor code). The account's
-- consecutive failures grow (or, for an email with no account, the email key's), and it is locked
-- for lock_seconds[failures] seconds (the last entry for every failure beyond the array). The
-- source address counts failures in fixed windows of address_window_seconds. Atomic, so parallel
-- attempts cannot slip past the count.
CREATE OR REPLACE FUNCTION app.record_sign_in_failure(target uuid, email_key text, address_key text, at timestamptz,
                                                      lock_seconds integer[], address_window_seconds integer)
RETURNS TABLE (failures integer, locked_until timestamptz, address_failures integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n integer;
  lock_for integer;
  until timestamptz;
  address_n integer;
BEGIN
  IF target IS NOT NULL THEN
    UPDATE users u SET failed_sign_ins = u.failed_sign_ins + 1 WHERE u.id = target RETURNING u.failed_sign_ins INTO n;
  ELSIF email_key IS NOT NULL THEN
    INSERT INTO sign_in_throttles AS t (key, failures, window_started_at, updated_at)
    VALUES (email_key, 1, at, at)
    ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1, updated_at = at
    RETURNING t.failures INTO n;
  END IF;
  IF n IS NOT NULL THEN
    lock_for := lock_seconds[least(n, array_length(lock_seconds, 1))];
    IF lock_for > 0 THEN
      until := at + make_interval(secs => lock_for);
      IF target IS NOT NULL THEN
        UPDATE users u SET locked_until = greatest(u.locked_until, until) WHERE u.id = target RETURNING u.locked_until INTO until;
      ELSE
        UPDATE sign_in_throttles t SET locked_until = greatest(t.locked_until, until) WHERE t.key = email_key
        RETURNING t.locked_until INTO until;
      END IF;
    END IF;
  END IF;
  IF address_key IS NOT NULL THEN
    INSERT INTO sign_in_throttles AS t (key, failures, window_started_at, updated_at)
    VALUES (address_key, 1, at, at)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_started_at <= at - make_interval(secs => address_window_seconds) THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN t.window_started_at <= at - make_interval(secs => address_window_seconds) THEN at ELSE t.window_started_at END,
      updated_at = at
    RETURNING t.failures INTO address_n;
  END IF;
  -- Rows for addresses and unknown emails are forgotten after a month of quiet.
  IF random() < 0.01 THEN
    DELETE FROM sign_in_throttles t WHERE t.updated_at < at - interval '30 days';
  END IF;
  RETURN QUERY SELECT n, until, address_n;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.record_sign_in_failure(uuid, text, text, timestamptz, integer[], integer) OWNER TO serums_definer;
--> statement-breakpoint
-- What a one-time link (activation or password reset) is for, found by the token's hash. The page
-- shows the account's email, so the person can see whose password they are setting.
CREATE OR REPLACE FUNCTION app.invitation_lookup(token_hash text)
RETURNS TABLE (invitation_id uuid, user_id uuid, email text, display_name text, kind user_kind, purpose text,
               expires_at timestamptz, used_at timestamptz, deactivated boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT i.id, u.id, u.email, u.display_name, u.kind, i.purpose, i.expires_at, i.used_at, u.deactivated_at IS NOT NULL
  FROM invitations i JOIN users u ON u.id = i.user_id
  WHERE i.token_hash = invitation_lookup.token_hash
$$;
--> statement-breakpoint
ALTER FUNCTION app.invitation_lookup(text) OWNER TO serums_definer;
--> statement-breakpoint
-- Uses a one-time link: sets the new password, clears any lock, spends every open link of the
-- account and ends its sessions (a reset means someone else may have had the old password). Returns
-- no row for an unknown, used or expired link or a deactivated account; the row lock makes a link
-- usable once even when two requests race.
CREATE OR REPLACE FUNCTION app.redeem_invitation(token_hash text, new_password_hash text, at timestamptz)
RETURNS TABLE (user_id uuid, organisation_id uuid, kind user_kind, purpose text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  link invitations;
  account users;
BEGIN
  SELECT * INTO link FROM invitations i WHERE i.token_hash = redeem_invitation.token_hash FOR UPDATE;
  IF NOT FOUND OR link.used_at IS NOT NULL OR link.expires_at <= at THEN
    RETURN;
  END IF;
  SELECT * INTO account FROM users u WHERE u.id = link.user_id;
  IF account.deactivated_at IS NOT NULL THEN
    RETURN;
  END IF;
  UPDATE users u SET password_hash = new_password_hash, failed_sign_ins = 0, locked_until = NULL WHERE u.id = account.id;
  UPDATE invitations i SET used_at = at WHERE i.user_id = account.id AND i.used_at IS NULL;
  UPDATE sessions s SET revoked_at = at WHERE s.user_id = account.id AND s.revoked_at IS NULL;
  RETURN QUERY SELECT account.id, account.organisation_id, account.kind, link.purpose;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.redeem_invitation(text, text, timestamptz) OWNER TO serums_definer;
--> statement-breakpoint
-- A device authenticates in one call: the token's owner, their account and organisation, and the
-- token's last use recorded (at most once a minute). It needs no user context: it answers only for
-- the hash of an active token whose patient's account is active, and nothing for anything else.
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
-- True when the caller is an active admin of the target account's organisation. Staff and patient
-- accounts alike: a patient locked out of the portal asks the clinic.
CREATE OR REPLACE FUNCTION app.is_admin_of_user(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM users u JOIN staff_memberships m ON m.organisation_id = u.organisation_id
    WHERE u.id = target AND m.user_id = app.active_user_id() AND m.role = 'admin'
  )
$$;
--> statement-breakpoint
ALTER FUNCTION app.is_admin_of_user(uuid) OWNER TO serums_definer;
--> statement-breakpoint
-- An admin lifts a lock: the failure count starts again from zero.
CREATE OR REPLACE FUNCTION app.unlock_account(target uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT app.is_admin_of_user(target) THEN
    RAISE EXCEPTION 'only an admin of the account''s organisation may unlock it' USING ERRCODE = '42501';
  END IF;
  UPDATE users u SET failed_sign_ins = 0, locked_until = NULL WHERE u.id = target;
  RETURN FOUND;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.unlock_account(uuid) OWNER TO serums_definer;
--> statement-breakpoint
-- An admin removes an account's second factor (a lost phone): the secret and every recovery code
-- go, so the next sign-in enrols again. The caller also ends the account's sessions (see
-- db/queries/auth.ts), which the sessions policy already lets an admin do.
CREATE OR REPLACE FUNCTION app.reset_account_mfa(target uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT app.is_admin_of_user(target) THEN
    RAISE EXCEPTION 'only an admin of the account''s organisation may reset its second factor' USING ERRCODE = '42501';
  END IF;
  UPDATE users u SET mfa_secret_enc = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE u.id = target;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE recovery_codes r SET used_at = now() WHERE r.user_id = target AND r.used_at IS NULL;
  RETURN true;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.reset_account_mfa(uuid) OWNER TO serums_definer;
--> statement-breakpoint

-- ===== db/sql/admin.sql =====
-- Admin guard rails that hold in the database, whatever code path changes the rows: the last
-- active admin, and archived care teams. (That an admin cannot give themself a clinical role, nor
-- move their own clinical membership to another team, is in the staff_memberships policies of
-- policies-accounts.sql.)

-- An organisation that has an active admin always keeps one: removing the admin role from, or
-- deactivating, its last active admin is refused. Every such change takes one transaction-level
-- advisory lock per organisation before counting, so two admins removing each other at the same
-- moment are serialised and the second sees the first's change (each statement of a VOLATILE
-- plpgsql function reads a fresh snapshot under READ COMMITTED). The admin pages check the same
-- rule first, under row locks, to answer in a plain sentence (db/queries/admin.ts).
CREATE OR REPLACE FUNCTION app.keep_an_admin() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  orgs uuid[];
  org uuid;
BEGIN
  IF TG_TABLE_NAME = 'staff_memberships' THEN
    IF OLD.role <> 'admin' THEN
      RETURN NULL;
    END IF;
    orgs := ARRAY[OLD.organisation_id];
  ELSE
    IF NEW.deactivated_at IS NULL OR OLD.deactivated_at IS NOT NULL THEN
      RETURN NULL;
    END IF;
    SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}') INTO orgs
    FROM staff_memberships m WHERE m.user_id = NEW.id AND m.role = 'admin';
  END IF;
  FOREACH org IN ARRAY orgs LOOP
    PERFORM pg_advisory_xact_lock(7263101, hashtext(org::text));
    IF NOT EXISTS (
      SELECT 1 FROM staff_memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organisation_id = org AND m.role = 'admin' AND u.deactivated_at IS NULL
    ) THEN
      RAISE EXCEPTION 'organisation_keeps_an_admin: an organisation must keep at least one active admin'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'organisation_keeps_an_admin';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.keep_an_admin() OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER staff_memberships_keep_an_admin AFTER DELETE ON staff_memberships
  FOR EACH ROW EXECUTE FUNCTION app.keep_an_admin();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_keep_an_admin AFTER UPDATE OF deactivated_at ON users
  FOR EACH ROW EXECUTE FUNCTION app.keep_an_admin();
--> statement-breakpoint
-- Nobody is given a role in, or moved into, an archived care team.
CREATE OR REPLACE FUNCTION app.refuse_archived_care_team() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NEW.care_team_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM care_teams t WHERE t.id = NEW.care_team_id AND t.archived_at IS NOT NULL) THEN
    RAISE EXCEPTION 'care_team_not_archived: the care team is archived'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'care_team_not_archived';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.refuse_archived_care_team() OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER staff_memberships_active_care_team BEFORE INSERT OR UPDATE OF care_team_id ON staff_memberships
  FOR EACH ROW EXECUTE FUNCTION app.refuse_archived_care_team();
--> statement-breakpoint

-- ===== db/sql/audit.sql =====
-- The audit chain. Each audit_events row's hash covers its own fields and the previous row's hash,
-- so `npm run audit:verify` can name the first event that was altered, removed or reordered. The
-- head of the chain lives in the one-row table app.audit_chain_head (0001_tables_by_hand.sql),
-- whose row lock orders concurrent inserts, so ids follow the chain with no gaps; a rolled-back
-- insert rolls the head back with it. The request role may only insert events (grants.sql,
-- policies-accounts.sql).

-- The text that is hashed; lib/audit/chain.ts builds the same text to verify it.
CREATE OR REPLACE FUNCTION app.audit_payload(e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|',
    e.id::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.organisation_id::text, ''),
    coalesce(e.actor_user_id::text, ''),
    coalesce(e.actor_role, ''),
    e.action,
    coalesce(e.patient_id::text, ''),
    coalesce(e.resource_type, ''),
    coalesce(e.resource_id, ''),
    e.outcome::text,
    coalesce(e.details::text, ''),
    e.prev_hash)
$$;
--> statement-breakpoint
-- Fills in id, time and both hashes of every new event, whatever the insert said.
CREATE OR REPLACE FUNCTION app.chain_audit_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  head app.audit_chain_head;
BEGIN
  SELECT * INTO head FROM app.audit_chain_head WHERE singleton FOR UPDATE;
  NEW.id := head.last_id + 1;
  NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
  NEW.prev_hash := head.last_hash;
  NEW.hash := encode(sha256(convert_to(app.audit_payload(NEW), 'UTF8')), 'hex');
  UPDATE app.audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
  RETURN NEW;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.chain_audit_event() OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION app.chain_audit_event();
--> statement-breakpoint

-- ===== db/sql/policies-records.sql =====
-- Row-level security on the patient record: reports, alerts, treatment, the patient row itself,
-- consent rules, emergency accesses and device tokens. Every table here has row-level security
-- enabled AND forced (so the table's owner is held to it too) and a policy for each command, all
-- for the request role serums_app; a command with no policy would match no row, but each is
-- spelled out. The consent helpers the policies call are in consent.sql and context.sql; each that
-- takes no column is wrapped in (SELECT ...) so that it runs once per statement, not once per row.
-- Nothing is ever deleted, and the privileges (grants.sql) say which columns may change at all.
--
-- Consent is asked for the row's own patient: app.consent_allows(category, patient_id), one index
-- probe of app.consent_access per row, after the caller's own record. Not `patient_id = ANY (<every
-- patient the caller may read>)`: the planner uses such an array as an index condition, so a nurse
-- of a large team fetched every answer of the team to show one patient's, and otherwise searched
-- the whole array for each row (tests/rls-plan.test.ts).
--
-- Each policy is dropped and created again, so this file can be applied to any database as it
-- stands. A policy removed from this file needs a DROP POLICY IF EXISTS here (the drift test,
-- tests/sql-drift.test.ts, fails until it has one).

-- Clinical tables share one shape: read what consent allows for the table's category (and one's
-- own record), write only where consent allows, delete nothing. Reports: a patient submits their
-- own, and a clinician may enter one taken by phone. Alerts are raised by the transaction that
-- stores the report, whoever submitted it.

ALTER TABLE symptom_reports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_reports_select ON symptom_reports;
--> statement-breakpoint
CREATE POLICY symptom_reports_select ON symptom_reports FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_reports_insert ON symptom_reports;
--> statement-breakpoint
CREATE POLICY symptom_reports_insert ON symptom_reports FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_reports_update ON symptom_reports;
--> statement-breakpoint
CREATE POLICY symptom_reports_update ON symptom_reports FOR UPDATE TO serums_app
  USING (app.consent_allows('symptoms', patient_id))
  WITH CHECK (app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_reports_delete ON symptom_reports;
--> statement-breakpoint
CREATE POLICY symptom_reports_delete ON symptom_reports FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE symptom_answers ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_answers_select ON symptom_answers;
--> statement-breakpoint
CREATE POLICY symptom_answers_select ON symptom_answers FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_answers_insert ON symptom_answers;
--> statement-breakpoint
CREATE POLICY symptom_answers_insert ON symptom_answers FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_answers_update ON symptom_answers;
--> statement-breakpoint
CREATE POLICY symptom_answers_update ON symptom_answers FOR UPDATE TO serums_app
  USING (app.consent_allows('symptoms', patient_id))
  WITH CHECK (app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_answers_delete ON symptom_answers;
--> statement-breakpoint
CREATE POLICY symptom_answers_delete ON symptom_answers FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE symptom_grades ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_grades_select ON symptom_grades;
--> statement-breakpoint
CREATE POLICY symptom_grades_select ON symptom_grades FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_grades_insert ON symptom_grades;
--> statement-breakpoint
CREATE POLICY symptom_grades_insert ON symptom_grades FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_grades_update ON symptom_grades;
--> statement-breakpoint
CREATE POLICY symptom_grades_update ON symptom_grades FOR UPDATE TO serums_app
  USING (app.consent_allows('symptoms', patient_id))
  WITH CHECK (app.consent_allows('symptoms', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS symptom_grades_delete ON symptom_grades;
--> statement-breakpoint
CREATE POLICY symptom_grades_delete ON symptom_grades FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS alerts_select ON alerts;
--> statement-breakpoint
CREATE POLICY alerts_select ON alerts FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS alerts_insert ON alerts;
--> statement-breakpoint
CREATE POLICY alerts_insert ON alerts FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS alerts_update ON alerts;
--> statement-breakpoint
CREATE POLICY alerts_update ON alerts FOR UPDATE TO serums_app
  USING (app.consent_allows('alerts', patient_id))
  WITH CHECK (app.consent_allows('alerts', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS alerts_delete ON alerts;
--> statement-breakpoint
CREATE POLICY alerts_delete ON alerts FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Whoever writes an alert's history or a plan's version must be named as its author.
ALTER TABLE alert_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS alert_events_select ON alert_events;
--> statement-breakpoint
CREATE POLICY alert_events_select ON alert_events FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS alert_events_insert ON alert_events;
--> statement-breakpoint
CREATE POLICY alert_events_insert ON alert_events FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('alerts', patient_id)
              AND user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS alert_events_update ON alert_events;
--> statement-breakpoint
CREATE POLICY alert_events_update ON alert_events FOR UPDATE TO serums_app
  USING (app.consent_allows('alerts', patient_id))
  WITH CHECK (app.consent_allows('alerts', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS alert_events_delete ON alert_events;
--> statement-breakpoint
CREATE POLICY alert_events_delete ON alert_events FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE treatment_plans ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plans_select ON treatment_plans;
--> statement-breakpoint
CREATE POLICY treatment_plans_select ON treatment_plans FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plans_insert ON treatment_plans;
--> statement-breakpoint
CREATE POLICY treatment_plans_insert ON treatment_plans FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plans_update ON treatment_plans;
--> statement-breakpoint
CREATE POLICY treatment_plans_update ON treatment_plans FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plans_delete ON treatment_plans;
--> statement-breakpoint
CREATE POLICY treatment_plans_delete ON treatment_plans FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE treatment_cycles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_cycles_select ON treatment_cycles;
--> statement-breakpoint
CREATE POLICY treatment_cycles_select ON treatment_cycles FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_cycles_insert ON treatment_cycles;
--> statement-breakpoint
CREATE POLICY treatment_cycles_insert ON treatment_cycles FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_cycles_update ON treatment_cycles;
--> statement-breakpoint
CREATE POLICY treatment_cycles_update ON treatment_cycles FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_cycles_delete ON treatment_cycles;
--> statement-breakpoint
CREATE POLICY treatment_cycles_delete ON treatment_cycles FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE treatment_plan_versions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plan_versions_select ON treatment_plan_versions;
--> statement-breakpoint
CREATE POLICY treatment_plan_versions_select ON treatment_plan_versions FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plan_versions_insert ON treatment_plan_versions;
--> statement-breakpoint
CREATE POLICY treatment_plan_versions_insert ON treatment_plan_versions FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id)
              AND changed_by = (SELECT app.active_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plan_versions_update ON treatment_plan_versions;
--> statement-breakpoint
CREATE POLICY treatment_plan_versions_update ON treatment_plan_versions FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS treatment_plan_versions_delete ON treatment_plan_versions;
--> statement-breakpoint
CREATE POLICY treatment_plan_versions_delete ON treatment_plan_versions FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Patients: the row is the `demographics` category. Clinicians enrol patients into their own
-- organisation and primary care team of it; a patient cannot change their own demographics here,
-- and a record can be linked only to a patient account (app.patient_account_org_id).
ALTER TABLE patients ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS patients_select ON patients;
--> statement-breakpoint
CREATE POLICY patients_select ON patients FOR SELECT TO serums_app
  USING (id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('demographics', id));
--> statement-breakpoint
DROP POLICY IF EXISTS patients_insert ON patients;
--> statement-breakpoint
CREATE POLICY patients_insert ON patients FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
              AND app.care_team_org_id(primary_care_team_id) = organisation_id);
--> statement-breakpoint
DROP POLICY IF EXISTS patients_update ON patients;
--> statement-breakpoint
CREATE POLICY patients_update ON patients FOR UPDATE TO serums_app
  USING (app.consent_allows('demographics', id))
  WITH CHECK (app.consent_allows('demographics', id)
              AND app.care_team_org_id(primary_care_team_id) = organisation_id
              AND (user_id IS NULL OR app.patient_account_org_id(user_id) = organisation_id));
--> statement-breakpoint
DROP POLICY IF EXISTS patients_delete ON patients;
--> statement-breakpoint
CREATE POLICY patients_delete ON patients FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Consent rules: the patient reads, grants, narrows and revokes their own. Staff see the rules of
-- patients whose record they may open, and may record only the allow rule that enrolment creates
-- for the patient's primary care team, before the patient has any rule (app.enrolment_consent_open).
ALTER TABLE consent_rules ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS consent_rules_select ON consent_rules;
--> statement-breakpoint
CREATE POLICY consent_rules_select ON consent_rules FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('demographics', patient_id));
--> statement-breakpoint
DROP POLICY IF EXISTS consent_rules_insert ON consent_rules;
--> statement-breakpoint
CREATE POLICY consent_rules_insert ON consent_rules FOR INSERT TO serums_app
  WITH CHECK (
    patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
    OR (effect = 'allow'
        AND grantee_user_id IS NULL
        AND revoked_at IS NULL
        AND app.enrolment_consent_open(patient_id, grantee_care_team_id)));
--> statement-breakpoint
DROP POLICY IF EXISTS consent_rules_update ON consent_rules;
--> statement-breakpoint
CREATE POLICY consent_rules_update ON consent_rules FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS consent_rules_delete ON consent_rules;
--> statement-breakpoint
CREATE POLICY consent_rules_delete ON consent_rules FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Emergency access ("break the glass"): a clinician of the patient's organisation opens it for
-- themself, for at most 12 hours and with a reason; the patient and the organisation's admins can
-- see that it happened. It is never changed or removed.
ALTER TABLE emergency_accesses ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS emergency_accesses_select ON emergency_accesses;
--> statement-breakpoint
CREATE POLICY emergency_accesses_select ON emergency_accesses FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id())
         OR patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
         OR app.patient_org_id(patient_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS emergency_accesses_insert ON emergency_accesses;
--> statement-breakpoint
CREATE POLICY emergency_accesses_insert ON emergency_accesses FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id())
              AND app.patient_org_id(patient_id) = ANY ((SELECT app.clinical_org_ids())::uuid[])
              AND expires_at <= now() + interval '12 hours'
              AND char_length(reason) >= 10);
--> statement-breakpoint
DROP POLICY IF EXISTS emergency_accesses_update ON emergency_accesses;
--> statement-breakpoint
CREATE POLICY emergency_accesses_update ON emergency_accesses FOR UPDATE TO serums_app USING (false);
--> statement-breakpoint
DROP POLICY IF EXISTS emergency_accesses_delete ON emergency_accesses;
--> statement-breakpoint
CREATE POLICY emergency_accesses_delete ON emergency_accesses FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Device tokens belong to the patient alone (a device then authenticates through
-- app.authenticate_device, auth.sql).
ALTER TABLE device_tokens ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS device_tokens_select ON device_tokens;
--> statement-breakpoint
CREATE POLICY device_tokens_select ON device_tokens FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS device_tokens_insert ON device_tokens;
--> statement-breakpoint
CREATE POLICY device_tokens_insert ON device_tokens FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS device_tokens_update ON device_tokens;
--> statement-breakpoint
CREATE POLICY device_tokens_update ON device_tokens FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS device_tokens_delete ON device_tokens;
--> statement-breakpoint
CREATE POLICY device_tokens_delete ON device_tokens FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- ===== db/sql/policies-accounts.sql =====
-- Row-level security on organisations, care teams, staff, accounts and their credentials, and the
-- audit trail. As in policies-records.sql: enabled and forced, a policy for each command for the
-- request role, each dropped and created again; a removed policy needs a DROP POLICY IF EXISTS.

-- Organisations, care teams and memberships: visible to the organisation's own people; changed by
-- its admins. Organisations are created only by the owner (the seeds), never by a request.
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS organisations_select ON organisations;
--> statement-breakpoint
CREATE POLICY organisations_select ON organisations FOR SELECT TO serums_app
  USING (id = ANY ((SELECT app.own_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS organisations_insert ON organisations;
--> statement-breakpoint
CREATE POLICY organisations_insert ON organisations FOR INSERT TO serums_app WITH CHECK (false);
--> statement-breakpoint
DROP POLICY IF EXISTS organisations_update ON organisations;
--> statement-breakpoint
CREATE POLICY organisations_update ON organisations FOR UPDATE TO serums_app
  USING (id = ANY ((SELECT app.admin_org_ids())::uuid[])) WITH CHECK (id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS organisations_delete ON organisations;
--> statement-breakpoint
CREATE POLICY organisations_delete ON organisations FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE care_teams ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS care_teams_select ON care_teams;
--> statement-breakpoint
CREATE POLICY care_teams_select ON care_teams FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS care_teams_insert ON care_teams;
--> statement-breakpoint
CREATE POLICY care_teams_insert ON care_teams FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS care_teams_update ON care_teams;
--> statement-breakpoint
CREATE POLICY care_teams_update ON care_teams FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS care_teams_delete ON care_teams;
--> statement-breakpoint
CREATE POLICY care_teams_delete ON care_teams FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- An admin cannot give themself a clinical role, nor move their own clinical membership to another
-- care team (that would grant them another team's patients). The last active admin of an
-- organisation and archived care teams are guarded by triggers (admin.sql).
ALTER TABLE staff_memberships ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS staff_memberships_select ON staff_memberships;
--> statement-breakpoint
CREATE POLICY staff_memberships_select ON staff_memberships FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS staff_memberships_insert ON staff_memberships;
--> statement-breakpoint
CREATE POLICY staff_memberships_insert ON staff_memberships FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
              AND app.user_org_id(user_id) = organisation_id
              AND (care_team_id IS NULL OR app.care_team_org_id(care_team_id) = organisation_id)
              AND NOT (user_id = (SELECT app.active_user_id()) AND role <> 'admin'));
--> statement-breakpoint
DROP POLICY IF EXISTS staff_memberships_update ON staff_memberships;
--> statement-breakpoint
CREATE POLICY staff_memberships_update ON staff_memberships FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
              AND (care_team_id IS NULL OR app.care_team_org_id(care_team_id) = organisation_id)
              AND NOT (user_id = (SELECT app.active_user_id()) AND role <> 'admin'));
--> statement-breakpoint
DROP POLICY IF EXISTS staff_memberships_delete ON staff_memberships;
--> statement-breakpoint
CREATE POLICY staff_memberships_delete ON staff_memberships FOR DELETE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
-- Users: everyone reads their own account; staff read their colleagues' (names for assignment);
-- admins create and change staff accounts in their organisation, and a clinician who is not an
-- admin there creates patient accounts. Patients' accounts are private. Credentials are not
-- readable at all (grants.sql).
ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS users_select ON users;
--> statement-breakpoint
CREATE POLICY users_select ON users FOR SELECT TO serums_app
  USING (id = (SELECT app.active_user_id())
         OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.clinical_org_ids() || app.admin_org_ids())::uuid[])));
--> statement-breakpoint
DROP POLICY IF EXISTS users_insert ON users;
--> statement-breakpoint
CREATE POLICY users_insert ON users FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids() || app.clinical_org_ids())::uuid[])
              AND (kind = 'staff') = (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
--> statement-breakpoint
DROP POLICY IF EXISTS users_update ON users;
--> statement-breakpoint
CREATE POLICY users_update ON users FOR UPDATE TO serums_app
  USING (id = (SELECT app.active_user_id())
         OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])))
  WITH CHECK (id = (SELECT app.active_user_id())
              OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
--> statement-breakpoint
DROP POLICY IF EXISTS users_delete ON users;
--> statement-breakpoint
CREATE POLICY users_delete ON users FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Sessions, invitations and recovery codes: one's own; admins may end a staff member's sessions
-- and issue their invitations.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS sessions_select ON sessions;
--> statement-breakpoint
CREATE POLICY sessions_select ON sessions FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS sessions_insert ON sessions;
--> statement-breakpoint
CREATE POLICY sessions_insert ON sessions FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS sessions_update ON sessions;
--> statement-breakpoint
CREATE POLICY sessions_update ON sessions FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS sessions_delete ON sessions;
--> statement-breakpoint
CREATE POLICY sessions_delete ON sessions FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS invitations_select ON invitations;
--> statement-breakpoint
CREATE POLICY invitations_select ON invitations FOR SELECT TO serums_app
  USING (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS invitations_insert ON invitations;
--> statement-breakpoint
CREATE POLICY invitations_insert ON invitations FOR INSERT TO serums_app
  WITH CHECK (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids() || app.clinical_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS invitations_update ON invitations;
--> statement-breakpoint
CREATE POLICY invitations_update ON invitations FOR UPDATE TO serums_app
  USING (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
DROP POLICY IF EXISTS invitations_delete ON invitations;
--> statement-breakpoint
CREATE POLICY invitations_delete ON invitations FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS recovery_codes_select ON recovery_codes;
--> statement-breakpoint
CREATE POLICY recovery_codes_select ON recovery_codes FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS recovery_codes_insert ON recovery_codes;
--> statement-breakpoint
CREATE POLICY recovery_codes_insert ON recovery_codes FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS recovery_codes_update ON recovery_codes;
--> statement-breakpoint
CREATE POLICY recovery_codes_update ON recovery_codes FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.active_user_id())) WITH CHECK (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS recovery_codes_delete ON recovery_codes;
--> statement-breakpoint
CREATE POLICY recovery_codes_delete ON recovery_codes FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Audit events: anyone may append an event about themself (an anonymous one names no patient);
-- a patient reads the events about their record; admins read their organisation's staff and
-- security events, which name no patient. Nobody updates or deletes (no privilege either).
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS audit_events_select ON audit_events;
--> statement-breakpoint
CREATE POLICY audit_events_select ON audit_events FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
         OR (patient_id IS NULL AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
--> statement-breakpoint
DROP POLICY IF EXISTS audit_events_insert ON audit_events;
--> statement-breakpoint
CREATE POLICY audit_events_insert ON audit_events FOR INSERT TO serums_app
  WITH CHECK ((actor_user_id = (SELECT app.active_user_id()))
              OR (actor_user_id IS NULL AND patient_id IS NULL));
--> statement-breakpoint
DROP POLICY IF EXISTS audit_events_update ON audit_events;
--> statement-breakpoint
CREATE POLICY audit_events_update ON audit_events FOR UPDATE TO serums_app USING (false);
--> statement-breakpoint
DROP POLICY IF EXISTS audit_events_delete ON audit_events;
--> statement-breakpoint
CREATE POLICY audit_events_delete ON audit_events FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
-- Tables only the SECURITY DEFINER helpers use (serums_definer, BYPASSRLS): forced row-level
-- security with no policy, so any other role that were ever granted them would see no row.
ALTER TABLE sign_in_throttles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE app.consent_access ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint

-- ===== db/sql/grants.sql =====
-- Privileges: every privilege serums_app, serums_definer and serums_web hold, and nothing else.
-- Each run starts from none (the REVOKEs below, in the same transaction as the GRANTs), so a
-- privilege removed from this file is removed from the database. Row-level security then narrows
-- what the privileges allow to the rows the policies admit.
--
-- The request role serums_app gets exactly what requests need. Columns that say whose a row is
-- (patient_id, organisation_id, care_team_id of an alert) are never updatable, so a row cannot be
-- moved to another patient or team; immutable records have no UPDATE or DELETE at all.
-- serums_definer gets only what the SECURITY DEFINER helpers it owns read and write. serums_web,
-- the login role, holds nothing: it acts only as serums_app (roles.sql).
REVOKE ALL ON ALL TABLES IN SCHEMA public, app FROM PUBLIC, serums_app, serums_definer, serums_web;
--> statement-breakpoint
-- Not from serums_definer: it owns most of these functions, and an owner's own EXECUTE would go too.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC, serums_app, serums_web;
--> statement-breakpoint
REVOKE ALL ON SCHEMA app FROM PUBLIC, serums_app, serums_definer, serums_web;
--> statement-breakpoint
REVOKE ALL ON SCHEMA public FROM serums_app, serums_definer, serums_web;
--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- Schemas.
GRANT USAGE ON SCHEMA public TO serums_app, serums_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app TO serums_app, serums_definer;
--> statement-breakpoint
GRANT CREATE ON SCHEMA app TO serums_definer;
--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- The request role, serums_app.
GRANT SELECT ON organisations, care_teams, staff_memberships, sessions, patients, consent_rules,
  emergency_accesses, device_tokens, symptom_reports, symptom_answers, symptom_grades, alerts, alert_events,
  treatment_plans, treatment_cycles, treatment_plan_versions, audit_events, invitations, recovery_codes TO serums_app;
--> statement-breakpoint
-- Credentials are never readable by the request role, not even one's own: a password hash is read
-- only by app.sign_in_lookup, and a TOTP secret only by its owner through app.own_mfa_secret.
GRANT SELECT (id, organisation_id, kind, email, display_name, has_password, mfa_enabled_at, mfa_last_step,
  failed_sign_ins, locked_until, deactivated_at, created_at, created_by) ON users TO serums_app;
--> statement-breakpoint
GRANT INSERT ON care_teams, staff_memberships, users, sessions, patients, consent_rules, emergency_accesses,
  device_tokens, symptom_reports, symptom_answers, symptom_grades, alerts, alert_events, treatment_plans,
  treatment_cycles, treatment_plan_versions, audit_events, invitations, recovery_codes TO serums_app;
--> statement-breakpoint
GRANT UPDATE (settings, name) ON organisations TO serums_app;
--> statement-breakpoint
GRANT UPDATE (name, archived_at) ON care_teams TO serums_app;
--> statement-breakpoint
GRANT UPDATE (care_team_id, is_team_lead) ON staff_memberships TO serums_app;
--> statement-breakpoint
GRANT UPDATE (display_name, deactivated_at, locked_until, failed_sign_ins, mfa_secret_enc, mfa_enabled_at,
  mfa_last_step, password_hash) ON users TO serums_app;
--> statement-breakpoint
GRANT UPDATE (last_seen_at, mfa_verified_at, revoked_at) ON sessions TO serums_app;
--> statement-breakpoint
GRANT UPDATE (hospital_number, given_name, family_name, date_of_birth, diagnosis, primary_care_team_id, user_id)
  ON patients TO serums_app;
--> statement-breakpoint
GRANT UPDATE (categories, valid_until, revoked_at) ON consent_rules TO serums_app;
--> statement-breakpoint
GRANT UPDATE (name, revoked_at, last_used_at) ON device_tokens TO serums_app;
--> statement-breakpoint
GRANT UPDATE (status, assigned_to, acknowledged_by, acknowledged_at, resolved_by, resolved_at, outcome_codes, version)
  ON alerts TO serums_app;
--> statement-breakpoint
GRANT UPDATE (regimen, drugs, intent, cycle_length_days, planned_cycles, start_date, stopped_at, version, updated_by,
  updated_at) ON treatment_plans TO serums_app;
--> statement-breakpoint
GRANT UPDATE (planned_date, given_date, dose_percent, status, reason) ON treatment_cycles TO serums_app;
--> statement-breakpoint
GRANT UPDATE (used_at) ON invitations TO serums_app;
--> statement-breakpoint
GRANT UPDATE (used_at) ON recovery_codes TO serums_app;
--> statement-breakpoint
-- The one DELETE: an admin removes a staff member's role.
GRANT DELETE ON staff_memberships TO serums_app;
--> statement-breakpoint
-- The functions a request may call: the helpers the policies call, and the SECURITY DEFINER entry
-- points of consent-lookups.sql and auth.sql. Trigger functions and the consent_access machinery
-- are called by nobody directly (firing a trigger needs no EXECUTE privilege).
GRANT EXECUTE ON FUNCTION app.current_user_id(), app.active_user_id(), app.clinical_org_ids(), app.admin_org_ids(),
  app.own_org_ids(), app.own_patient_ids(), app.clinical_team_ids(), app.patient_org_id(uuid),
  app.care_team_org_id(uuid), app.user_org_id(uuid), app.patient_account_org_id(uuid),
  app.consented_patient_ids(text), app.readable_patient_ids(text), app.consent_allows(text, uuid),
  app.enrolment_consent_open(uuid, uuid)
  TO serums_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.viewer_consent(uuid), app.staff_names(uuid[]), app.clinician_directory() TO serums_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.sign_in_lookup(text), app.own_mfa_secret(uuid), app.sign_in_throttle_state(text[]),
  app.record_sign_in_failure(uuid, text, text, timestamptz, integer[], integer), app.invitation_lookup(text),
  app.redeem_invitation(text, text, timestamptz), app.authenticate_device(text, timestamptz),
  app.is_admin_of_user(uuid), app.unlock_account(uuid), app.reset_account_mfa(uuid) TO serums_app;
--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- The owner of the SECURITY DEFINER helpers, serums_definer: what they read and write.
GRANT SELECT ON organisations, care_teams, staff_memberships, users, sessions, patients, consent_rules,
  emergency_accesses, device_tokens, invitations, recovery_codes TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (failed_sign_ins, locked_until, password_hash, mfa_secret_enc, mfa_enabled_at, mfa_last_step)
  ON users TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (revoked_at) ON sessions TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (last_used_at) ON device_tokens TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (used_at) ON invitations TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (used_at) ON recovery_codes TO serums_definer;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttles TO serums_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE ON app.audit_chain_head TO serums_definer;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON app.consent_access TO serums_definer;
--> statement-breakpoint
-- The two helpers it calls but does not own.
GRANT EXECUTE ON FUNCTION app.current_user_id(), app.audit_payload(audit_events) TO serums_definer;
--> statement-breakpoint

-- ===== db/sql/consent-rebuild.sql =====
-- Applied last, once every function and privilege above is in place: app.consent_access is
-- recomputed from the consent rule as consent.sql now declares it, so a change to the rule takes
-- effect for the rows already there. On an empty database it does nothing.
SELECT app.rebuild_consent_access();
