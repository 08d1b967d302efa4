-- Alert reasons follow the symptoms category. An alert's reasons, and those of each report in its
-- episode, quote the patient's symptoms ("Temperature 38.5 C", "Shaking chills grade 2"), so a
-- clinician from whom the patient withholds symptoms must not read them through the alerts
-- category. Such a viewer still sees that there is an alert, its level, its clock, who holds it and
-- its state: enough to act on it, or to ask the patient, without the withheld words.
--
-- The request role cannot SELECT the `reasons` columns of alerts and alert_reports at all
-- (grants.sql); it reads them only through the two views below, which show an alert's (or a
-- report's) reasons when the caller may read both the alerts and the symptoms of its patient (their
-- own record, consent, or an emergency access: what app.consent_allows answers), and no row
-- otherwise, which the pages show as "Details withheld by the patient". Writing them is unchanged:
-- the report's transaction inserts them, app.add_report_to_alert (alert-episodes.sql) replaces them.
--
-- They are security-barrier views owned by serums_definer, read with a correlated subquery per
-- alert or report (db/queries/alert-reasons.ts): the id the subquery names is a leakproof equality,
-- so it reaches the primary key inside the view, and each consent check is one index probe of
-- app.readable_by_caller, as in the SELECT policies, whose caller is asked once per statement. A
-- function per row (as before) asked for the caller and its signature three times per row: 75
-- times for a page of the triage queue.
--
-- What the patient said in an alert's episode (whether it can wait, their latest note) quotes their
-- reports as much as the reasons do, and under the same rule: the alert view below gives it beside
-- the reasons. The triage queue reads both in one probe of the view per row; reading the episode's
-- links and reports through their own policies cost two consent probes per report of the episode
-- (94 for the bench nurse's 13 alerts) and two more policies to plan (docs/benchmarks.md, eleventh
-- round). A caller that reads only the reasons does not compute it: the planner drops the unused join.
--
-- Clinicians' notes on an alert (alert_events.note) are not covered: they are the care team's own
-- words about its work, read by whoever may read the alert, and the note dialog says so.

-- The reasons of each alert the caller may read them for, and what the patient said in its episode:
-- of the report that raised it and those that joined it, the latest answer to whether it can wait,
-- and the latest note with its time.
CREATE OR REPLACE VIEW app.readable_alert_reasons WITH (security_barrier) AS
  SELECT a.id AS for_alert, a.reasons, said.can_wait, said.note, said.note_at
  FROM alerts a
  LEFT JOIN LATERAL (
    SELECT (array_agg(r.can_wait ORDER BY r.reported_at DESC, r.id DESC) FILTER (WHERE r.can_wait IS NOT NULL))[1] AS can_wait,
           (array_agg(r.note ORDER BY r.reported_at DESC, r.id DESC) FILTER (WHERE r.note IS NOT NULL AND r.note <> ''))[1] AS note,
           max(r.reported_at) FILTER (WHERE r.note IS NOT NULL AND r.note <> '') AS note_at
    FROM (SELECT a.report_id UNION SELECT l.report_id FROM alert_reports l WHERE l.alert_id = a.id) episode
    JOIN symptom_reports r ON r.id = episode.report_id AND r.patient_id = a.patient_id) said ON true
  WHERE a.patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
     OR (EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = a.patient_id AND r.category = 'alerts' OFFSET 0)
         AND EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = a.patient_id AND r.category = 'symptoms' OFFSET 0));
ALTER VIEW app.readable_alert_reasons OWNER TO serums_definer;

-- The reasons triage gave each report that raised or joined an alert, where the caller may read them.
CREATE OR REPLACE VIEW app.readable_report_reasons WITH (security_barrier) AS
  SELECT l.report_id AS for_report, l.reasons
  FROM alert_reports l
  WHERE l.patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
     OR (EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = l.patient_id AND r.category = 'alerts' OFFSET 0)
         AND EXISTS (SELECT FROM app.readable_by_caller r WHERE r.patient_id = l.patient_id AND r.category = 'symptoms' OFFSET 0));
ALTER VIEW app.readable_report_reasons OWNER TO serums_definer;
