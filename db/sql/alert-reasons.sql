-- Alert reasons follow the symptoms category. An alert's reasons, and those of each report in its
-- episode, quote the patient's symptoms ("Temperature 38.5 C", "Shaking chills grade 2"), so a
-- clinician from whom the patient withholds symptoms must not read them through the alerts
-- category. Such a viewer still sees that there is an alert, its level, its clock, who holds it and
-- its state: enough to act on it, or to ask the patient, without the withheld words.
--
-- The request role cannot SELECT the `reasons` columns of alerts and alert_reports at all
-- (grants.sql); it reads them only through the two functions below, which answer with the reasons
-- when the caller may read both the alerts and the symptoms of the alert's patient (their own
-- record, consent, or an emergency access: app.consent_allows), and NULL otherwise, which the pages
-- show as "Details withheld by the patient". Writing them is unchanged: the report's transaction
-- inserts them, app.add_report_to_alert (alert-episodes.sql) replaces them.
--
-- Clinicians' notes on an alert (alert_events.note) are not covered: they are the care team's own
-- words about its work, read by whoever may read the alert, and the note dialog says so.

-- Whether the caller may read the symptoms behind an alert of `patient`: their own record, or the
-- alerts and the symptoms categories both.
CREATE OR REPLACE FUNCTION app.alert_reasons_readable(patient uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF patient IS NULL THEN
    RETURN false;
  END IF;
  RETURN EXISTS (SELECT FROM patients p WHERE p.id = patient AND p.user_id = app.active_user_id())
    OR (app.consent_allows('alerts', patient) AND app.consent_allows('symptoms', patient));
END
$$;
ALTER FUNCTION app.alert_reasons_readable(uuid) OWNER TO serums_definer;

-- The reasons of alert `alert`, or NULL when the caller may not read them (or the alert).
CREATE OR REPLACE FUNCTION app.alert_reasons(alert uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT a.reasons FROM alerts a WHERE a.id = alert AND app.alert_reasons_readable(a.patient_id)
$$;
ALTER FUNCTION app.alert_reasons(uuid) OWNER TO serums_definer;

-- The reasons triage gave report `report` when it raised or joined an alert, or NULL when the
-- caller may not read them (or the report is in no alert).
CREATE OR REPLACE FUNCTION app.alert_report_reasons(report uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT l.reasons FROM alert_reports l WHERE l.report_id = report AND app.alert_reasons_readable(l.patient_id)
$$;
ALTER FUNCTION app.alert_report_reasons(uuid) OWNER TO serums_definer;
