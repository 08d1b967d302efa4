-- Notifications: the on-call rota and the outbox of messages owed about alerts and of one-time links
-- to accounts (db/schema/notifications.ts; the links are queued by app.queue_link_email, auth.sql).
--
-- The request role never writes either table. The transaction that raises an alert calls
-- app.queue_alert_notifications, which checks that the caller could have raised that alert (the
-- same rule as the alerts INSERT policy), works out who is called and inserts the rows, once per
-- alert, recipient and step. The notification worker claims due rows and records the outcome with
-- app.claim_notifications and app.settle_notification, which act only for a transaction with no
-- user (no request ever runs without one once signed in; the worker never sets one), so a
-- signed-in request cannot read recipients' addresses through them or change what was delivered.

-- The notifications an alert owes, each due at its step's time (the escalation ladder,
-- lib/notifications/ladder.ts works out the times from the organisation's settings):
--   red:   'on_call' at `first_at` (the moment it was raised or made red): the care team's on-call
--          clinician (rota position 1), or the team's nurses when no first position covers that time;
--          'second' at `second_at`: the second on-call (position 2) and the team's leads;
--          'escalation' at the alert's due time (or the second step's, for one already overdue): the
--          organisation's escalation contacts
--          (settings.notifications.escalationContactIds, its clinicians only).
--   amber: 'amber' at `first_at` (within working hours), to whom 'on_call' would go; no `second_at`.
-- Whose shift covers each step's own time is called. Deactivated accounts are skipped. A red
-- alert cancels its amber step not yet sent (a red one calls the same people now). The times must
-- keep their order, red steps fall within the target (or at once, for an alert already overdue),
-- and an amber step within a day of the report.
-- Acknowledging or resolving the alert cancels every step not yet sent (the trigger below).
-- Returns how many notifications were queued; queuing again adds nothing.
DROP FUNCTION IF EXISTS app.queue_alert_notifications(uuid, timestamptz);
CREATE OR REPLACE FUNCTION app.queue_alert_notifications(alert uuid, first_at timestamptz, second_at timestamptz)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  a record;
  red boolean;
  latest timestamptz;
  contacts jsonb;
  queued integer;
BEGIN
  SELECT al.id, al.patient_id, al.care_team_id, al.severity, al.due_at, al.last_reported_at, t.organisation_id,
         o.settings #> '{notifications,escalationContactIds}' AS contacts
  INTO a
  FROM alerts al JOIN care_teams t ON t.id = al.care_team_id JOIN organisations o ON o.id = t.organisation_id
  WHERE al.id = alert;
  IF a.id IS NULL
     OR NOT (a.patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', a.patient_id)) THEN
    RAISE EXCEPTION 'no alert the caller may notify about' USING ERRCODE = '42501';
  END IF;
  red := a.severity = 'red';
  latest := CASE WHEN red THEN greatest(a.due_at, a.last_reported_at) ELSE a.last_reported_at + interval '1 day' END;
  IF first_at IS NULL OR (second_at IS NULL) = red OR first_at > latest
     OR second_at < first_at OR second_at > greatest(a.due_at, first_at) THEN
    RAISE EXCEPTION 'not a schedule for this alert' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  contacts := CASE WHEN jsonb_typeof(a.contacts) = 'array' THEN a.contacts ELSE '[]'::jsonb END;
  IF red THEN
    UPDATE notifications n SET status = 'cancelled'
    WHERE n.alert_id = a.id AND n.step = 'amber' AND n.status IN ('pending', 'failed');
  END IF;
  WITH steps (step, due, position) AS (
    VALUES (CASE WHEN red THEN 'on_call' ELSE 'amber' END, first_at, 1), ('second', second_at, 2)
  ),
  shifts AS (
    SELECT st.step, st.due, s.user_id
    FROM steps st JOIN on_call_shifts s
      ON s.care_team_id = a.care_team_id AND s.position = st.position AND s.starts_at <= st.due AND s.ends_at > st.due
  ),
  recipients AS (
    SELECT step, due, user_id FROM shifts
    UNION ALL
    SELECT st.step, st.due, m.user_id
    FROM steps st JOIN staff_memberships m ON m.care_team_id = a.care_team_id AND m.role = 'nurse'
    WHERE st.position = 1 AND NOT EXISTS (SELECT FROM shifts WHERE shifts.step = st.step)
    UNION ALL
    SELECT 'second', second_at, m.user_id
    FROM staff_memberships m
    WHERE red AND m.care_team_id = a.care_team_id AND m.is_team_lead
    UNION ALL
    SELECT 'escalation', greatest(a.due_at, second_at), m.user_id
    FROM staff_memberships m
    WHERE red AND m.organisation_id = a.organisation_id AND m.role IN ('oncologist', 'nurse')
      AND m.user_id::text IN (SELECT jsonb_array_elements_text(contacts))
  )
  INSERT INTO notifications (organisation_id, alert_id, recipient_user_id, channel, step, next_attempt_at)
  SELECT DISTINCT ON (r.user_id, r.step) a.organisation_id, a.id, r.user_id, 'email', r.step, r.due
  FROM recipients r JOIN users u ON u.id = r.user_id
  WHERE u.deactivated_at IS NULL
  ON CONFLICT (alert_id, recipient_user_id, step) DO NOTHING;
  GET DIAGNOSTICS queued = ROW_COUNT;
  RETURN queued;
END
$$;
ALTER FUNCTION app.queue_alert_notifications(uuid, timestamptz, timestamptz) OWNER TO serums_definer;

-- Acknowledging or resolving an alert stops its ladder, in the same transaction: every step not
-- yet sent is cancelled and never claimed. (A step a worker claimed a moment before may still go.)
CREATE OR REPLACE FUNCTION app.stop_alert_notifications() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  UPDATE notifications n SET status = 'cancelled'
  WHERE n.alert_id = NEW.id AND n.status IN ('pending', 'failed');
  RETURN NULL;
END
$$;
ALTER FUNCTION app.stop_alert_notifications() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER alerts_stop_notifications AFTER UPDATE OF status ON alerts
  FOR EACH ROW WHEN (OLD.status = 'open' AND NEW.status <> 'open') EXECUTE FUNCTION app.stop_alert_notifications();

-- The worker claims up to `max_rows` due notifications: each gets one more attempt and is leased
-- until `moment` + `lease_seconds`, so no other worker claims it meanwhile (SKIP LOCKED: two workers
-- never wait for, or take, the same rows). Returns what the message needs and nothing about the
-- patient: for an alert its id (the link to it), level and team, for an account link its path, for
-- a reminder to report the organisation's 24-hour line. And where it may go: the recipient's
-- channels (for a reminder, the patient's reminder_preferences, email when none; otherwise
-- notification_preferences, email and push when none), their quiet hours, the mobile number text
-- messages go to, their push subscriptions, where an earlier attempt already delivered it, and
-- whether the recipient is on call for the alert (its first red step, or a shift of the alert's
-- team covering `moment`), whom quiet hours never hold for a red alert. A transaction with a user
-- gets nothing. (Dropped first: its result has grown.)
DROP FUNCTION IF EXISTS app.claim_notifications(timestamptz, integer, integer);
CREATE OR REPLACE FUNCTION app.claim_notifications(moment timestamptz, max_rows integer, lease_seconds integer)
RETURNS TABLE (id uuid, kind text, channel text, step text, attempts integer, recipient_email text, team_name text,
               severity text, link_path text, alert_id uuid, hospital_line text, delivered_to text[], channels text[],
               quiet_start_minute smallint, quiet_end_minute smallint, on_call boolean, push_subscriptions jsonb,
               sms_number text, locale text)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH due AS (
    SELECT n.id FROM notifications n
    WHERE n.status IN ('pending', 'failed') AND n.next_attempt_at <= moment AND app.current_user_id() IS NULL
    ORDER BY n.next_attempt_at
    LIMIT max_rows
    FOR UPDATE SKIP LOCKED
  ),
  claimed AS (
    UPDATE notifications n
    SET attempts = n.attempts + 1, next_attempt_at = moment + make_interval(secs => lease_seconds)
    FROM due WHERE n.id = due.id
    RETURNING n.id, n.kind, n.channel, n.step, n.attempts, n.recipient_user_id, n.alert_id, n.link_path,
              n.organisation_id, n.delivered_to
  )
  SELECT c.id, c.kind, c.channel, c.step, c.attempts, u.email, t.name, al.severity::text, c.link_path, c.alert_id,
         CASE WHEN c.kind = 'reminder' THEN o.settings ->> 'hospitalLine' END, c.delivered_to,
         CASE WHEN c.kind = 'reminder'
              THEN coalesce((SELECT rp.channels FROM patients pt JOIN reminder_preferences rp ON rp.patient_id = pt.id
                             WHERE pt.user_id = c.recipient_user_id), '{email}'::text[])
              ELSE coalesce(p.channels, '{email,push}'::text[]) END,
         p.quiet_start_minute, p.quiet_end_minute,
         c.step = 'on_call' OR EXISTS (
           SELECT FROM on_call_shifts s
           WHERE s.care_team_id = al.care_team_id AND s.user_id = c.recipient_user_id
             AND s.starts_at <= moment AND s.ends_at > moment),
         coalesce((SELECT jsonb_agg(jsonb_build_object('id', ps.id, 'endpoint', ps.endpoint, 'p256dh', ps.p256dh,
                                                       'auth', ps.auth) ORDER BY ps.created_at)
                   FROM push_subscriptions ps WHERE ps.user_id = c.recipient_user_id), '[]'::jsonb),
         p.sms_number,
         coalesce(u.locale, o.default_locale, 'en')
  FROM claimed c
  JOIN users u ON u.id = c.recipient_user_id
  JOIN organisations o ON o.id = c.organisation_id
  LEFT JOIN notification_preferences p ON p.user_id = c.recipient_user_id
  LEFT JOIN alerts al ON al.id = c.alert_id
  LEFT JOIN care_teams t ON t.id = al.care_team_id
$$;
ALTER FUNCTION app.claim_notifications(timestamptz, integer, integer) OWNER TO serums_definer;

-- The worker records the outcome of attempt `attempt`: sent, or failed with the next attempt at
-- `retry_at`, or (no `retry_at`) dead; `delivered` lists where it has reached so far (`email`,
-- `push:<subscription id>`), so a retry sends only to the rest, and the recipient's push
-- subscriptions in `gone` (the push service answered 404 or 410) are removed. A sent notification
-- is never changed again, nor is a cancelled one, and a sent or dead one forgets its one-time link. A
-- failure is recorded only if no later attempt has claimed the row since. A step of an alert sent
-- is recorded on the alert's history (`notified` for the first step, `escalation_notified` for the
-- later ones, naming the person called and, in `channels`, how it reached them: `{email,push}`) and
-- in the audit trail (action `alert_notification_sent`, with the step and the channels that reached
-- them, e.g. `email+push`). Returns the new status, or
-- NULL when nothing changed.
CREATE OR REPLACE FUNCTION app.settle_notification(
  notification uuid, attempt integer, sent boolean, error text, retry_at timestamptz, moment timestamptz,
  delivered text[], gone uuid[]
) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  n record;
BEGIN
  IF app.current_user_id() IS NOT NULL THEN
    RETURN NULL;
  END IF;
  DELETE FROM push_subscriptions ps
  WHERE ps.id = ANY (coalesce(gone, '{}'))
    AND ps.user_id = (SELECT x.recipient_user_id FROM notifications x WHERE x.id = notification);
  UPDATE notifications x
  SET status = CASE WHEN sent THEN 'sent' WHEN retry_at IS NULL THEN 'dead' ELSE 'failed' END,
      sent_at = CASE WHEN sent THEN moment END,
      last_error = CASE WHEN sent THEN x.last_error ELSE left(error, 500) END,
      next_attempt_at = coalesce(retry_at, x.next_attempt_at),
      link_path = CASE WHEN sent OR retry_at IS NULL THEN NULL ELSE x.link_path END,
      delivered_to = coalesce(delivered, x.delivered_to)
  WHERE x.id = notification
    AND x.status IN ('pending', 'failed') AND (sent OR x.attempts = attempt)
  RETURNING x.status, x.alert_id, x.recipient_user_id, x.step, x.organisation_id,
            coalesce(nullif(array_to_string(ARRAY(SELECT DISTINCT split_part(d, ':', 1) FROM unnest(x.delivered_to) d
                                                  ORDER BY 1), '+'), ''), x.channel) AS channels
  INTO n;
  IF n.status = 'sent' THEN
    INSERT INTO alert_events (alert_id, patient_id, user_id, kind, channels, created_at)
    SELECT al.id, al.patient_id, n.recipient_user_id,
           CASE WHEN n.step IN ('on_call', 'amber') THEN 'notified' ELSE 'escalation_notified' END,
           string_to_array(n.channels, '+'), moment
    FROM alerts al WHERE al.id = n.alert_id;
    INSERT INTO audit_events (organisation_id, action, patient_id, resource_type, resource_id, outcome, details)
    SELECT n.organisation_id, 'alert_notification_sent', al.patient_id, 'alert', al.id::text, 'allowed',
           jsonb_build_object('step', n.step, 'channel', n.channels, 'recipient', n.recipient_user_id::text)
    FROM alerts al WHERE al.id = n.alert_id;
  END IF;
  RETURN n.status;
END
$$;
ALTER FUNCTION app.settle_notification(uuid, integer, boolean, text, timestamptz, timestamptz, text[], uuid[])
  OWNER TO serums_definer;

-- The worker holds a claimed notification until the recipient's quiet hours end: attempt `attempt`
-- is given back (it was not tried) and the notification falls due again at `until`, which must be
-- later than `moment` and within a day of it. Only for a transaction with no user, and only while
-- no later attempt has claimed the row. Returns whether it was held.
CREATE OR REPLACE FUNCTION app.hold_notification(notification uuid, attempt integer, until timestamptz, moment timestamptz)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH held AS (
    UPDATE notifications x SET attempts = x.attempts - 1, next_attempt_at = until
    WHERE x.id = notification AND app.current_user_id() IS NULL
      AND x.status IN ('pending', 'failed') AND x.attempts = attempt
      AND until > moment AND until <= moment + interval '1 day'
    RETURNING 1
  )
  SELECT count(*) > 0 FROM held
$$;
ALTER FUNCTION app.hold_notification(uuid, integer, timestamptz, timestamptz) OWNER TO serums_definer;


-- Row-level security. Neither table names a patient, and nobody reads a one-time link's path
-- (grants.sql). An admin reads the organisation's rota and notifications (the dead-letter list); a
-- clinician reads the rota of their organisation and the notifications sent to them. The rota is
-- written by its team's leads and the organisation's admins (rota.sql); the outbox by nobody
-- through the request role, only through the functions above.
ALTER TABLE on_call_shifts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS on_call_shifts_select ON on_call_shifts;
CREATE POLICY on_call_shifts_select ON on_call_shifts FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
         OR organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS notifications_select ON notifications;
CREATE POLICY notifications_select ON notifications FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]) OR recipient_user_id = (SELECT app.current_user_id()));
DROP POLICY IF EXISTS notifications_insert ON notifications;
CREATE POLICY notifications_insert ON notifications FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS notifications_update ON notifications;
CREATE POLICY notifications_update ON notifications FOR UPDATE TO serums_app USING (false) WITH CHECK (false);
DROP POLICY IF EXISTS notifications_delete ON notifications;
CREATE POLICY notifications_delete ON notifications FOR DELETE TO serums_app USING (false);
