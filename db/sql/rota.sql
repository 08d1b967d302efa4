-- The on-call rota (on_call_shifts, db/schema/notifications.ts): who holds the bleep for a care team
-- and when, read by the escalation ladder (app.queue_alert_notifications, notifications.sql) and
-- kept on the rota pages. Who reads it is in notifications.sql; this file says who writes it.
--
-- A shift is added or removed, never changed: a change is a removal and an addition, each in the
-- audit trail. Only a lead of the team (an active clinician with is_team_lead in that team) or an
-- admin of the team's organisation writes its rota, and only shifts that have not ended: the past
-- rota is what the ladder used. A new shift's organisation is its team's, its person an active
-- clinician (oncologist or nurse) of that team, and it lasts from 30 minutes to 7 days
-- (lib/notifications/rota.ts, ROTA_LIMITS, words the same bounds for the form). Two shifts in the same
-- position of one team never overlap, whoever writes them (the trigger below, which the owner's
-- rows obey too).

-- Whether the caller keeps `team`'s rota: an admin of its organisation, or an active lead of the
-- team in a clinical role. Answers false for a team outside the caller's organisations.
CREATE OR REPLACE FUNCTION app.keeps_rota_of(team uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT FROM care_teams t
    WHERE t.id = team
      AND (t.organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
           OR EXISTS (SELECT FROM staff_memberships m
                      WHERE m.care_team_id = t.id AND m.user_id = (SELECT app.active_user_id())
                        AND m.is_team_lead AND m.role IN ('oncologist', 'nurse'))))
$$;
ALTER FUNCTION app.keeps_rota_of(uuid) OWNER TO serums_definer;

-- Whether `person` may hold `team`'s bleep: an active oncologist or nurse of that team. Answers
-- false outside the caller's own organisations, so it tells nothing about another organisation.
CREATE OR REPLACE FUNCTION app.may_be_on_call(team uuid, person uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT FROM staff_memberships m JOIN users u ON u.id = m.user_id
    WHERE m.care_team_id = team AND m.user_id = person AND m.role IN ('oncologist', 'nurse')
      AND u.deactivated_at IS NULL AND m.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]))
$$;
ALTER FUNCTION app.may_be_on_call(uuid, uuid) OWNER TO serums_definer;

-- No two shifts in one position of one team overlap. Writers of one team's position take turns
-- (the advisory lock), so two requests adding overlapping shifts at once cannot both succeed.
CREATE OR REPLACE FUNCTION app.refuse_overlapping_shift() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7263103, hashtext(NEW.care_team_id::text || ':' || NEW.position::text));
  IF EXISTS (
    SELECT FROM on_call_shifts s
    WHERE s.care_team_id = NEW.care_team_id AND s.position = NEW.position AND s.id <> NEW.id
      AND s.starts_at < NEW.ends_at AND s.ends_at > NEW.starts_at
  ) THEN
    RAISE EXCEPTION 'on_call_shift_overlaps: another shift of the team in this position overlaps it'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'on_call_shift_overlaps';
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION app.refuse_overlapping_shift() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER on_call_shifts_no_overlap
  BEFORE INSERT OR UPDATE OF care_team_id, position, starts_at, ends_at ON on_call_shifts
  FOR EACH ROW EXECUTE FUNCTION app.refuse_overlapping_shift();

DROP POLICY IF EXISTS on_call_shifts_insert ON on_call_shifts;
CREATE POLICY on_call_shifts_insert ON on_call_shifts FOR INSERT TO serums_app
  WITH CHECK (organisation_id = app.care_team_org_id(care_team_id)
              AND app.keeps_rota_of(care_team_id)
              AND app.may_be_on_call(care_team_id, user_id)
              AND ends_at > now()
              AND ends_at >= starts_at + interval '30 minutes'
              AND ends_at <= starts_at + interval '7 days');
DROP POLICY IF EXISTS on_call_shifts_update ON on_call_shifts;
CREATE POLICY on_call_shifts_update ON on_call_shifts FOR UPDATE TO serums_app USING (false) WITH CHECK (false);
DROP POLICY IF EXISTS on_call_shifts_delete ON on_call_shifts;
CREATE POLICY on_call_shifts_delete ON on_call_shifts FOR DELETE TO serums_app
  USING (app.keeps_rota_of(care_team_id) AND ends_at > now());
