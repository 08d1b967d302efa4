-- Admin guard rails that hold in the database, whatever code path changes the rows: the last
-- active admin, and archived care teams. (That an admin cannot give themself a clinical role, nor
-- move their own clinical membership to another team, is in the staff_memberships policies of
-- policies-accounts.sql.)

-- An organisation that has an active admin always keeps one: removing the admin role from, or
-- deactivating, its last active admin is refused. Every such change takes one transaction-level
-- advisory lock per organisation before counting, so two admins removing each other at the same
-- moment are serialised and the second sees the first's change (each statement of a VOLATILE
-- plpgsql function reads a fresh snapshot under READ COMMITTED). The admin pages check the same
-- rule first, under row locks, to answer in a plain sentence (db/queries/admin.ts).
CREATE OR REPLACE FUNCTION app.keep_an_admin() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  orgs uuid[];
  org uuid;
BEGIN
  IF TG_TABLE_NAME = 'staff_memberships' THEN
    IF OLD.role <> 'admin' THEN
      RETURN NULL;
    END IF;
    orgs := ARRAY[OLD.organisation_id];
  ELSE
    IF NEW.deactivated_at IS NULL OR OLD.deactivated_at IS NOT NULL THEN
      RETURN NULL;
    END IF;
    SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}') INTO orgs
    FROM staff_memberships m WHERE m.user_id = NEW.id AND m.role = 'admin';
  END IF;
  FOREACH org IN ARRAY orgs LOOP
    PERFORM pg_advisory_xact_lock(7263101, hashtext(org::text));
    IF NOT EXISTS (
      SELECT 1 FROM staff_memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organisation_id = org AND m.role = 'admin' AND u.deactivated_at IS NULL
    ) THEN
      RAISE EXCEPTION 'organisation_keeps_an_admin: an organisation must keep at least one active admin'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'organisation_keeps_an_admin';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
ALTER FUNCTION app.keep_an_admin() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER staff_memberships_keep_an_admin AFTER DELETE ON staff_memberships
  FOR EACH ROW EXECUTE FUNCTION app.keep_an_admin();
CREATE OR REPLACE TRIGGER users_keep_an_admin AFTER UPDATE OF deactivated_at ON users
  FOR EACH ROW EXECUTE FUNCTION app.keep_an_admin();

-- Nobody is given a role in, or moved into, an archived care team.
CREATE OR REPLACE FUNCTION app.refuse_archived_care_team() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NEW.care_team_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM care_teams t WHERE t.id = NEW.care_team_id AND t.archived_at IS NOT NULL) THEN
    RAISE EXCEPTION 'care_team_not_archived: the care team is archived'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'care_team_not_archived';
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION app.refuse_archived_care_team() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER staff_memberships_active_care_team BEFORE INSERT OR UPDATE OF care_team_id ON staff_memberships
  FOR EACH ROW EXECUTE FUNCTION app.refuse_archived_care_team();
