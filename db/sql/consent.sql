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
ALTER FUNCTION app.consent_rule_patient_organisation() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER consent_rules_patient_organisation BEFORE INSERT OR UPDATE OF patient_id ON consent_rules
  FOR EACH ROW EXECUTE FUNCTION app.consent_rule_patient_organisation();

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
ALTER FUNCTION app.consent_access_rows(uuid[], uuid[]) OWNER TO serums_definer;

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
ALTER FUNCTION app.lock_consent_access() OWNER TO serums_definer;

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
ALTER FUNCTION app.refresh_consent_access(uuid[], uuid[]) OWNER TO serums_definer;

-- Everything: whenever db/sql is applied (consent-rebuild.sql), and for a database
-- loaded with triggers off (npm run seed:scale).
CREATE OR REPLACE FUNCTION app.rebuild_consent_access() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.lock_consent_access();
  DELETE FROM app.consent_access;
  PERFORM app.refresh_consent_access(ARRAY(SELECT DISTINCT m.user_id FROM staff_memberships m), NULL);
END
$$;
ALTER FUNCTION app.rebuild_consent_access() OWNER TO serums_definer;

-- Before a statement on a table the rule reads.
CREATE OR REPLACE FUNCTION app.consent_access_lock_trigger() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.lock_consent_access();
  RETURN NULL;
END
$$;
ALTER FUNCTION app.consent_access_lock_trigger() OWNER TO serums_definer;

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
ALTER FUNCTION app.consent_access_patients_changed() OWNER TO serums_definer;

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
ALTER FUNCTION app.consent_access_users_changed() OWNER TO serums_definer;

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
ALTER FUNCTION app.consent_access_patient_moved() OWNER TO serums_definer;

-- On each table the rule reads: the lock before any statement, then the recomputation after it
-- (one trigger per event: a statement trigger with transition tables may have only one).
CREATE OR REPLACE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON consent_rules
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger();
CREATE OR REPLACE TRIGGER consent_access_insert AFTER INSERT ON consent_rules REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
CREATE OR REPLACE TRIGGER consent_access_update AFTER UPDATE ON consent_rules REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
CREATE OR REPLACE TRIGGER consent_access_delete AFTER DELETE ON consent_rules REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();

CREATE OR REPLACE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON emergency_accesses
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger();
CREATE OR REPLACE TRIGGER consent_access_insert AFTER INSERT ON emergency_accesses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
CREATE OR REPLACE TRIGGER consent_access_update AFTER UPDATE ON emergency_accesses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();
CREATE OR REPLACE TRIGGER consent_access_delete AFTER DELETE ON emergency_accesses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_patients_changed();

CREATE OR REPLACE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON staff_memberships
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger();
CREATE OR REPLACE TRIGGER consent_access_insert AFTER INSERT ON staff_memberships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_users_changed();
CREATE OR REPLACE TRIGGER consent_access_update AFTER UPDATE ON staff_memberships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_users_changed();
CREATE OR REPLACE TRIGGER consent_access_delete AFTER DELETE ON staff_memberships REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_users_changed();

-- A row trigger, so that the many other updates of patients never take the lock.
CREATE OR REPLACE TRIGGER consent_access_moved AFTER UPDATE OF organisation_id ON patients
  FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
  EXECUTE FUNCTION app.consent_access_patient_moved();

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
ALTER FUNCTION app.consent_access_ids(uuid, text) OWNER TO serums_definer;

-- The patients whose `category` the caller may read through consent or emergency access.
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN app.consent_access_ids(app.active_user_id(), category);
END
$$;
ALTER FUNCTION app.consented_patient_ids(text) OWNER TO serums_definer;

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
ALTER FUNCTION app.readable_patient_ids(text) OWNER TO serums_definer;

-- Whether the caller may read `category` of `patient` through consent or emergency access: one
-- probe of consent_access_by_user. The clinical policies' write checks call it for each row
-- (policies-records.sql), so what a row costs does not depend on how many patients the caller may
-- read; reads ask it once per statement, for the request's patient (app.patient_ids_at_hand). The
-- caller (an active account) comes from the row app.set_identity signed (context.sql), read into a
-- variable once per call.
CREATE OR REPLACE FUNCTION app.consent_allows(category text, patient uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  RETURN EXISTS (
    SELECT FROM app.consent_access a
    WHERE a.user_id = me
      AND a.category = consent_allows.category
      AND a.patient_id = patient
      AND a.valid_from <= pg_catalog.now()
      AND (a.valid_until IS NULL OR a.valid_until > pg_catalog.now())
  );
END
$$;
ALTER FUNCTION app.consent_allows(text, uuid) OWNER TO serums_definer;

-- The caller's own rows of app.consent_access that hold now, if their account is active: the
-- patients (and categories) they may read through consent or emergency access, as
-- app.consent_allows answers for one. The clinical SELECT policies (policies-records.sql) probe it
-- with EXISTS for each row the request's patient does not cover: one index probe of
-- consent_access_by_user, planned into the statement, with no function call per row (the caller is
-- asked once per statement, in the InitPlan of (SELECT app.active_user_id())) and no set of every
-- patient the caller may read, so what a row costs does not depend on how many patients that is.
-- It reads app.consent_access with its owner's rights (serums_definer), which the request role has
-- not (tests/consent-access.test.ts), so it is a security barrier: only leakproof conditions of a
-- statement reach inside it, and it shows the caller's rows and no one else's
-- (tests/readable-by-caller.test.ts).
CREATE OR REPLACE VIEW app.readable_by_caller WITH (security_barrier) AS
  SELECT a.patient_id, a.category
  FROM app.consent_access a
  WHERE a.user_id = (SELECT app.active_user_id())
    AND a.valid_from <= now() AND (a.valid_until IS NULL OR a.valid_until > now());
ALTER VIEW app.readable_by_caller OWNER TO serums_definer;

-- The patients whose `category` a clinical SELECT policy can answer for once per statement: the
-- caller's own record, and the patient the request is about (app.request_patient_id) if consent
-- allows it. The SELECT policies compare each row's patient with this short list before they probe
-- app.readable_by_caller for it, so the rows of one patient's record cost one consent probe a
-- statement rather than one a row. The request's patient is only a hint: a wrong or missing one
-- makes a statement slower, never more permissive, because what it adds is what consent_allows
-- allows. Not SECURITY DEFINER: it calls only functions the request role may call anyway.
--
-- A backend service (smart.sql) is nobody's account and holds no rows of app.consent_access: what
-- it may read is the patients of its granted care teams whose consent lets those teams read the
-- category (app.backend_patient_ids), which this list is for it.
CREATE OR REPLACE FUNCTION app.patient_ids_at_hand(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  patient uuid := app.request_patient_id();
BEGIN
  IF cardinality(app.backend_team_ids()) > 0 THEN
    RETURN app.backend_patient_ids(category);
  END IF;
  IF patient IS NOT NULL AND app.consent_allows(category, patient) THEN
    RETURN app.own_patient_ids() || patient;
  END IF;
  RETURN app.own_patient_ids();
END
$$;

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
ALTER FUNCTION app.enrolment_consent_open(uuid, uuid) OWNER TO serums_definer;
