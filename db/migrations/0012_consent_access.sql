-- Consent decided ahead of time. app.consented_patient_ids evaluated the rule from the consent
-- rules on every call: for a nurse of a team of the scale seed, about 300 rules grouped into 280
-- patients, twice in a triage queue statement (alerts and demographics), about 0.4 ms each. The
-- rule now lives in one place, app.consent_access_rows, which writes out who may read which
-- patient's category over which window of time; triggers on everything the rule reads keep that
-- table up to date in the same transaction as the change, and the policies read it. Time still
-- decides at read time: each row holds a window, and the reader's now() must fall inside it, so a
-- rule or emergency access that starts or ends later needs no change to take effect.
--
-- The rule is unchanged: tests/consent-equivalence.test.ts compares it with lib/consent/evaluate.ts
-- over a random world with windows around now, and tests/consent-access.test.ts checks that every
-- kind of change keeps the table equal to a full recomputation. Measured in docs/benchmarks.md.
CREATE TABLE app.consent_access (
  user_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  category text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz
);
--> statement-breakpoint
CREATE INDEX consent_access_by_user ON app.consent_access (user_id, category, patient_id) INCLUDE (valid_from, valid_until);
--> statement-breakpoint
CREATE INDEX consent_access_by_patient ON app.consent_access (patient_id);
--> statement-breakpoint
-- Only the SECURITY DEFINER functions below (serums_definer, BYPASSRLS) read or write it; no
-- policy, so any other role that were ever granted the table would see no row.
ALTER TABLE app.consent_access ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE app.consent_access FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON app.consent_access TO serums_definer;
--> statement-breakpoint
-- The consent rule (0001, 0011), as rows: for every staff member and patient where the member is
-- in `only_users` or the patient in `only_patients`, the windows in which the member may read each
-- category. A member needs a clinical role in the patient's organisation, and then either an
-- unexpired emergency access (every category) or a time with at least one unrevoked allow rule
-- covering them (directly or through a care team they hold a clinical role in) and no unrevoked
-- deny rule. The rules of one (member, patient, category) cut time at every rule's start and end;
-- each piece is allowed or not as a whole. Windows already over are left out.
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
REVOKE EXECUTE ON FUNCTION app.consent_access_rows(uuid[], uuid[]) FROM PUBLIC;
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
REVOKE EXECUTE ON FUNCTION app.lock_consent_access() FROM PUBLIC;
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
REVOKE EXECUTE ON FUNCTION app.refresh_consent_access(uuid[], uuid[]) FROM PUBLIC;
--> statement-breakpoint
-- Everything, for a database loaded with triggers off (npm run seed:scale) and for this migration.
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
REVOKE EXECUTE ON FUNCTION app.rebuild_consent_access() FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.consent_access_lock_trigger() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.lock_consent_access();
  RETURN NULL;
END
$$;
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
-- A patient who moves organisation: their emergency accesses follow (their rules follow through the
-- cascading foreign key of 0011, which fires the consent_rules triggers).
CREATE OR REPLACE FUNCTION app.consent_access_patient_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM app.refresh_consent_access(NULL, ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_lock_trigger() OWNER TO serums_definer;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_patients_changed() OWNER TO serums_definer;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_users_changed() OWNER TO serums_definer;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_patient_moved() OWNER TO serums_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app.consent_access_lock_trigger(), app.consent_access_patients_changed(),
  app.consent_access_users_changed(), app.consent_access_patient_moved() FROM PUBLIC;
--> statement-breakpoint
-- On each table the rule reads: the lock before any statement, then the recomputation after it
-- (one trigger per event: a statement trigger with transition tables may have only one).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('consent_rules', 'app.consent_access_patients_changed'),
    ('emergency_accesses', 'app.consent_access_patients_changed'),
    ('staff_memberships', 'app.consent_access_users_changed')) AS v(tbl, fn)
  LOOP
    EXECUTE format('CREATE TRIGGER consent_access_lock BEFORE INSERT OR UPDATE OR DELETE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION app.consent_access_lock_trigger()', t.tbl);
    EXECUTE format('CREATE TRIGGER consent_access_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %s()', t.tbl, t.fn);
    EXECUTE format('CREATE TRIGGER consent_access_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %s()', t.tbl, t.fn);
    EXECUTE format('CREATE TRIGGER consent_access_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %s()', t.tbl, t.fn);
  END LOOP;
END
$$;
--> statement-breakpoint
-- A row trigger, so that the many other updates of patients never take the lock.
CREATE TRIGGER consent_access_moved AFTER UPDATE OF organisation_id ON patients
  FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
  EXECUTE FUNCTION app.consent_access_patient_moved();
--> statement-breakpoint
SELECT app.rebuild_consent_access();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT a.patient_id), '{}')
    FROM app.consent_access a
    WHERE a.user_id = app.active_user_id()
      AND a.category = consented_patient_ids.category
      AND a.valid_from <= now()
      AND (a.valid_until IS NULL OR a.valid_until > now())
  );
END
$$;
