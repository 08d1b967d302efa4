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

-- The recipients of an alert's notifications at `moment`: the care team's on-call clinician (position
-- 1, step 'on_call') and second (position 2, step 'second') whose shifts cover `moment`; when no first
-- position is covered, the team's nurses take the 'on_call' step. Deactivated accounts are skipped.
-- Returns how many notifications were queued; queuing again adds nothing.
CREATE OR REPLACE FUNCTION app.queue_alert_notifications(alert uuid, moment timestamptz) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  a record;
  queued integer;
BEGIN
  SELECT al.id, al.patient_id, al.care_team_id, t.organisation_id INTO a
  FROM alerts al JOIN care_teams t ON t.id = al.care_team_id
  WHERE al.id = alert;
  IF a.id IS NULL
     OR NOT (a.patient_id = ANY ((SELECT app.own_patient_ids())::uuid[]) OR app.consent_allows('alerts', a.patient_id)) THEN
    RAISE EXCEPTION 'no alert the caller may notify about' USING ERRCODE = '42501';
  END IF;
  WITH shifts AS (
    SELECT s.user_id, CASE s.position WHEN 1 THEN 'on_call' ELSE 'second' END AS step
    FROM on_call_shifts s JOIN users u ON u.id = s.user_id
    WHERE s.care_team_id = a.care_team_id AND s.starts_at <= moment AND s.ends_at > moment AND u.deactivated_at IS NULL
  ),
  nurses AS (
    SELECT m.user_id, 'on_call' AS step
    FROM staff_memberships m JOIN users u ON u.id = m.user_id
    WHERE m.care_team_id = a.care_team_id AND m.role = 'nurse' AND u.deactivated_at IS NULL
      AND NOT EXISTS (SELECT FROM shifts WHERE shifts.step = 'on_call')
  )
  INSERT INTO notifications (organisation_id, alert_id, recipient_user_id, channel, step, next_attempt_at)
  SELECT DISTINCT a.organisation_id, a.id, r.user_id, 'email', r.step, moment
  FROM (SELECT * FROM shifts UNION ALL SELECT * FROM nurses) AS r
  ON CONFLICT (alert_id, recipient_user_id, step) DO NOTHING;
  GET DIAGNOSTICS queued = ROW_COUNT;
  RETURN queued;
END
$$;
ALTER FUNCTION app.queue_alert_notifications(uuid, timestamptz) OWNER TO serums_definer;

-- The worker claims up to `max_rows` due notifications: each gets one more attempt and is leased
-- until `moment` + `lease_seconds`, so no other worker claims it meanwhile (SKIP LOCKED: two workers
-- never wait for, or take, the same rows). Returns what the message needs and nothing about the
-- patient: for an alert its level and team, for an account link its path. A transaction with a
-- user gets nothing. (Dropped first: its result once had no kind or link.)
DROP FUNCTION IF EXISTS app.claim_notifications(timestamptz, integer, integer);
CREATE OR REPLACE FUNCTION app.claim_notifications(moment timestamptz, max_rows integer, lease_seconds integer)
RETURNS TABLE (id uuid, kind text, channel text, step text, attempts integer, recipient_email text, team_name text,
               severity text, link_path text)
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
    RETURNING n.id, n.kind, n.channel, n.step, n.attempts, n.recipient_user_id, n.alert_id, n.link_path
  )
  SELECT c.id, c.kind, c.channel, c.step, c.attempts, u.email, t.name, al.severity::text, c.link_path
  FROM claimed c
  JOIN users u ON u.id = c.recipient_user_id
  LEFT JOIN alerts al ON al.id = c.alert_id
  LEFT JOIN care_teams t ON t.id = al.care_team_id
$$;
ALTER FUNCTION app.claim_notifications(timestamptz, integer, integer) OWNER TO serums_definer;

-- The worker records the outcome of attempt `attempt`: sent, or failed with the next attempt at
-- `retry_at`, or (no `retry_at`) dead. A sent notification is never changed again, and a sent or
-- dead one forgets its one-time link. A failure is recorded only if no later attempt has claimed
-- the row since. Returns the new status, or NULL when nothing changed.
CREATE OR REPLACE FUNCTION app.settle_notification(
  notification uuid, attempt integer, sent boolean, error text, retry_at timestamptz, moment timestamptz
) RETURNS text
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  UPDATE notifications n
  SET status = CASE WHEN sent THEN 'sent' WHEN retry_at IS NULL THEN 'dead' ELSE 'failed' END,
      sent_at = CASE WHEN sent THEN moment END,
      last_error = CASE WHEN sent THEN n.last_error ELSE left(error, 500) END,
      next_attempt_at = coalesce(retry_at, n.next_attempt_at),
      link_path = CASE WHEN sent OR retry_at IS NULL THEN NULL ELSE n.link_path END
  WHERE n.id = notification AND app.current_user_id() IS NULL
    AND n.status IN ('pending', 'failed') AND (sent OR n.attempts = attempt)
  RETURNING n.status
$$;
ALTER FUNCTION app.settle_notification(uuid, integer, boolean, text, timestamptz, timestamptz) OWNER TO serums_definer;

-- Row-level security. Neither table names a patient, and nobody reads a one-time link's path
-- (grants.sql). An admin reads the organisation's rota and
-- notifications (the dead-letter list); a clinician reads the rota of their organisation and the
-- notifications sent to them. Nobody writes through the request role: the rota is kept by the
-- owner for now, and the outbox only through the functions above.
ALTER TABLE on_call_shifts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS on_call_shifts_select ON on_call_shifts;
CREATE POLICY on_call_shifts_select ON on_call_shifts FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.clinical_org_ids())::uuid[])
         OR organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS on_call_shifts_insert ON on_call_shifts;
CREATE POLICY on_call_shifts_insert ON on_call_shifts FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS on_call_shifts_update ON on_call_shifts;
CREATE POLICY on_call_shifts_update ON on_call_shifts FOR UPDATE TO serums_app USING (false) WITH CHECK (false);
DROP POLICY IF EXISTS on_call_shifts_delete ON on_call_shifts;
CREATE POLICY on_call_shifts_delete ON on_call_shifts FOR DELETE TO serums_app USING (false);

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
