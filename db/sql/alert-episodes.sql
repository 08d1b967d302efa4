-- Alert episodes: a patient has at most one active (open or acknowledged) alert, and an amber or
-- red report while it is active joins it (lib/alerts/episodes.ts decides what changes,
-- db/queries/alert-episodes.ts applies it). The report is stored by whoever submitted it: the
-- patient, their device, or a clinician taking it by phone. A patient may not update alerts or
-- write their history, so joining goes through the one SECURITY DEFINER function below, which
-- makes only the changes a report may make and refuses anything that would make an episode milder
-- or give it more time. The partial unique index alerts_one_active_per_patient (db/schema) is what
-- makes two reports at once end in one episode.

-- Adds `report` to the active alert `alert` when its version is still `expected_version`, with the
-- report's own level, reasons and response target recorded beside it (alert_reports) and a history
-- event (alert_events: `report_added`, or `escalated`, by the caller). With `escalate_to`, the
-- alert must be milder than that (amber to red): it takes that level and `escalated_due_at`, which
-- for an open alert may only be sooner than its due time, and goes back to open. `new_reasons`,
-- when given, replace the alert's reasons. Returns false, changing nothing, when the alert has
-- moved on (another version, resolved, or no longer milder), or when the report is already in an
-- alert: the caller reads it again and decides again. Refuses a caller who may not raise an alert for the patient, or a report of another.
CREATE OR REPLACE FUNCTION app.add_report_to_alert(alert uuid, expected_version integer, report uuid,
                                                   report_severity alert_severity, report_reasons text[],
                                                   report_response_minutes integer, escalate_to alert_severity,
                                                   escalated_due_at timestamptz, new_reasons text[], at timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
  patient uuid;
  changed uuid;
BEGIN
  SELECT a.patient_id INTO patient FROM alerts a WHERE a.id = add_report_to_alert.alert;
  IF me IS NULL OR patient IS NULL
     OR NOT (patient = ANY (app.own_patient_ids()) OR app.consent_allows('alerts', patient)) THEN
    RAISE EXCEPTION 'not allowed to add a report to this alert' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT FROM symptom_reports r WHERE r.id = report AND r.patient_id = patient) THEN
    RAISE EXCEPTION 'the report is not of this alert''s patient' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- A report is in one alert only: one already linked changes nothing.
  IF EXISTS (SELECT FROM alert_reports l WHERE l.report_id = report) THEN
    RETURN false;
  END IF;
  IF (escalate_to IS NULL) <> (escalated_due_at IS NULL) OR report_response_minutes < 0 THEN
    RAISE EXCEPTION 'an escalation needs its level and its due time' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE alerts a SET
    severity = coalesce(escalate_to, a.severity),
    due_at = coalesce(escalated_due_at, a.due_at),
    status = CASE WHEN escalate_to IS NULL THEN a.status ELSE 'open' END,
    acknowledged_by = CASE WHEN escalate_to IS NULL THEN a.acknowledged_by END,
    acknowledged_at = CASE WHEN escalate_to IS NULL THEN a.acknowledged_at END,
    reasons = coalesce(new_reasons, a.reasons),
    report_count = a.report_count + 1,
    last_reported_at = greatest(a.last_reported_at, at),
    version = a.version + 1
  WHERE a.id = add_report_to_alert.alert AND a.version = expected_version AND a.status <> 'resolved'
    AND (escalate_to IS NULL
         OR (a.severity = 'amber' AND escalate_to = 'red'
             AND escalated_due_at <= CASE WHEN a.status = 'open' THEN a.due_at ELSE at + interval '4 hours' END))
  RETURNING a.id INTO changed;
  IF changed IS NULL THEN
    RETURN false;
  END IF;
  INSERT INTO alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes, added_at)
  VALUES (report, alert, patient, report_severity, report_reasons, report_response_minutes, at);
  INSERT INTO alert_events (alert_id, patient_id, user_id, kind, report_id, created_at)
  VALUES (alert, patient, me, CASE WHEN escalate_to IS NULL THEN 'report_added' ELSE 'escalated' END, report, at);
  RETURN true;
END
$$;
ALTER FUNCTION app.add_report_to_alert(uuid, integer, uuid, alert_severity, text[], integer, alert_severity, timestamptz,
  text[], timestamptz) OWNER TO serums_definer;
