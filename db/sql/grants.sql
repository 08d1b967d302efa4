-- Privileges: every privilege serums_app, serums_definer, serums_web and serums_signin hold, and
-- nothing else.
-- Each run starts from none (the REVOKEs below, in the same transaction as the GRANTs), so a
-- privilege removed from this file is removed from the database. Row-level security then narrows
-- what the privileges allow to the rows the policies admit.
--
-- The request role serums_app gets exactly what requests need. Columns that say whose a row is
-- (patient_id, organisation_id, care_team_id of an alert, the account of a patient record) are
-- never updatable, so a row cannot be moved to another patient or team and a record cannot be
-- given to another account; immutable records have no UPDATE or DELETE at all.
-- serums_definer gets only what the SECURITY DEFINER helpers it owns read and write. The login
-- roles hold only the functions that establish who is asking (auth.sql): serums_web a session's
-- or a device's token, serums_signin also the sign-in steps. Then both act as serums_app.
REVOKE ALL ON ALL TABLES IN SCHEMA public, app FROM PUBLIC, serums_app, serums_definer, serums_web, serums_signin;
-- Not from serums_definer: it owns most of these functions, and an owner's own EXECUTE would go too.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC, serums_app, serums_web, serums_signin;
REVOKE ALL ON SCHEMA app FROM PUBLIC, serums_app, serums_definer, serums_web, serums_signin;
REVOKE ALL ON SCHEMA public FROM serums_app, serums_definer, serums_web, serums_signin;

-- ---------------------------------------------------------------------------------------------
-- Schemas.
GRANT USAGE ON SCHEMA public TO serums_app, serums_definer;
GRANT USAGE ON SCHEMA app TO serums_app, serums_definer, serums_web, serums_signin;
GRANT CREATE ON SCHEMA app TO serums_definer;

-- ---------------------------------------------------------------------------------------------
-- Who is asking (auth.sql). The login roles call these before the transaction becomes
-- serums_app, which cannot change who it is.
GRANT EXECUTE ON FUNCTION app.begin_session(text), app.begin_device(text), app.begin_smart(text)
  TO serums_web, serums_signin;
GRANT EXECUTE ON FUNCTION app.open_session(uuid, text, text, timestamptz), app.assume_identity(text),
  app.sign_in_lookup(text), app.sign_in_throttle_state(text[]),
  app.record_sign_in_failure(uuid, text, text, timestamptz), app.append_sign_in_event(text, uuid, text),
  app.sign_in_throttle_policy() TO serums_signin;
-- The key that signs the identity, for the functions that sign and check it.
GRANT SELECT ON app.identity_key TO serums_definer;

-- ---------------------------------------------------------------------------------------------
-- The request role, serums_app.
GRANT SELECT ON organisations, care_teams, staff_memberships, patients, consent_rules,
  emergency_accesses, device_tokens, symptom_reports, symptom_answers, symptom_grades, alert_events,
  treatment_plans, treatment_cycles, treatment_cycle_doses, treatment_plan_versions, audit_events, recovery_codes
  TO serums_app;
-- Not an alert's reasons: they quote symptoms, and are read only through app.readable_alert_reasons
-- and app.readable_report_reasons, which hold them to the symptoms category too (alert-reasons.sql).
GRANT SELECT (id, patient_id, care_team_id, report_id, severity, status, raised_at, due_at, assigned_to, acknowledged_by,
  acknowledged_at, resolved_by, resolved_at, outcome_codes, version, report_count, last_reported_at) ON alerts TO serums_app;
-- Nor is a session's: only the token the browser holds names it.
GRANT SELECT (id, user_id, created_at, last_seen_at, mfa_verified_at, revoked_at, user_agent) ON sessions TO serums_app;
-- The caller's own rows of app.consent_access, which the clinical SELECT policies probe (consent.sql).
GRANT SELECT ON app.readable_by_caller TO serums_app;
-- Alerts' and reports' reasons, where the caller may read the patient's symptoms (alert-reasons.sql).
GRANT SELECT ON app.readable_alert_reasons, app.readable_report_reasons TO serums_app;
-- A one-time link's token hash is not readable, so only the raw token that was handed out redeems it.
GRANT SELECT (id, user_id, purpose, expires_at, used_at, created_by, created_at) ON invitations TO serums_app;
-- Credentials are never readable by the request role, not even one's own: a password hash is read
-- only by app.sign_in_lookup, and a TOTP secret only by its owner through app.own_mfa_secret.
GRANT SELECT (id, organisation_id, kind, email, display_name, has_password, mfa_enabled_at, mfa_last_step,
  failed_sign_ins, locked_until, deactivated_at, created_at, created_by, locale) ON users TO serums_app;
-- Not sessions: only app.open_session opens one, for the sign-in role.
-- Not staff_memberships: every role is given through app.decide_staff_change (admin.sql).
GRANT INSERT ON care_teams, users, patients, consent_rules, emergency_accesses,
  device_tokens, symptom_reports, symptom_answers, symptom_grades, alerts, alert_events, treatment_plans,
  treatment_cycles, treatment_cycle_doses, treatment_plan_versions, audit_events, invitations, recovery_codes
  TO serums_app;
GRANT UPDATE (settings, name, default_locale) ON organisations TO serums_app;
GRANT UPDATE (name, archived_at) ON care_teams TO serums_app;
-- Not care_team_id: a clinical role moves to another team only through app.decide_staff_change.
GRANT UPDATE (is_team_lead) ON staff_memberships TO serums_app;
-- Not password_hash: only app.redeem_invitation sets a password. The second factor and the
-- failure count are changed by the request role only on the caller's own account
-- (app.own_credentials_only, auth.sql); admins use app.unlock_account and app.reset_account_mfa.
-- The language is the account owner's own choice (app.own_locale_only, auth.sql).
GRANT UPDATE (display_name, deactivated_at, locked_until, failed_sign_ins, mfa_secret_enc, mfa_enabled_at,
  mfa_last_step, locale) ON users TO serums_app;
GRANT UPDATE (last_seen_at, mfa_verified_at, revoked_at) ON sessions TO serums_app;
-- Not user_id: a record gets its patient's account when it is enrolled (policies-records.sql) and
-- keeps it. A clinician who could link a record to an account of her making would read it as
-- the patient, whatever the patient withholds from her, and could revoke the patient's rules.
-- Not primary_care_team_id either: the patient's alerts go to that team, and moving them to a team
-- the patient's consent does not cover would send them to nobody who may read them.
GRANT UPDATE (hospital_number, given_name, family_name, date_of_birth, diagnosis) ON patients TO serums_app;
GRANT UPDATE (categories, valid_until, revoked_at) ON consent_rules TO serums_app;
GRANT UPDATE (name, revoked_at, last_used_at) ON device_tokens TO serums_app;
-- SMART apps: admins register and revoke them (smart.sql); nothing the OAuth server keeps, which
-- only the functions of smart.sql reach.
GRANT SELECT, INSERT ON smart_clients TO serums_app;
GRANT UPDATE (revoked_at) ON smart_clients TO serums_app;
-- Columns that say who did something are not updatable either: the database records the caller in
-- them (attribution.sql). An alert's acknowledged_by, resolved_by and assigned_to follow from its
-- change of status, or app.assign_alert hands it to a colleague; a plan's updated_by is whoever
-- changed it.
GRANT UPDATE (status, acknowledged_at, resolved_at, outcome_codes, version) ON alerts TO serums_app;
GRANT UPDATE (regimen, drugs, intent, cycle_length_days, planned_cycles, start_date, stopped_at, version, updated_at)
  ON treatment_plans TO serums_app;
GRANT UPDATE (planned_date, given_date, dose_percent, status, reason) ON treatment_cycles TO serums_app;
-- Not cycle_id, patient_id or agent: a dose stays the dose of one agent in one cycle of one patient.
GRANT UPDATE (dose_percent, reason) ON treatment_cycle_doses TO serums_app;
GRANT UPDATE (used_at) ON invitations TO serums_app;
GRANT UPDATE (used_at) ON recovery_codes TO serums_app;
-- The one DELETE: an admin removes a staff member's role.
GRANT DELETE ON staff_memberships TO serums_app;

-- The functions a request may call: the helpers the policies call, and the SECURITY DEFINER entry
-- points of consent-lookups.sql and auth.sql. Trigger functions and the consent_access machinery
-- are called by nobody directly (firing a trigger needs no EXECUTE privilege).
GRANT EXECUTE ON FUNCTION app.to_uuid(text), app.uuid_setting(text), app.caller(), app.current_user_id(), app.active_user_id(), app.clinical_org_ids(),
  app.admin_org_ids(),
  app.own_org_ids(), app.own_patient_ids(), app.clinical_team_ids(), app.backend_team_ids(),
  app.backend_patient_ids(text), app.patient_org_id(uuid),
  app.care_team_org_id(uuid), app.user_org_id(uuid), app.patient_account_org_id(uuid), app.patient_care_team_id(uuid),
  app.consented_patient_ids(text), app.readable_patient_ids(text), app.consent_allows(text, uuid),
  app.request_patient_id(), app.patient_ids_at_hand(text), app.enrolment_consent_open(uuid, uuid)
  TO serums_app;
GRANT EXECUTE ON FUNCTION app.viewer_consent(uuid), app.staff_names(uuid[]), app.clinician_directory(),
  app.prescribers_for(uuid),
  app.audit_chain_position() TO serums_app;
GRANT EXECUTE ON FUNCTION app.assign_alert(uuid, uuid, integer, uuid) TO serums_app;
GRANT EXECUTE ON FUNCTION app.emergency_access_max_hours(uuid), app.emergency_reason_repeated(uuid, text),
  app.organisation_emergency_accesses(timestamptz, integer) TO serums_app;
GRANT EXECUTE ON FUNCTION app.own_mfa_secret(uuid), app.record_second_factor_failure(text, timestamptz),
  app.invitation_lookup(text), app.redeem_invitation(text, text), app.authenticate_device(text, timestamptz),
  app.is_admin_of_user(uuid), app.unlock_account(uuid), app.reset_account_mfa(uuid), app.may_issue_link(uuid, text),
  app.queue_link_email(text)
  TO serums_app;
GRANT EXECUTE ON FUNCTION app.oauth_save(text, text, jsonb, text, text, timestamptz), app.oauth_find(text, text),
  app.oauth_find_by_uid(text, text), app.oauth_consume(text, text), app.oauth_destroy(text, text),
  app.oauth_revoke_grant(text), app.smart_client(text), app.backend_client(text), app.smart_account(uuid, text),
  app.care_teams_of(uuid[], uuid), app.oauth_sweep_expired(), app.backend_self()
  TO serums_app;
-- Bulk export (bulk-export.sql): read by the service that asked; written only by these functions.
GRANT SELECT ON bulk_exports, bulk_export_files TO serums_app;
GRANT EXECUTE ON FUNCTION app.start_bulk_export(uuid, text[], timestamptz, text), app.cancel_bulk_export(uuid),
  app.bulk_export_patients(uuid), app.claim_bulk_exports(integer, integer),
  app.save_bulk_export_batch(uuid, uuid[], integer, jsonb, boolean), app.fail_bulk_export(uuid, text),
  app.release_bulk_export(uuid),
  app.sweep_bulk_exports()
  TO serums_app;

-- ---------------------------------------------------------------------------------------------
-- The owner of the SECURITY DEFINER helpers, serums_definer: what they read and write.
GRANT SELECT ON organisations, care_teams, staff_memberships, users, sessions, patients, consent_rules,
  emergency_accesses, device_tokens, invitations, recovery_codes, alerts TO serums_definer;
GRANT UPDATE (assigned_to, version) ON alerts TO serums_definer;
GRANT UPDATE (failed_sign_ins, locked_until, password_hash, mfa_secret_enc, mfa_enabled_at, mfa_last_step)
  ON users TO serums_definer;
GRANT UPDATE (revoked_at) ON sessions TO serums_definer;
GRANT INSERT ON sessions TO serums_definer;
GRANT UPDATE (last_used_at) ON device_tokens TO serums_definer;
GRANT UPDATE (used_at) ON invitations TO serums_definer;
GRANT UPDATE (used_at) ON recovery_codes TO serums_definer;
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttles TO serums_definer;
GRANT SELECT, INSERT, UPDATE, DELETE ON oauth_records TO serums_definer;
GRANT SELECT, INSERT, UPDATE, DELETE ON bulk_exports, bulk_export_files TO serums_definer;
GRANT SELECT ON smart_clients TO serums_definer;
GRANT UPDATE (last_used_at) ON smart_clients TO serums_definer;
GRANT SELECT, UPDATE ON app.audit_chain_head TO serums_definer;
-- The events with no actor (app.append_sign_in_event, app.redeem_invitation).
GRANT INSERT ON audit_events TO serums_definer;
GRANT SELECT, INSERT, DELETE ON app.consent_access TO serums_definer;
-- The helpers it calls but does not own.
GRANT EXECUTE ON FUNCTION app.to_uuid(text), app.uuid_setting(text), app.audit_payload(audit_events), app.json_text(text)
  TO serums_definer;

-- ---------------------------------------------------------------------------------------------
-- Notifications (notifications.sql): the request role reads the rota and the outbox as the
-- policies allow and writes only the rota (rota.sql: its team's leads and the organisation's
-- admins add and remove shifts, never change one); app.queue_alert_notifications writes the
-- outbox, and the worker's two functions claim and settle it.
-- Not a one-time link's path (link_path): only the worker's claim reads it.
GRANT SELECT, INSERT, DELETE ON on_call_shifts TO serums_app;
GRANT EXECUTE ON FUNCTION app.keeps_rota_of(uuid), app.may_be_on_call(uuid, uuid) TO serums_app;
GRANT SELECT (id, organisation_id, kind, alert_id, recipient_user_id, channel, step, status, attempts, next_attempt_at,
  last_error, sent_at, created_at, reminder_day) ON notifications TO serums_app;
GRANT EXECUTE ON FUNCTION app.queue_alert_notifications(uuid, timestamptz, timestamptz),
  app.claim_notifications(timestamptz, integer, integer),
  app.settle_notification(uuid, integer, boolean, text, timestamptz, timestamptz, text[], uuid[]),
  app.hold_notification(uuid, integer, timestamptz, timestamptz) TO serums_app;
GRANT SELECT (id, patient_id, care_team_id, severity) ON alerts TO serums_definer;
GRANT SELECT ON on_call_shifts TO serums_definer;
GRANT SELECT, INSERT, UPDATE (status, attempts, next_attempt_at, last_error, sent_at, link_path, delivered_to)
  ON notifications TO serums_definer;

-- Notification preferences and push subscriptions (notification-preferences.sql): each person
-- reads and writes their own; a subscription is added or removed, never changed. The worker's
-- claim reads both, and its settlement removes a subscription the push service says is gone.
GRANT SELECT, INSERT, UPDATE (channels, quiet_start_minute, quiet_end_minute, sms_number, updated_at) ON notification_preferences
  TO serums_app;
GRANT SELECT, INSERT, DELETE ON push_subscriptions TO serums_app;
GRANT SELECT ON notification_preferences TO serums_definer;
GRANT SELECT, DELETE ON push_subscriptions TO serums_definer;

-- ---------------------------------------------------------------------------------------------
-- Reminders to report (reminders.sql): a patient keeps their own preferences (not whose they
-- are); the worker's two functions read the schedules and queue reminders into the outbox.
GRANT SELECT, INSERT ON reminder_preferences TO serums_app;
GRANT UPDATE (enabled, channels, remind_at, quiet_from, quiet_until, updated_by, updated_at) ON reminder_preferences
  TO serums_app;
GRANT EXECUTE ON FUNCTION app.reminder_candidates(date, date),
  app.queue_reminders(uuid[], date[], timestamptz[], timestamptz) TO serums_app;
GRANT SELECT ON reminder_preferences, treatment_plans, treatment_cycles TO serums_definer;

-- ---------------------------------------------------------------------------------------------
-- Alert episodes (alert-episodes.sql). The request role reads each episode's reports and links the
-- report that raises one; a later report joins through app.add_report_to_alert, whose owner
-- changes only the episode's columns and writes the link and the history event.
GRANT SELECT (report_id, alert_id, patient_id, severity, response_minutes, added_at), INSERT ON alert_reports TO serums_app;
GRANT EXECUTE ON FUNCTION app.add_report_to_alert(uuid, integer, uuid, alert_severity, text[], integer, alert_severity,
  timestamptz, text[], timestamptz) TO serums_app;
GRANT SELECT ON alerts, symptom_reports, alert_reports TO serums_definer;
GRANT UPDATE (severity, due_at, status, acknowledged_by, acknowledged_at, reasons, report_count, last_reported_at, version)
  ON alerts TO serums_definer;
GRANT INSERT ON alert_reports, alert_events TO serums_definer;
-- The reasons views (alert-reasons.sql) read as their owner, whose consent probe is this view.
GRANT SELECT ON app.readable_by_caller TO serums_definer;

-- ---------------------------------------------------------------------------------------------
-- The two-person rule (admin.sql). Admins read their organisation's requests; they are written,
-- decided and carried out only through the definer functions, whose owner gives the clinical role,
-- issues the link or clears the second factor.
GRANT SELECT ON staff_change_requests TO serums_app;
GRANT EXECUTE ON FUNCTION app.needs_second_admin(uuid), app.request_staff_change(text, uuid, staff_role, uuid, uuid),
  app.decide_staff_change(uuid, boolean) TO serums_app;
GRANT SELECT, INSERT, UPDATE (status, decided_by, decided_at) ON staff_change_requests TO serums_definer;
GRANT INSERT ON staff_memberships, invitations TO serums_definer;
GRANT UPDATE (care_team_id) ON staff_memberships TO serums_definer;
