-- Who did something. Every column that names who wrote a row or acted on it names the caller:
--
-- * On insert, the table's insert policy (policies-*.sql) compares the column with the caller, so
--   a row naming someone else is refused. A request that leaves the column empty gets the
--   caller's id from app.name_the_caller below, so a row written by a request always says who.
-- * Such columns are never updatable by the request role (grants.sql). Where a change must record
--   who made it, the database fills the column in itself: the plan's updated_by on every change,
--   and an alert's acknowledged_by, resolved_by and assigned_to from its change of status
--   (app.alert_actors). Handing an alert to a colleague goes through app.assign_alert.
--
-- Writes made without a user context (the owner's seeds and maintenance) are taken as they are:
-- the request role cannot write anything without one (every policy asks for an active user).

-- Fills an empty attribution column with the caller: created_by on most tables, submitted_by on
-- reports, updated_by on plans (and on a plan's every change, which the caller cannot name).
CREATE OR REPLACE FUNCTION app.name_the_caller() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  IF me IS NULL THEN
    RETURN NEW;
  END IF;
  CASE TG_TABLE_NAME
    WHEN 'symptom_reports' THEN
      NEW.submitted_by := coalesce(NEW.submitted_by, me);
    WHEN 'treatment_plans' THEN
      NEW.updated_by := CASE WHEN TG_OP = 'UPDATE' THEN me ELSE coalesce(NEW.updated_by, me) END;
    ELSE
      NEW.created_by := coalesce(NEW.created_by, me);
  END CASE;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER users_created_by BEFORE INSERT ON users
  FOR EACH ROW WHEN (NEW.created_by IS NULL) EXECUTE FUNCTION app.name_the_caller();
CREATE OR REPLACE TRIGGER staff_memberships_created_by BEFORE INSERT ON staff_memberships
  FOR EACH ROW WHEN (NEW.created_by IS NULL) EXECUTE FUNCTION app.name_the_caller();
CREATE OR REPLACE TRIGGER invitations_created_by BEFORE INSERT ON invitations
  FOR EACH ROW WHEN (NEW.created_by IS NULL) EXECUTE FUNCTION app.name_the_caller();
CREATE OR REPLACE TRIGGER patients_created_by BEFORE INSERT ON patients
  FOR EACH ROW WHEN (NEW.created_by IS NULL) EXECUTE FUNCTION app.name_the_caller();
CREATE OR REPLACE TRIGGER consent_rules_created_by BEFORE INSERT ON consent_rules
  FOR EACH ROW WHEN (NEW.created_by IS NULL) EXECUTE FUNCTION app.name_the_caller();
CREATE OR REPLACE TRIGGER symptom_reports_submitted_by BEFORE INSERT ON symptom_reports
  FOR EACH ROW WHEN (NEW.submitted_by IS NULL) EXECUTE FUNCTION app.name_the_caller();
CREATE OR REPLACE TRIGGER treatment_plans_updated_by BEFORE INSERT OR UPDATE ON treatment_plans
  FOR EACH ROW EXECUTE FUNCTION app.name_the_caller();

-- Who acknowledged, resolved or took on an alert is whoever changed its status
-- (lib/alerts/transitions.ts):
--   open -> acknowledged          acknowledged by the caller, and assigned to them;
--   open or acknowledged -> resolved
--                                 resolved by the caller, who also counts as having acknowledged
--                                 it, and as its assignee, if nobody had;
--   resolved -> acknowledged      (reopened) no longer resolved, assigned to the caller;
--   acknowledged -> open          (a worse report escalated the episode, alert-episodes.sql) no
--                                 longer acknowledged, so whoever acknowledges it again is recorded;
--                                 its assignee keeps it.
CREATE OR REPLACE FUNCTION app.alert_actors() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  IF me IS NULL OR NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  IF NEW.status = 'resolved' THEN
    NEW.resolved_by := me;
    NEW.acknowledged_by := coalesce(OLD.acknowledged_by, me);
    NEW.assigned_to := coalesce(OLD.assigned_to, me);
  ELSIF OLD.status = 'resolved' THEN
    NEW.resolved_by := NULL;
    NEW.assigned_to := me;
  ELSIF NEW.status = 'acknowledged' THEN
    NEW.acknowledged_by := me;
    NEW.assigned_to := me;
  ELSIF NEW.status = 'open' THEN
    NEW.acknowledged_by := NULL;
    NEW.acknowledged_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER alerts_actors BEFORE UPDATE OF status ON alerts
  FOR EACH ROW EXECUTE FUNCTION app.alert_actors();

-- Hands an open or acknowledged alert to an active clinician of the alert's care team, at the
-- version the caller saw (of two clinicians acting at once, one wins), when the caller may act on
-- the alert (the alerts update policy's own test: app.consent_allows). True when it was handed
-- over; false for anything else, which the caller then explains (db/queries/alert-actions.ts).
CREATE OR REPLACE FUNCTION app.assign_alert(alert uuid, patient uuid, expected_version integer, assignee uuid)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  UPDATE alerts a SET assigned_to = assignee, version = a.version + 1
  WHERE a.id = alert AND a.patient_id = patient AND a.version = expected_version
    AND a.status IN ('open', 'acknowledged')
    AND app.consent_allows('alerts', a.patient_id)
    AND EXISTS (
      SELECT 1 FROM staff_memberships m JOIN users u ON u.id = m.user_id
      WHERE m.care_team_id = a.care_team_id AND m.user_id = assignee
        AND m.role IN ('oncologist', 'nurse') AND u.deactivated_at IS NULL);
  RETURN FOUND;
END
$$;
ALTER FUNCTION app.assign_alert(uuid, uuid, integer, uuid) OWNER TO serums_definer;
