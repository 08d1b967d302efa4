-- Reminders to report (lib/notifications/reminders.ts): the patient's choices, and the worker's
-- pass that queues the reminders due into the notifications outbox (notifications.sql delivers
-- them like any other message: claimed, sent, settled).
--
-- A patient reads and writes only their own preferences, naming themselves as the author; nobody
-- else reads them through the request role. The worker reads every patient's schedule and queues
-- reminders only through the two functions below, which act only for a transaction with no user
-- (as app.claim_notifications), so a signed-in request learns nothing through them.

-- The patients a reminder may be owed to for a day from `from_day` to `to_day`: an account that
-- can sign in, reminders not switched off, and a plan whose schedule covers one of those days
-- (a cycle given, or planned, that started within its first `reminder_days` days). With each, what
-- lib/notifications/reminders.ts needs to decide: their choices (NULL: the defaults), the plan's
-- schedule, their latest report and the latest day they were reminded for.
CREATE OR REPLACE FUNCTION app.reminder_candidates(from_day date, to_day date)
RETURNS TABLE (patient_user_id uuid, enabled boolean, remind_at smallint, quiet_from smallint, quiet_until smallint,
               reminder_days smallint, stopped_at timestamptz, cycle_starts date[], last_report_at timestamptz,
               last_reminder_day date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p.user_id, rp.enabled, rp.remind_at, rp.quiet_from, rp.quiet_until, tp.reminder_days, tp.stopped_at,
         starts.days,
         (SELECT max(r.reported_at) FROM symptom_reports r WHERE r.patient_id = p.id),
         (SELECT max(n.reminder_day) FROM notifications n WHERE n.recipient_user_id = p.user_id AND n.kind = 'reminder')
  FROM patients p
  JOIN users u ON u.id = p.user_id AND u.deactivated_at IS NULL AND u.password_hash IS NOT NULL
  LEFT JOIN reminder_preferences rp ON rp.patient_id = p.id
  JOIN treatment_plans tp ON tp.patient_id = p.id AND tp.reminder_days > 0
  CROSS JOIN LATERAL (
    SELECT array_agg(DISTINCT coalesce(c.given_date, c.planned_date)) AS days
    FROM treatment_cycles c
    WHERE c.plan_id = tp.id AND c.status IN ('given', 'planned')
      AND coalesce(c.given_date, c.planned_date) <= to_day
      AND coalesce(c.given_date, c.planned_date) + tp.reminder_days > from_day
  ) starts
  WHERE app.current_user_id() IS NULL AND coalesce(rp.enabled, true) AND starts.days IS NOT NULL
$$;
ALTER FUNCTION app.reminder_candidates(date, date) OWNER TO serums_definer;

-- Queues one reminder for each patient account and day given (`day_starts`: each day's first
-- moment in the clinic's time zone), due at `moment`, unless the patient has reported since the
-- day began. The dedupe key (recipient, day) makes queuing a day again add nothing, so a day is
-- reminded once. Returns how many were queued.
CREATE OR REPLACE FUNCTION app.queue_reminders(patient_users uuid[], days date[], day_starts timestamptz[],
                                               moment timestamptz)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  queued integer;
BEGIN
  IF app.current_user_id() IS NOT NULL THEN
    RAISE EXCEPTION 'reminders are queued by the notification worker only' USING ERRCODE = '42501';
  END IF;
  INSERT INTO notifications (organisation_id, kind, recipient_user_id, channel, step, reminder_day, next_attempt_at)
  SELECT p.organisation_id, 'reminder', p.user_id, 'email', 'reminder', x.day, moment
  FROM unnest(patient_users, days, day_starts) AS x (user_id, day, day_start)
  JOIN patients p ON p.user_id = x.user_id
  -- Arrays of unequal length leave some days out: those rows are no reminder.
  WHERE x.day IS NOT NULL AND x.day_start IS NOT NULL
    AND NOT EXISTS (SELECT FROM symptom_reports r WHERE r.patient_id = p.id AND r.reported_at >= x.day_start)
  ON CONFLICT (recipient_user_id, reminder_day) DO NOTHING;
  GET DIAGNOSTICS queued = ROW_COUNT;
  RETURN queued;
END
$$;
ALTER FUNCTION app.queue_reminders(uuid[], date[], timestamptz[], timestamptz) OWNER TO serums_definer;

-- Row-level security: the patient's own preferences only, written in their own name.
ALTER TABLE reminder_preferences ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS reminder_preferences_select ON reminder_preferences;
CREATE POLICY reminder_preferences_select ON reminder_preferences FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]));
DROP POLICY IF EXISTS reminder_preferences_insert ON reminder_preferences;
CREATE POLICY reminder_preferences_insert ON reminder_preferences FOR INSERT TO serums_app
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) AND updated_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS reminder_preferences_update ON reminder_preferences;
CREATE POLICY reminder_preferences_update ON reminder_preferences FOR UPDATE TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]))
  WITH CHECK (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) AND updated_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS reminder_preferences_delete ON reminder_preferences;
CREATE POLICY reminder_preferences_delete ON reminder_preferences FOR DELETE TO serums_app USING (false);
