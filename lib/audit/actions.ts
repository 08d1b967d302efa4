/**
 * Every action the audit trail records, by name. `appendAuditEvent` and every request wrapper's
 * audit option take only these, so a misspelt action fails the type check instead of starting a new
 * family of events that the activity view and the integrity checks do not know.
 */
export const AUDIT_ACTIONS = [
  // Sign-in, sessions and second factors
  "signed_in",
  "sign_in_password_accepted",
  "sign_in_failed",
  "sign_in_rate_limited",
  "source_address_rate_limited",
  "second_factor_failed",
  "signed_out",
  "signed_out_everywhere",
  "account_locked",
  "account_activated",
  "password_reset_completed",
  "mfa_enrolment_started",
  "mfa_enrolled",
  "account_security_viewed",
  "notification_preferences_changed",
  "account_language_changed",
  "push_subscription_added",
  "push_subscription_removed",
  // Staff and care teams (admins)
  "staff_created",
  "staff_renamed",
  "staff_role_granted",
  "staff_role_removed",
  "staff_care_team_changed",
  "staff_deactivated",
  "staff_reactivated",
  "staff_signed_out_everywhere",
  "staff_mfa_reset",
  "staff_unlocked",
  "staff_invited",
  "staff_change_requested",
  "staff_change_approved",
  "staff_change_refused",
  "one_time_link_shown",
  "staff_change_requests_viewed",
  "staff_list_viewed",
  "staff_member_viewed",
  "staff_form_viewed",
  "care_team_created",
  "care_team_renamed",
  "care_team_archived",
  "care_team_restored",
  "care_team_viewed",
  "care_teams_viewed",
  "organisation_settings_changed",
  "organisation_settings_viewed",
  // The on-call rota (a team's leads and the organisation's admins)
  "on_call_rota_viewed",
  "on_call_shift_added",
  "on_call_shift_removed",
  "activity_viewed",
  "emergency_accesses_viewed",
  // Patients and their records (clinicians)
  "patient_enrolled",
  "enrolment_form_viewed",
  "patient_list_viewed",
  "patient_listed",
  "patient_record_viewed",
  "patient_summary_printed",
  "phone_report_form_viewed",
  "symptom_report_entered_by_phone",
  "treatment_plan_viewed",
  "treatment_plan_updated",
  "emergency_access_started",
  // Alerts and the triage queue
  "triage_queue_viewed",
  "triage_queue_checked",
  "alert_acknowledged",
  "alert_assigned",
  "alert_note_added",
  "alert_resolved",
  "alert_reopened",
  "alert_notification_sent",
  "alert_link_opened",
  // Patients' own pages
  "symptom_report_submitted",
  "own_record_viewed",
  "own_reports_viewed",
  "own_access_log_viewed",
  "own_consent_viewed",
  "own_devices_viewed",
  "own_alert_viewed",
  "own_report_form_viewed",
  "own_reminders_viewed",
  "reminder_preferences_saved",
  "consent_rule_added",
  "consent_rule_revoked",
  "device_token_created",
  "device_token_revoked",
  // The FHIR API (/fhir/R4) and the SMART apps that call it
  "fhir_read",
  "fhir_search",
  "smart_app_authorised",
  "smart_app_refused",
  "smart_clients_viewed",
  "smart_client_registered",
  "backend_service_registered",
  "smart_client_revoked",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** True when `name` is an action the audit trail records. */
export function isAuditAction(name: string): name is AuditAction {
  return KNOWN.has(name);
}
