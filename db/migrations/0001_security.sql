-- Roles, user context, consent evaluation and row-level security.
--
-- serums_web      the login role the web app connects as: owns nothing, holds no table privileges,
--                 and can only act by `SET LOCAL ROLE serums_app` inside a transaction (db/rls.ts).
-- serums_app      the role every request runs as; all table privileges are granted to it and every
--                 policy below applies to it. NOLOGIN.
-- serums_definer  owns the SECURITY DEFINER helpers that must look past RLS (consent evaluation,
--                 sign-in look-ups, the audit chain). NOLOGIN, BYPASSRLS, and only the privileges
--                 those helpers need.
-- The same rule the helpers express in SQL lives in TypeScript in lib/consent/evaluate.ts; a test
-- runs both over random cases and demands identical answers.
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
CREATE SCHEMA IF NOT EXISTS app;
--> statement-breakpoint
REVOKE ALL ON SCHEMA app FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app TO serums_app, serums_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO serums_app, serums_definer;
--> statement-breakpoint
GRANT CREATE ON SCHEMA app TO serums_definer;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- The user context. A missing, empty or malformed value is NULL, which matches no row: never an
-- error, never every row.
CREATE OR REPLACE FUNCTION app.current_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid
  END
  FROM (SELECT current_setting('app.user_id', true) AS s) AS context
$$;
--> statement-breakpoint
GRANT SELECT ON staff_memberships, patients, consent_rules, emergency_accesses, users, care_teams,
  sessions, device_tokens, invitations, recovery_codes TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (failed_sign_ins, locked_until, password_hash, mfa_secret_enc, mfa_enabled_at) ON users TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (last_used_at) ON device_tokens TO serums_definer;
--> statement-breakpoint
GRANT UPDATE (used_at) ON invitations TO serums_definer;
--> statement-breakpoint

-- Every SECURITY DEFINER function pins search_path to pg_catalog, public, pg_temp. pg_temp must be
-- listed, and last: when it is not listed PostgreSQL searches it FIRST for table and type names, so
-- the runtime role could `CREATE TEMP TABLE staff_memberships (...)` or `consent_rules (...)`, grant
-- it to serums_definer, and have these functions read its own forged rows in place of the real ones
-- (tests/bypass.test.ts tries exactly that).

-- The caller, if they are an active (not deactivated) user.
CREATE OR REPLACE FUNCTION app.active_user_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id FROM users u WHERE u.id = app.current_user_id() AND u.deactivated_at IS NULL
$$;
--> statement-breakpoint
ALTER FUNCTION app.active_user_id() OWNER TO serums_definer;
--> statement-breakpoint

-- Organisations where the caller holds a clinical role (oncologist or nurse).
CREATE OR REPLACE FUNCTION app.clinical_org_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}')
  FROM staff_memberships m
  WHERE m.user_id = app.active_user_id() AND m.role IN ('oncologist', 'nurse')
$$;
--> statement-breakpoint
ALTER FUNCTION app.clinical_org_ids() OWNER TO serums_definer;
--> statement-breakpoint

-- Organisations where the caller is an admin.
CREATE OR REPLACE FUNCTION app.admin_org_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}')
  FROM staff_memberships m
  WHERE m.user_id = app.active_user_id() AND m.role = 'admin'
$$;
--> statement-breakpoint
ALTER FUNCTION app.admin_org_ids() OWNER TO serums_definer;
--> statement-breakpoint

-- The organisation the caller belongs to (staff or patient).
CREATE OR REPLACE FUNCTION app.own_org_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT org), '{}') FROM (
    SELECT u.organisation_id AS org FROM users u WHERE u.id = app.active_user_id()
    UNION
    SELECT m.organisation_id FROM staff_memberships m WHERE m.user_id = app.active_user_id()
  ) AS orgs
$$;
--> statement-breakpoint
ALTER FUNCTION app.own_org_ids() OWNER TO serums_definer;
--> statement-breakpoint

-- The patient record(s) that belong to the caller's own account.
CREATE OR REPLACE FUNCTION app.own_patient_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(array_agg(p.id), '{}') FROM patients p WHERE p.user_id = app.active_user_id()
$$;
--> statement-breakpoint
ALTER FUNCTION app.own_patient_ids() OWNER TO serums_definer;
--> statement-breakpoint

-- The consent rule, for staff: the patients whose `category` the caller may read. A staff member
-- needs a clinical role in the patient's organisation AND (an active allow rule covering them,
-- directly or through a care team they hold a clinical role in, with no active deny rule covering
-- them: deny overrides allow) OR an unexpired emergency access. Rules are active from valid_from,
-- until valid_until (exclusive) unless revoked. Evaluated once per statement through (SELECT ...).
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH me AS (
    SELECT app.active_user_id() AS id
  ),
  clinical AS (
    SELECT m.organisation_id, m.care_team_id
    FROM staff_memberships m, me
    WHERE m.user_id = me.id AND m.role IN ('oncologist', 'nurse')
  ),
  covering AS (
    SELECT r.patient_id, r.effect
    FROM consent_rules r, me
    WHERE (r.grantee_user_id = me.id
           OR r.grantee_care_team_id IN (SELECT care_team_id FROM clinical WHERE care_team_id IS NOT NULL))
      AND category = ANY (r.categories)
      AND r.revoked_at IS NULL
      AND r.valid_from <= now()
      AND (r.valid_until IS NULL OR r.valid_until > now())
  ),
  consented AS (
    SELECT patient_id FROM covering
    GROUP BY patient_id
    HAVING bool_or(effect = 'allow') AND NOT bool_or(effect = 'deny')
  ),
  emergency AS (
    SELECT e.patient_id FROM emergency_accesses e, me
    WHERE e.user_id = me.id AND e.started_at <= now() AND e.expires_at > now()
  )
  SELECT coalesce(array_agg(DISTINCT p.id), '{}')
  FROM patients p
  WHERE p.organisation_id IN (SELECT organisation_id FROM clinical)
    AND (p.id IN (SELECT patient_id FROM consented) OR p.id IN (SELECT patient_id FROM emergency))
$$;
--> statement-breakpoint
ALTER FUNCTION app.consented_patient_ids(text) OWNER TO serums_definer;
--> statement-breakpoint

-- Everyone whose `category` the caller may read: their own record, and what consent allows.
CREATE OR REPLACE FUNCTION app.readable_patient_ids(category text) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT app.own_patient_ids() || app.consented_patient_ids(category)
$$;
--> statement-breakpoint

-- Used only by write checks, where the patient row may not be readable yet (enrolment). These
-- three answer only within the caller's own organisations (NULL otherwise), so they cannot be used
-- to probe whether a patient, team or account of another organisation exists; every policy that
-- uses them compares the answer with the caller's clinical or admin organisations anyway.
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

-- Care teams in which the caller holds a clinical role.
CREATE OR REPLACE FUNCTION app.clinical_team_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT m.care_team_id), '{}')
  FROM staff_memberships m
  WHERE m.user_id = app.active_user_id() AND m.role IN ('oncologist', 'nurse') AND m.care_team_id IS NOT NULL
$$;
--> statement-breakpoint
ALTER FUNCTION app.clinical_team_ids() OWNER TO serums_definer;
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

-- Sign-in happens before there is a user context, so credentials are read through this function
-- and nothing else. It returns one row for an existing account and none otherwise.
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

-- A device token names a patient; the API then acts as that patient's own account.
CREATE OR REPLACE FUNCTION app.device_token_owner(token_hash text)
RETURNS TABLE (token_id uuid, patient_id uuid, user_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT d.id, d.patient_id, p.user_id
  FROM device_tokens d JOIN patients p ON p.id = d.patient_id
  JOIN users u ON u.id = p.user_id
  WHERE d.token_hash = device_token_owner.token_hash AND d.revoked_at IS NULL AND u.deactivated_at IS NULL
$$;
--> statement-breakpoint
ALTER FUNCTION app.device_token_owner(text) OWNER TO serums_definer;
--> statement-breakpoint

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA app TO serums_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.current_user_id(), app.active_user_id() TO serums_definer;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- The audit chain. Each row's hash covers its own fields and the previous row's hash. The head of
-- the chain lives in a one-row table whose row lock orders concurrent inserts, so ids follow the
-- chain with no gaps; a rolled-back insert rolls the head back with it.
CREATE TABLE IF NOT EXISTS app.audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id bigint NOT NULL,
  last_hash text NOT NULL
);
--> statement-breakpoint
INSERT INTO app.audit_chain_head (last_id, last_hash) VALUES (0, repeat('0', 64)) ON CONFLICT DO NOTHING;
--> statement-breakpoint
GRANT SELECT, UPDATE ON app.audit_chain_head TO serums_definer;
--> statement-breakpoint

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
-- Created after the blanket REVOKE above, so PUBLIC would otherwise hold EXECUTE on these two.
-- Firing a trigger needs no EXECUTE privilege.
REVOKE ALL ON FUNCTION app.audit_payload(audit_events), app.chain_audit_event() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.audit_payload(audit_events) TO serums_definer;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION app.chain_audit_event();
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Privileges: the runtime role gets exactly what requests need. Columns that say whose a row is
-- (patient_id, organisation_id, care_team_id of an alert) are never updatable, so a row cannot be
-- moved to another patient or team; immutable records have no UPDATE or DELETE at all.
GRANT SELECT ON organisations, care_teams, staff_memberships, users, sessions, patients, consent_rules,
  emergency_accesses, device_tokens, symptom_reports, symptom_answers, symptom_grades, alerts, alert_events,
  treatment_plans, treatment_cycles, treatment_plan_versions, audit_events, invitations TO serums_app;
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
GRANT DELETE ON staff_memberships TO serums_app;
--> statement-breakpoint
GRANT UPDATE (display_name, deactivated_at, locked_until, failed_sign_ins, mfa_secret_enc, mfa_enabled_at, password_hash) ON users TO serums_app;
--> statement-breakpoint
GRANT UPDATE (last_seen_at, mfa_verified_at, revoked_at) ON sessions TO serums_app;
--> statement-breakpoint
GRANT UPDATE (hospital_number, given_name, family_name, date_of_birth, diagnosis, primary_care_team_id, user_id) ON patients TO serums_app;
--> statement-breakpoint
GRANT UPDATE (categories, valid_until, revoked_at) ON consent_rules TO serums_app;
--> statement-breakpoint
GRANT UPDATE (name, revoked_at, last_used_at) ON device_tokens TO serums_app;
--> statement-breakpoint
GRANT UPDATE (status, assigned_to, acknowledged_by, acknowledged_at, resolved_by, resolved_at, outcome_codes, version) ON alerts TO serums_app;
--> statement-breakpoint
GRANT UPDATE (regimen, drugs, intent, cycle_length_days, planned_cycles, start_date, stopped_at, version, updated_by, updated_at) ON treatment_plans TO serums_app;
--> statement-breakpoint
GRANT UPDATE (planned_date, given_date, dose_percent, status, reason) ON treatment_cycles TO serums_app;
--> statement-breakpoint
GRANT UPDATE (used_at) ON invitations TO serums_app;
--> statement-breakpoint
GRANT SELECT, UPDATE (used_at) ON recovery_codes TO serums_app;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Row-level security: enabled and forced on every table, with a policy for each command.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organisations', 'care_teams', 'staff_memberships', 'users', 'sessions',
    'invitations', 'recovery_codes', 'patients', 'consent_rules', 'emergency_accesses', 'device_tokens',
    'symptom_reports', 'symptom_answers', 'symptom_grades', 'alerts', 'alert_events', 'treatment_plans',
    'treatment_cycles', 'treatment_plan_versions', 'audit_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  END LOOP;
END
$$;
--> statement-breakpoint

-- Clinical tables share one shape: read what consent allows for the table's category, write only
-- where the caller could read, and delete nothing.
CREATE OR REPLACE FUNCTION app.create_clinical_policies(tbl text, category text, patient_may_insert boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($f$CREATE POLICY %1$s_select ON %1$I FOR SELECT TO serums_app
    USING (patient_id = ANY ((SELECT app.readable_patient_ids(%2$L))::uuid[]))$f$, tbl, category);
  IF patient_may_insert THEN
    EXECUTE format($f$CREATE POLICY %1$s_insert ON %1$I FOR INSERT TO serums_app
      WITH CHECK (patient_id = ANY ((SELECT app.readable_patient_ids(%2$L))::uuid[]))$f$, tbl, category);
  ELSE
    EXECUTE format($f$CREATE POLICY %1$s_insert ON %1$I FOR INSERT TO serums_app
      WITH CHECK (patient_id = ANY ((SELECT app.consented_patient_ids(%2$L))::uuid[]))$f$, tbl, category);
  END IF;
  EXECUTE format($f$CREATE POLICY %1$s_update ON %1$I FOR UPDATE TO serums_app
    USING (patient_id = ANY ((SELECT app.consented_patient_ids(%2$L))::uuid[]))
    WITH CHECK (patient_id = ANY ((SELECT app.consented_patient_ids(%2$L))::uuid[]))$f$, tbl, category);
  EXECUTE format($f$CREATE POLICY %1$s_delete ON %1$I FOR DELETE TO serums_app USING (false)$f$, tbl);
END
$$;
--> statement-breakpoint
-- Reports: a patient submits their own; a clinician may enter one taken by phone.
SELECT app.create_clinical_policies('symptom_reports', 'symptoms', true);
--> statement-breakpoint
SELECT app.create_clinical_policies('symptom_answers', 'symptoms', true);
--> statement-breakpoint
SELECT app.create_clinical_policies('symptom_grades', 'symptoms', true);
--> statement-breakpoint
-- Alerts are raised by the transaction that stores the report, whoever submitted it.
SELECT app.create_clinical_policies('alerts', 'alerts', true);
--> statement-breakpoint
SELECT app.create_clinical_policies('alert_events', 'alerts', false);
--> statement-breakpoint
SELECT app.create_clinical_policies('treatment_plans', 'treatment', false);
--> statement-breakpoint
SELECT app.create_clinical_policies('treatment_cycles', 'treatment', false);
--> statement-breakpoint
SELECT app.create_clinical_policies('treatment_plan_versions', 'treatment', false);
--> statement-breakpoint
DROP FUNCTION app.create_clinical_policies(text, text, boolean);
--> statement-breakpoint
-- Whoever writes an alert's history or a plan's version must be named as its author.
ALTER POLICY alert_events_insert ON alert_events
  WITH CHECK (patient_id = ANY ((SELECT app.consented_patient_ids('alerts'))::uuid[])
              AND user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
ALTER POLICY treatment_plan_versions_insert ON treatment_plan_versions
  WITH CHECK (patient_id = ANY ((SELECT app.consented_patient_ids('treatment'))::uuid[])
              AND changed_by = (SELECT app.active_user_id()));
--> statement-breakpoint

-- Patients: the row is the `demographics` category. Clinicians enrol patients into their own
-- organisation; a patient cannot change their own demographics here.
CREATE POLICY patients_select ON patients FOR SELECT TO serums_app
  USING (id = ANY ((SELECT app.readable_patient_ids('demographics'))::uuid[]));
--> statement-breakpoint
CREATE POLICY patients_insert ON patients FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
              AND app.care_team_org_id(primary_care_team_id) = organisation_id);
--> statement-breakpoint
CREATE POLICY patients_update ON patients FOR UPDATE TO serums_app
  USING (id = ANY ((SELECT app.consented_patient_ids('demographics'))::uuid[]))
  WITH CHECK (id = ANY ((SELECT app.consented_patient_ids('demographics'))::uuid[])
              AND app.care_team_org_id(primary_care_team_id) = organisation_id
              AND (user_id IS NULL OR app.patient_account_org_id(user_id) = organisation_id));
--> statement-breakpoint
CREATE POLICY patients_delete ON patients FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- Consent rules: the patient reads, grants, narrows and revokes their own. Staff see the rules of
-- patients whose record they may open, and may record only the allow rule that enrolment creates
-- for the patient's primary care team, before the patient has any rule (app.enrolment_consent_open).
CREATE POLICY consent_rules_select ON consent_rules FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.readable_patient_ids('demographics'))::uuid[]));
--> statement-breakpoint
CREATE POLICY consent_rules_insert ON consent_rules FOR INSERT TO serums_app
  WITH CHECK (
    patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
    OR (effect = 'allow'
        AND grantee_user_id IS NULL
        AND revoked_at IS NULL
        AND app.enrolment_consent_open(patient_id, grantee_care_team_id)));
--> statement-breakpoint
CREATE POLICY consent_rules_update ON consent_rules FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY consent_rules_delete ON consent_rules FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- Emergency access: a clinician of the patient's organisation opens it for themself; the patient
-- and the organisation's admins can see that it happened.
CREATE POLICY emergency_accesses_select ON emergency_accesses FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id())
         OR patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
         OR app.patient_org_id(patient_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY emergency_accesses_insert ON emergency_accesses FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id())
              AND app.patient_org_id(patient_id) = ANY ((SELECT app.clinical_org_ids())::uuid[])
              AND expires_at <= now() + interval '12 hours'
              AND char_length(reason) >= 10);
--> statement-breakpoint
CREATE POLICY emergency_accesses_update ON emergency_accesses FOR UPDATE TO serums_app USING (false);
--> statement-breakpoint
CREATE POLICY emergency_accesses_delete ON emergency_accesses FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- Device tokens belong to the patient alone.
CREATE POLICY device_tokens_select ON device_tokens FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY device_tokens_insert ON device_tokens FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY device_tokens_update ON device_tokens FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY device_tokens_delete ON device_tokens FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- Audit events: anyone may append an event about themself (an anonymous one names no patient);
-- a patient reads the events about their record; admins read their organisation's staff and
-- security events, which name no patient. Nobody updates or deletes (no privilege either).
CREATE POLICY audit_events_select ON audit_events FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
         OR (patient_id IS NULL AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
--> statement-breakpoint
CREATE POLICY audit_events_insert ON audit_events FOR INSERT TO serums_app
  WITH CHECK ((actor_user_id = (SELECT app.active_user_id()))
              OR (actor_user_id IS NULL AND patient_id IS NULL));
--> statement-breakpoint
CREATE POLICY audit_events_update ON audit_events FOR UPDATE TO serums_app USING (false);
--> statement-breakpoint
CREATE POLICY audit_events_delete ON audit_events FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- Organisations, care teams and memberships: visible to the organisation's own people; changed
-- by its admins. An admin cannot grant themself a clinical role.
CREATE POLICY organisations_select ON organisations FOR SELECT TO serums_app
  USING (id = ANY ((SELECT app.own_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY organisations_insert ON organisations FOR INSERT TO serums_app WITH CHECK (false);
--> statement-breakpoint
CREATE POLICY organisations_update ON organisations FOR UPDATE TO serums_app
  USING (id = ANY ((SELECT app.admin_org_ids())::uuid[])) WITH CHECK (id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY organisations_delete ON organisations FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
CREATE POLICY care_teams_select ON care_teams FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY care_teams_insert ON care_teams FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY care_teams_update ON care_teams FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY care_teams_delete ON care_teams FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
CREATE POLICY staff_memberships_select ON staff_memberships FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY staff_memberships_insert ON staff_memberships FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
              AND app.user_org_id(user_id) = organisation_id
              AND (care_team_id IS NULL OR app.care_team_org_id(care_team_id) = organisation_id)
              AND NOT (user_id = (SELECT app.active_user_id()) AND role <> 'admin'));
--> statement-breakpoint
CREATE POLICY staff_memberships_update ON staff_memberships FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
              AND (care_team_id IS NULL OR app.care_team_org_id(care_team_id) = organisation_id));
--> statement-breakpoint
CREATE POLICY staff_memberships_delete ON staff_memberships FOR DELETE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint

-- Users: everyone reads their own account; staff read their colleagues' (names for assignment);
-- admins create and change staff accounts in their organisation. Patients' accounts are private.
CREATE POLICY users_select ON users FOR SELECT TO serums_app
  USING (id = (SELECT app.active_user_id())
         OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.clinical_org_ids() || app.admin_org_ids())::uuid[])));
--> statement-breakpoint
CREATE POLICY users_insert ON users FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids() || app.clinical_org_ids())::uuid[])
              AND (kind = 'staff') = (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
--> statement-breakpoint
CREATE POLICY users_update ON users FOR UPDATE TO serums_app
  USING (id = (SELECT app.active_user_id())
         OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])))
  WITH CHECK (id = (SELECT app.active_user_id())
              OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
--> statement-breakpoint
CREATE POLICY users_delete ON users FOR DELETE TO serums_app USING (false);
--> statement-breakpoint

-- Sessions, invitations and recovery codes: one's own; admins may end a staff member's sessions
-- and issue their invitations.
CREATE POLICY sessions_select ON sessions FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY sessions_insert ON sessions FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
CREATE POLICY sessions_update ON sessions FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY sessions_delete ON sessions FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
CREATE POLICY invitations_select ON invitations FOR SELECT TO serums_app
  USING (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY invitations_insert ON invitations FOR INSERT TO serums_app
  WITH CHECK (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids() || app.clinical_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY invitations_update ON invitations FOR UPDATE TO serums_app
  USING (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY invitations_delete ON invitations FOR DELETE TO serums_app USING (false);
--> statement-breakpoint
CREATE POLICY recovery_codes_select ON recovery_codes FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
CREATE POLICY recovery_codes_insert ON recovery_codes FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
CREATE POLICY recovery_codes_update ON recovery_codes FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.active_user_id())) WITH CHECK (user_id = (SELECT app.active_user_id()));
--> statement-breakpoint
CREATE POLICY recovery_codes_delete ON recovery_codes FOR DELETE TO serums_app USING (false);
