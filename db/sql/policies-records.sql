-- Row-level security on the patient record: reports, alerts, treatment, the patient row itself,
-- consent rules, emergency accesses and device tokens. Every table here has row-level security
-- enabled AND forced (so the table's owner is held to it too) and a policy for each command, all
-- for the request role serums_app; a command with no policy would match no row, but each is
-- spelled out. The consent helpers the policies call are in consent.sql and context.sql; each that
-- takes no column is wrapped in (SELECT ...) so that it runs once per statement, not once per row.
-- Nothing is ever deleted, and the privileges (grants.sql) say which columns may change at all.
--
-- A SELECT policy asks in two steps. First the row's patient against
-- app.patient_ids_at_hand(category), worked out once per statement: the caller's own record and
-- the patient the request is about, so the rows of one patient's record need nothing more. Then,
-- for a row that gets that far (a list across patients, such as the triage queue), an EXISTS probe
-- of app.readable_by_caller (consent.sql) for the row's patient: one index probe of the caller's
-- own rows of app.consent_access, with no function call. Its OFFSET 0 keeps the probe per row: without
-- it the planner may instead hash every patient the caller may read, once per statement, which
-- costs more the more patients that is (docs/benchmarks.md, seventh and eighth rounds). Neither
-- step can become an index condition. A policy written as `patient_id = ANY (<every patient the
-- caller may read>)` could: the planner used the array as one on patient_id, so a nurse of a large
-- team fetched every answer of the team to show one patient's, and otherwise searched the whole
-- array for each row (tests/rls-plan.test.ts). Writes, a few rows each, ask
-- app.consent_allows(category, patient_id) per row: one index probe of app.consent_access.
--
-- Each policy is dropped and created again, so this file can be applied to any database as it
-- stands. A policy removed from this file is dropped from the database when the files are next
-- applied (db/migrate.ts, applySecurityModel).

-- Clinical tables share one shape: read what consent allows for the table's category (and one's
-- own record), write only where consent allows, delete nothing. Reports: a patient submits their
-- own, and a clinician may enter one taken by phone, each in their own name (submitted_by; see
-- attribution.sql for the columns that say who did something). Alerts are raised by the
-- transaction that stores the report, whoever submitted it, for the patient's primary care team.
--
-- A row that belongs to a report, an alert or a plan (answers, grades, an alert, its events, a
-- plan's cycles and versions) names its parent together with the patient, and a composite foreign
-- key (db/schema/columns.ts, ofParentPatient) holds it to the parent's own patient: consent for
-- one patient cannot be used to attach rows to another patient's report, alert or plan.

ALTER TABLE symptom_reports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS symptom_reports_select ON symptom_reports;
CREATE POLICY symptom_reports_select ON symptom_reports FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('symptoms'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = symptom_reports.patient_id AND r.category = 'symptoms' OFFSET 0));
DROP POLICY IF EXISTS symptom_reports_insert ON symptom_reports;
CREATE POLICY symptom_reports_insert ON symptom_reports FOR INSERT TO serums_app
  WITH CHECK ((patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id))
              AND submitted_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS symptom_reports_update ON symptom_reports;
CREATE POLICY symptom_reports_update ON symptom_reports FOR UPDATE TO serums_app
  USING (app.consent_allows('symptoms', patient_id))
  WITH CHECK (app.consent_allows('symptoms', patient_id));
DROP POLICY IF EXISTS symptom_reports_delete ON symptom_reports;
CREATE POLICY symptom_reports_delete ON symptom_reports FOR DELETE TO serums_app USING (false);

ALTER TABLE symptom_answers ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS symptom_answers_select ON symptom_answers;
CREATE POLICY symptom_answers_select ON symptom_answers FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('symptoms'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = symptom_answers.patient_id AND r.category = 'symptoms' OFFSET 0));
DROP POLICY IF EXISTS symptom_answers_insert ON symptom_answers;
CREATE POLICY symptom_answers_insert ON symptom_answers FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
DROP POLICY IF EXISTS symptom_answers_update ON symptom_answers;
CREATE POLICY symptom_answers_update ON symptom_answers FOR UPDATE TO serums_app
  USING (app.consent_allows('symptoms', patient_id))
  WITH CHECK (app.consent_allows('symptoms', patient_id));
DROP POLICY IF EXISTS symptom_answers_delete ON symptom_answers;
CREATE POLICY symptom_answers_delete ON symptom_answers FOR DELETE TO serums_app USING (false);

ALTER TABLE symptom_grades ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS symptom_grades_select ON symptom_grades;
CREATE POLICY symptom_grades_select ON symptom_grades FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('symptoms'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = symptom_grades.patient_id AND r.category = 'symptoms' OFFSET 0));
DROP POLICY IF EXISTS symptom_grades_insert ON symptom_grades;
CREATE POLICY symptom_grades_insert ON symptom_grades FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('symptoms', patient_id));
DROP POLICY IF EXISTS symptom_grades_update ON symptom_grades;
CREATE POLICY symptom_grades_update ON symptom_grades FOR UPDATE TO serums_app
  USING (app.consent_allows('symptoms', patient_id))
  WITH CHECK (app.consent_allows('symptoms', patient_id));
DROP POLICY IF EXISTS symptom_grades_delete ON symptom_grades;
CREATE POLICY symptom_grades_delete ON symptom_grades FOR DELETE TO serums_app USING (false);

ALTER TABLE alerts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS alerts_select ON alerts;
CREATE POLICY alerts_select ON alerts FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('alerts'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = alerts.patient_id AND r.category = 'alerts' OFFSET 0));
DROP POLICY IF EXISTS alerts_insert ON alerts;
-- A new alert goes to the patient's primary care team: a team that cannot see the patient would
-- never answer it. Nobody has acknowledged, resolved or taken it yet; who does is recorded as
-- they act (attribution.sql).
CREATE POLICY alerts_insert ON alerts FOR INSERT TO serums_app
  WITH CHECK ((patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', patient_id))
              AND care_team_id = app.patient_care_team_id(patient_id)
              AND acknowledged_by IS NULL AND resolved_by IS NULL AND assigned_to IS NULL);
DROP POLICY IF EXISTS alerts_update ON alerts;
CREATE POLICY alerts_update ON alerts FOR UPDATE TO serums_app
  USING (app.consent_allows('alerts', patient_id))
  WITH CHECK (app.consent_allows('alerts', patient_id));
DROP POLICY IF EXISTS alerts_delete ON alerts;
CREATE POLICY alerts_delete ON alerts FOR DELETE TO serums_app USING (false);

-- Whoever writes an alert's history or a plan's version must be named as its author.
ALTER TABLE alert_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS alert_events_select ON alert_events;
CREATE POLICY alert_events_select ON alert_events FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('alerts'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = alert_events.patient_id AND r.category = 'alerts' OFFSET 0));
DROP POLICY IF EXISTS alert_events_insert ON alert_events;
-- The request role records only what a clinician does to an alert, in their own name; the
-- notification worker records who was told (app.settle_notification) and the report's transaction
-- the reports an episode gathers (app.add_report_to_alert), each as its definer.
CREATE POLICY alert_events_insert ON alert_events FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('alerts', patient_id)
              AND user_id = (SELECT app.active_user_id())
              AND kind IN ('acknowledged', 'assigned', 'note', 'resolved', 'reopened')
              AND channels IS NULL);
DROP POLICY IF EXISTS alert_events_update ON alert_events;
CREATE POLICY alert_events_update ON alert_events FOR UPDATE TO serums_app
  USING (app.consent_allows('alerts', patient_id))
  WITH CHECK (app.consent_allows('alerts', patient_id));
DROP POLICY IF EXISTS alert_events_delete ON alert_events;
CREATE POLICY alert_events_delete ON alert_events FOR DELETE TO serums_app USING (false);

ALTER TABLE treatment_plans ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS treatment_plans_select ON treatment_plans;
CREATE POLICY treatment_plans_select ON treatment_plans FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('treatment'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = treatment_plans.patient_id AND r.category = 'treatment' OFFSET 0));
DROP POLICY IF EXISTS treatment_plans_insert ON treatment_plans;
CREATE POLICY treatment_plans_insert ON treatment_plans FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id)
              AND updated_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS treatment_plans_update ON treatment_plans;
CREATE POLICY treatment_plans_update ON treatment_plans FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
DROP POLICY IF EXISTS treatment_plans_delete ON treatment_plans;
CREATE POLICY treatment_plans_delete ON treatment_plans FOR DELETE TO serums_app USING (false);

ALTER TABLE treatment_cycles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS treatment_cycles_select ON treatment_cycles;
CREATE POLICY treatment_cycles_select ON treatment_cycles FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('treatment'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = treatment_cycles.patient_id AND r.category = 'treatment' OFFSET 0));
DROP POLICY IF EXISTS treatment_cycles_insert ON treatment_cycles;
CREATE POLICY treatment_cycles_insert ON treatment_cycles FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id));
DROP POLICY IF EXISTS treatment_cycles_update ON treatment_cycles;
CREATE POLICY treatment_cycles_update ON treatment_cycles FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
DROP POLICY IF EXISTS treatment_cycles_delete ON treatment_cycles;
CREATE POLICY treatment_cycles_delete ON treatment_cycles FOR DELETE TO serums_app USING (false);

-- An agent's dose in a cycle: as its cycle. The composite key (cycle_id, patient_id) holds it to
-- its cycle's own patient, and neither column is updatable (grants.sql).
ALTER TABLE treatment_cycle_doses ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS treatment_cycle_doses_select ON treatment_cycle_doses;
CREATE POLICY treatment_cycle_doses_select ON treatment_cycle_doses FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('treatment'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = treatment_cycle_doses.patient_id AND r.category = 'treatment' OFFSET 0));
DROP POLICY IF EXISTS treatment_cycle_doses_insert ON treatment_cycle_doses;
CREATE POLICY treatment_cycle_doses_insert ON treatment_cycle_doses FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id));
DROP POLICY IF EXISTS treatment_cycle_doses_update ON treatment_cycle_doses;
CREATE POLICY treatment_cycle_doses_update ON treatment_cycle_doses FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
DROP POLICY IF EXISTS treatment_cycle_doses_delete ON treatment_cycle_doses;
CREATE POLICY treatment_cycle_doses_delete ON treatment_cycle_doses FOR DELETE TO serums_app USING (false);

ALTER TABLE treatment_plan_versions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS treatment_plan_versions_select ON treatment_plan_versions;
CREATE POLICY treatment_plan_versions_select ON treatment_plan_versions FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('treatment'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = treatment_plan_versions.patient_id AND r.category = 'treatment' OFFSET 0));
DROP POLICY IF EXISTS treatment_plan_versions_insert ON treatment_plan_versions;
CREATE POLICY treatment_plan_versions_insert ON treatment_plan_versions FOR INSERT TO serums_app
  WITH CHECK (app.consent_allows('treatment', patient_id)
              AND changed_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS treatment_plan_versions_update ON treatment_plan_versions;
CREATE POLICY treatment_plan_versions_update ON treatment_plan_versions FOR UPDATE TO serums_app
  USING (app.consent_allows('treatment', patient_id))
  WITH CHECK (app.consent_allows('treatment', patient_id));
DROP POLICY IF EXISTS treatment_plan_versions_delete ON treatment_plan_versions;
CREATE POLICY treatment_plan_versions_delete ON treatment_plan_versions FOR DELETE TO serums_app USING (false);

-- Patients: the row is the `demographics` category. Clinicians enrol patients into their own
-- organisation and primary care team of it; a patient cannot change their own demographics here.
-- The record's account (user_id) is set at enrolment, to the patient account enrolment creates
-- (app.patient_account_org_id: a patient account of the organisation, never a staff one), and is
-- never changed by a request (no UPDATE privilege on it, grants.sql): whoever held the account a
-- record was later moved to would read the whole record as its patient. Nor is its primary care
-- team, where its alerts go (grants.sql).
ALTER TABLE patients ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS patients_select ON patients;
CREATE POLICY patients_select ON patients FOR SELECT TO serums_app
  USING (id = ANY ((SELECT app.patient_ids_at_hand('demographics'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = patients.id AND r.category = 'demographics' OFFSET 0));
DROP POLICY IF EXISTS patients_insert ON patients;
CREATE POLICY patients_insert ON patients FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
              AND app.care_team_org_id(primary_care_team_id) = organisation_id
              AND (user_id IS NULL OR app.patient_account_org_id(user_id) = organisation_id)
              AND created_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS patients_update ON patients;
CREATE POLICY patients_update ON patients FOR UPDATE TO serums_app
  USING (app.consent_allows('demographics', id))
  WITH CHECK (app.consent_allows('demographics', id));
DROP POLICY IF EXISTS patients_delete ON patients;
CREATE POLICY patients_delete ON patients FOR DELETE TO serums_app USING (false);

-- Consent rules: the patient reads, grants, narrows and revokes their own. Staff see the rules of
-- patients whose record they may open, and may record only the allow rule that enrolment creates
-- for the patient's primary care team, before the patient has any rule (app.enrolment_consent_open).
ALTER TABLE consent_rules ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS consent_rules_select ON consent_rules;
CREATE POLICY consent_rules_select ON consent_rules FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('demographics'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = consent_rules.patient_id AND r.category = 'demographics' OFFSET 0));
DROP POLICY IF EXISTS consent_rules_insert ON consent_rules;
CREATE POLICY consent_rules_insert ON consent_rules FOR INSERT TO serums_app
  WITH CHECK (
    (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
     OR (effect = 'allow'
         AND grantee_user_id IS NULL
         AND revoked_at IS NULL
         AND app.enrolment_consent_open(patient_id, grantee_care_team_id)))
    AND created_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS consent_rules_update ON consent_rules;
CREATE POLICY consent_rules_update ON consent_rules FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
DROP POLICY IF EXISTS consent_rules_delete ON consent_rules;
CREATE POLICY consent_rules_delete ON consent_rules FOR DELETE TO serums_app USING (false);

-- Emergency access ("break the glass"): a clinician of the patient's organisation opens it for
-- themself, with a reason, from the database's now() for at most four hours (or the organisation's
-- lower limit), and a renewal with a reason of its own (emergency.sql). The clinician and the
-- patient read it; admins see it without the reason through app.organisation_emergency_accesses.
-- It is never changed or removed.
ALTER TABLE emergency_accesses ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS emergency_accesses_select ON emergency_accesses;
CREATE POLICY emergency_accesses_select ON emergency_accesses FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id())
         OR patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
DROP POLICY IF EXISTS emergency_accesses_insert ON emergency_accesses;
CREATE POLICY emergency_accesses_insert ON emergency_accesses FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id())
              AND app.patient_org_id(patient_id) = ANY ((SELECT app.clinical_org_ids())::uuid[])
              AND started_at = now()
              AND expires_at > started_at
              AND expires_at <= started_at + make_interval(hours => app.emergency_access_max_hours(patient_id))
              AND char_length(reason) >= 10
              AND NOT (renewal AND app.emergency_reason_repeated(patient_id, reason)));
DROP POLICY IF EXISTS emergency_accesses_update ON emergency_accesses;
CREATE POLICY emergency_accesses_update ON emergency_accesses FOR UPDATE TO serums_app USING (false);
DROP POLICY IF EXISTS emergency_accesses_delete ON emergency_accesses;
CREATE POLICY emergency_accesses_delete ON emergency_accesses FOR DELETE TO serums_app USING (false);

-- Device tokens belong to the patient alone (a device then authenticates through
-- app.authenticate_device, auth.sql).
ALTER TABLE device_tokens ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS device_tokens_select ON device_tokens;
CREATE POLICY device_tokens_select ON device_tokens FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
DROP POLICY IF EXISTS device_tokens_insert ON device_tokens;
CREATE POLICY device_tokens_insert ON device_tokens FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
DROP POLICY IF EXISTS device_tokens_update ON device_tokens;
CREATE POLICY device_tokens_update ON device_tokens FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
DROP POLICY IF EXISTS device_tokens_delete ON device_tokens;
CREATE POLICY device_tokens_delete ON device_tokens FOR DELETE TO serums_app USING (false);

-- ---------------------------------------------------------------------------------------------
-- Alert episodes (alert-episodes.sql): each report of an episode with what triage said about it.
-- Read like the alerts themselves. The report that raises an episode is linked by the transaction
-- that stores it, under the same rule as the alert's insert, and only to an alert and a report of
-- the same patient; later reports are linked by app.add_report_to_alert. Never changed or removed.
ALTER TABLE alert_reports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS alert_reports_select ON alert_reports;
CREATE POLICY alert_reports_select ON alert_reports FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.patient_ids_at_hand('alerts'))::uuid[])
         OR EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = alert_reports.patient_id AND r.category = 'alerts' OFFSET 0));
DROP POLICY IF EXISTS alert_reports_insert ON alert_reports;
CREATE POLICY alert_reports_insert ON alert_reports FOR INSERT TO serums_app
  WITH CHECK ((patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', patient_id))
              AND EXISTS (SELECT FROM alerts a WHERE a.id = alert_id AND a.patient_id = alert_reports.patient_id)
              AND EXISTS (SELECT FROM symptom_reports r WHERE r.id = report_id AND r.patient_id = alert_reports.patient_id));
DROP POLICY IF EXISTS alert_reports_update ON alert_reports;
CREATE POLICY alert_reports_update ON alert_reports FOR UPDATE TO serums_app USING (false);
DROP POLICY IF EXISTS alert_reports_delete ON alert_reports;
CREATE POLICY alert_reports_delete ON alert_reports FOR DELETE TO serums_app USING (false);
