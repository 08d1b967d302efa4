/** Audit actions in the words a patient reads in "Who has looked at my record". */
const ACTION_WORDS: Record<string, string> = {
  patient_listed: "Saw your name in their patient list",
  patient_record_viewed: "Opened your record",
  patient_summary_printed: "Printed a summary of your record",
  symptom_report_submitted: "Entered a symptom report for you",
  symptom_report_entered_by_phone: "Entered a report you gave by phone",
  phone_report_form_viewed: "Opened the form for a report you give by phone",
  alert_acknowledged: "Took charge of an alert about you",
  alert_assigned: "Assigned an alert about you",
  alert_note_added: "Added a note to an alert about you",
  alert_resolved: "Closed an alert about you",
  alert_reopened: "Reopened an alert about you",
  treatment_plan_updated: "Changed your treatment plan",
  treatment_plan_viewed: "Looked at your treatment plan",
  emergency_access_started: "Opened your record in an emergency",
  patient_enrolled: "Enrolled you with a care team",
  triage_queue_viewed: "Saw an alert about you in the triage queue",
  fhir_read: "Read part of your record from a connected system",
  fhir_search: "Searched your record from a connected system",
  fhir_exported: "Copied part of your record to a connected system (a bulk export)",
};

export function describeAccess(action: string): string {
  return ACTION_WORDS[action] ?? action.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}
