-- Admin guard rails that hold in the database, whatever code path changes the rows: the last
-- active admin, archived care teams, and the two-person rule for changes that could hand someone
-- clinical data. (That an admin cannot give themself a clinical role, nor
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

-- ---------------------------------------------------------------------------------------------
-- The two-person rule. A change that could give someone a patient's data, or power over the
-- accounts that have it, takes two admins of the organisation: giving a role (oncologist, nurse or
-- admin, also as a new account's first role), moving a clinical role to another care team (its
-- patients change), a new one-time link (activation or password reset) for an account that holds a
-- role, and resetting such an account's second factor. One admin asks (app.request_staff_change);
-- another admin, who is not the account changed, approves, which carries the change out in the same
-- call, or refuses (app.decide_staff_change). So one admin cannot make a second admin account and
-- approve their own requests with it: that account's admin role already took a second admin.
-- The request role cannot make these changes any other way: it inserts no staff_memberships and
-- updates no membership's care team (grants.sql); the invitations insert policy and
-- app.reset_account_mfa refuse an account with a role (app.needs_second_admin), and
-- users_own_credentials (auth.sql) keeps everyone's password and second factor their own. A link goes
-- by email to the account's own address (the notifications outbox), and its path comes back to the
-- approving admin only where the organisation's settings say `showOneTimeLinks: true`, a setting the
-- request role may turn off but never on (app.keep_links_off_screen below). Every request, approval
-- and refusal is an audit event with its admin as the actor (app/(admin)/admin/actions.ts).
--
-- An organisation's first two admins are the operator's to make, as the owner (the seed does it):
-- an organisation with one admin cannot give anyone a role until it has a second.

-- Whether a change to the account's link or second factor needs a second admin: it holds a role
-- (clinical, or admin: an admin account taken over would approve its taker's requests), or one has
-- been asked for it and not yet decided (so nobody can take the account over while it waits). Only
-- for accounts of the caller's own organisations.
CREATE OR REPLACE FUNCTION app.needs_second_admin(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM staff_memberships m
    WHERE m.user_id = target AND m.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
  ) OR EXISTS (
    SELECT 1 FROM staff_change_requests r
    WHERE r.target_user_id = target AND r.kind IN ('clinical_role', 'admin_role') AND r.status = 'pending'
      AND r.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
  )
$$;
ALTER FUNCTION app.needs_second_admin(uuid) OWNER TO serums_definer;

-- An admin asks for a change: 'clinical_role' (a role and the care team to give it in),
-- 'admin_role' (role admin, no team), 'care_team_move' (the clinical role, the team to move it to and
-- the team it leaves), 'one_time_link' or 'mfa_reset' (neither). Returns the request's id; asking
-- again for the same undecided change returns the same request. Nothing else happens until another
-- admin decides. No admin asks for a change to their own roles.
CREATE OR REPLACE FUNCTION app.request_staff_change(change text, target uuid, wanted_role staff_role, team uuid,
                                                    from_team uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
  account users;
  request uuid;
BEGIN
  SELECT * INTO account FROM users u
  WHERE u.id = target AND u.kind = 'staff' AND u.organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]);
  IF me IS NULL OR account.id IS NULL THEN
    RAISE EXCEPTION 'only an admin of the account''s organisation may ask for a change to it' USING ERRCODE = '42501';
  END IF;
  IF account.deactivated_at IS NOT NULL THEN
    RAISE EXCEPTION 'staff_change_active_account: the account is deactivated'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_active_account';
  END IF;
  IF change IN ('clinical_role', 'admin_role', 'care_team_move') AND target = me THEN
    RAISE EXCEPTION 'an admin cannot ask for a change to their own roles' USING ERRCODE = '42501';
  END IF;
  IF change IN ('clinical_role', 'care_team_move') THEN
    IF wanted_role IS NULL OR wanted_role = 'admin' OR team IS NULL
       OR app.care_team_org_id(team) IS DISTINCT FROM account.organisation_id
       OR (change = 'clinical_role') <> (from_team IS NULL) THEN
      RAISE EXCEPTION 'staff_change_valid: a clinical role needs a care team of the account''s organisation'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_valid';
    END IF;
    IF EXISTS (
      SELECT 1 FROM staff_memberships m
      WHERE m.user_id = target AND m.organisation_id = account.organisation_id AND m.role = wanted_role
        AND m.care_team_id = team
    ) THEN
      RAISE EXCEPTION 'the account already holds that role in that care team' USING ERRCODE = 'unique_violation';
    END IF;
    IF change = 'care_team_move' AND NOT EXISTS (
      SELECT 1 FROM staff_memberships m
      WHERE m.user_id = target AND m.organisation_id = account.organisation_id AND m.role = wanted_role
        AND m.care_team_id = from_team AND from_team <> team
    ) THEN
      RAISE EXCEPTION 'staff_change_valid: the account holds no such role to move'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_valid';
    END IF;
  ELSIF change = 'admin_role' THEN
    IF wanted_role IS DISTINCT FROM 'admin' OR team IS NOT NULL OR from_team IS NOT NULL THEN
      RAISE EXCEPTION 'staff_change_valid: the admin role has no care team'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_valid';
    END IF;
  ELSIF change IN ('one_time_link', 'mfa_reset') THEN
    IF wanted_role IS NOT NULL OR team IS NOT NULL OR from_team IS NOT NULL OR NOT app.needs_second_admin(target) THEN
      RAISE EXCEPTION 'staff_change_valid: only the link or second factor of an account with a role needs a second admin'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_valid';
    END IF;
  ELSE
    RAISE EXCEPTION 'staff_change_valid: no such change' USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_valid';
  END IF;
  -- One undecided request per change: two admins asking at once are serialised here.
  PERFORM pg_advisory_xact_lock(7263103, hashtext(target::text));
  SELECT r.id INTO request FROM staff_change_requests r
  WHERE r.status = 'pending' AND r.kind = change AND r.target_user_id = target
    AND r.role IS NOT DISTINCT FROM wanted_role AND r.care_team_id IS NOT DISTINCT FROM team
    AND r.from_care_team_id IS NOT DISTINCT FROM from_team;
  IF request IS NULL THEN
    INSERT INTO staff_change_requests (organisation_id, kind, target_user_id, role, care_team_id, from_care_team_id,
                                       requested_by)
    VALUES (account.organisation_id, change, target, wanted_role, team, from_team, me)
    RETURNING id INTO request;
  END IF;
  RETURN request;
END
$$;
ALTER FUNCTION app.request_staff_change(text, uuid, staff_role, uuid, uuid) OWNER TO serums_definer;

-- A new one-time link for the account, made here so that no admin ever holds its token unless the
-- organisation shows links on screen: every earlier open link of the account stops working, the
-- link (from the caller, 72 hours as INVITATION_TTL_HOURS) is stored only as its hash, and an email with it is
-- queued to the account's own address (app.queue_link_email). Returns the link's path where the organisation's settings
-- say `showOneTimeLinks: true`, NULL otherwise. Called only by app.decide_staff_change.
CREATE OR REPLACE FUNCTION app.issue_account_link(account uuid, purpose text, at timestamptz)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  -- 244 random bits, URL-safe, the shape of newLinkToken() in db/queries/auth.ts.
  token text := translate(rtrim(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')),
                                       'base64'), '='), '+/', '-_');
  org organisations;
BEGIN
  SELECT o.* INTO org FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE u.id = account;
  UPDATE invitations i SET used_at = at WHERE i.user_id = account AND i.used_at IS NULL;
  INSERT INTO invitations (user_id, token_hash, purpose, expires_at, created_by, created_at)
  VALUES (account, app.link_token_hash(token), purpose, at + interval '72 hours', app.active_user_id(), at);
  PERFORM app.queue_link_email(token);
  RETURN CASE WHEN (org.settings ->> 'showOneTimeLinks') = 'true' THEN '/activate/' || token END;
END
$$;
ALTER FUNCTION app.issue_account_link(uuid, text, timestamptz) OWNER TO serums_definer;

-- Another admin of the organisation approves (and so carries out) or refuses an undecided request.
-- The admin who asked can do neither, nor can the account the change is for. Approving a role for an
-- account that has no password yet also sends it a new activation link; a one-time link is an activation or a reset as the
-- account has a password or not. Returns what was done: the request's kind and account, the
-- purpose of any link sent and its path where the organisation shows links on screen.
CREATE OR REPLACE FUNCTION app.decide_staff_change(request uuid, approve boolean)
RETURNS TABLE (kind text, target_user_id uuid, link_purpose text, link_path text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
  r staff_change_requests;
  account users;
  purpose text;
  path text;
  at timestamptz := now();
BEGIN
  SELECT * INTO r FROM staff_change_requests x
  WHERE x.id = request AND x.organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
  FOR UPDATE;
  IF me IS NULL OR r.id IS NULL THEN
    RAISE EXCEPTION 'no request the caller may decide' USING ERRCODE = '42501';
  END IF;
  IF r.requested_by = me OR r.target_user_id = me THEN
    RAISE EXCEPTION 'second_admin_required: a change needs an admin other than the one who asked for it and the one it is for'
      USING ERRCODE = '42501';
  END IF;
  IF r.status <> 'pending' THEN
    RAISE EXCEPTION 'staff_change_undecided: the request has already been decided'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_undecided';
  END IF;
  UPDATE staff_change_requests x
  SET status = CASE WHEN approve THEN 'approved' ELSE 'refused' END, decided_by = me, decided_at = at
  WHERE x.id = r.id;
  IF approve THEN
    SELECT * INTO account FROM users u WHERE u.id = r.target_user_id;
    IF account.deactivated_at IS NOT NULL THEN
      RAISE EXCEPTION 'staff_change_active_account: the account is deactivated'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_active_account';
    END IF;
    IF r.kind IN ('clinical_role', 'admin_role') THEN
      INSERT INTO staff_memberships (user_id, organisation_id, care_team_id, role, created_by, created_at)
      VALUES (account.id, r.organisation_id, r.care_team_id, r.role, r.requested_by, at)
      ON CONFLICT ON CONSTRAINT staff_memberships_unique_role DO NOTHING;
      purpose := CASE WHEN account.password_hash IS NULL THEN 'activate' END;
    ELSIF r.kind = 'care_team_move' THEN
      UPDATE staff_memberships m SET care_team_id = r.care_team_id
      WHERE m.user_id = account.id AND m.organisation_id = r.organisation_id AND m.role = r.role
        AND m.care_team_id = r.from_care_team_id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'staff_change_valid: the role to move is no longer in that care team'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_change_valid';
      END IF;
    ELSIF r.kind = 'one_time_link' THEN
      purpose := CASE WHEN account.password_hash IS NULL THEN 'activate' ELSE 'reset' END;
    ELSE
      PERFORM app.clear_second_factor(account.id, at);
    END IF;
    IF purpose IS NOT NULL THEN
      path := app.issue_account_link(account.id, purpose, at);
    END IF;
  END IF;
  RETURN QUERY SELECT r.kind, r.target_user_id, purpose, path;
END
$$;
ALTER FUNCTION app.decide_staff_change(uuid, boolean) OWNER TO serums_definer;

-- Showing one-time links on screen puts a link to someone else's account in an admin's hands, so
-- the request role may turn `showOneTimeLinks` off but never on: turning it on is the operator's
-- decision, made as the owner. (Checked against the role the statement runs as, so the owner's
-- seeds and maintenance are not refused.)
CREATE OR REPLACE FUNCTION app.keep_links_off_screen() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF current_user = 'serums_app'
     AND (NEW.settings ->> 'showOneTimeLinks') = 'true'
     AND (OLD.settings ->> 'showOneTimeLinks') IS DISTINCT FROM 'true' THEN
    RAISE EXCEPTION 'only the operator shows one-time links on screen' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER organisations_keep_links_off_screen BEFORE UPDATE OF settings ON organisations
  FOR EACH ROW EXECUTE FUNCTION app.keep_links_off_screen();

ALTER TABLE staff_change_requests ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS staff_change_requests_select ON staff_change_requests;
CREATE POLICY staff_change_requests_select ON staff_change_requests FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS staff_change_requests_insert ON staff_change_requests;
CREATE POLICY staff_change_requests_insert ON staff_change_requests FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS staff_change_requests_update ON staff_change_requests;
CREATE POLICY staff_change_requests_update ON staff_change_requests FOR UPDATE TO serums_app USING (false) WITH CHECK (false);
DROP POLICY IF EXISTS staff_change_requests_delete ON staff_change_requests;
CREATE POLICY staff_change_requests_delete ON staff_change_requests FOR DELETE TO serums_app USING (false);
