-- Row-level security on organisations, care teams, staff, accounts and their credentials, and the
-- audit trail. As in policies-records.sql: enabled and forced, a policy for each command for the
-- request role, each dropped and created again; a removed policy needs a DROP POLICY IF EXISTS.
-- Accounts, roles and links name who created them (created_by), and that is always the caller
-- (attribution.sql).

-- Organisations, care teams and memberships: visible to the organisation's own people; changed by
-- its admins. Organisations are created only by the owner (the seeds), never by a request.
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS organisations_select ON organisations;
CREATE POLICY organisations_select ON organisations FOR SELECT TO serums_app
  USING (id = ANY ((SELECT app.own_org_ids())::uuid[]));
DROP POLICY IF EXISTS organisations_insert ON organisations;
CREATE POLICY organisations_insert ON organisations FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS organisations_update ON organisations;
CREATE POLICY organisations_update ON organisations FOR UPDATE TO serums_app
  USING (id = ANY ((SELECT app.admin_org_ids())::uuid[])) WITH CHECK (id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS organisations_delete ON organisations;
CREATE POLICY organisations_delete ON organisations FOR DELETE TO serums_app USING (false);

ALTER TABLE care_teams ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS care_teams_select ON care_teams;
CREATE POLICY care_teams_select ON care_teams FOR SELECT TO serums_app
  USING (organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]));
DROP POLICY IF EXISTS care_teams_insert ON care_teams;
CREATE POLICY care_teams_insert ON care_teams FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS care_teams_update ON care_teams;
CREATE POLICY care_teams_update ON care_teams FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS care_teams_delete ON care_teams;
CREATE POLICY care_teams_delete ON care_teams FOR DELETE TO serums_app USING (false);

-- A request gives no role and moves none: every role, and every move of a clinical role to another
-- care team, takes a second admin's approval (app.decide_staff_change, admin.sql; the request role
-- has neither the INSERT privilege nor UPDATE of care_team_id, grants.sql). An admin may mark a team
-- lead (not their own clinical role) and remove a role. The last active admin of an organisation and
-- archived care teams are guarded by triggers (admin.sql).
ALTER TABLE staff_memberships ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS staff_memberships_select ON staff_memberships;
CREATE POLICY staff_memberships_select ON staff_memberships FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]));
DROP POLICY IF EXISTS staff_memberships_insert ON staff_memberships;
CREATE POLICY staff_memberships_insert ON staff_memberships FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS staff_memberships_update ON staff_memberships;
CREATE POLICY staff_memberships_update ON staff_memberships FOR UPDATE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
              AND (care_team_id IS NULL OR app.care_team_org_id(care_team_id) = organisation_id)
              AND NOT (user_id = (SELECT app.active_user_id()) AND role <> 'admin'));
DROP POLICY IF EXISTS staff_memberships_delete ON staff_memberships;
CREATE POLICY staff_memberships_delete ON staff_memberships FOR DELETE TO serums_app
  USING (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]));

-- Users: everyone reads their own account; staff read their colleagues' (names for assignment);
-- admins create and change staff accounts in their organisation, and a clinician who is not an
-- admin there creates patient accounts. Patients' accounts are private. Credentials are not
-- readable at all (grants.sql).
ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS users_select ON users;
CREATE POLICY users_select ON users FOR SELECT TO serums_app
  USING (id = (SELECT app.active_user_id())
         OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.clinical_org_ids() || app.admin_org_ids())::uuid[])));
DROP POLICY IF EXISTS users_insert ON users;
CREATE POLICY users_insert ON users FOR INSERT TO serums_app
  WITH CHECK (organisation_id = ANY ((SELECT app.admin_org_ids() || app.clinical_org_ids())::uuid[])
              AND (kind = 'staff') = (organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[]))
              AND created_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS users_update ON users;
CREATE POLICY users_update ON users FOR UPDATE TO serums_app
  USING (id = (SELECT app.active_user_id())
         OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])))
  WITH CHECK (id = (SELECT app.active_user_id())
              OR (kind = 'staff' AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
DROP POLICY IF EXISTS users_delete ON users;
CREATE POLICY users_delete ON users FOR DELETE TO serums_app USING (false);

-- Sessions and recovery codes: one's own; admins may end the sessions of their organisation's
-- accounts. One-time links (invitations) follow below.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS sessions_select ON sessions;
CREATE POLICY sessions_select ON sessions FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
-- No insert: a session is opened by app.open_session (auth.sql), for the sign-in role alone.
DROP POLICY IF EXISTS sessions_insert ON sessions;
CREATE POLICY sessions_insert ON sessions FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS sessions_update ON sessions;
CREATE POLICY sessions_update ON sessions FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]))
  WITH CHECK (user_id = (SELECT app.active_user_id()) OR app.user_org_id(user_id) = ANY ((SELECT app.admin_org_ids())::uuid[]));
DROP POLICY IF EXISTS sessions_delete ON sessions;
CREATE POLICY sessions_delete ON sessions FOR DELETE TO serums_app USING (false);

-- One-time links: only whoever may invite the account (app.may_issue_link, auth.sql: admins for
-- staff, the patient's care team for a patient's first activation) issues, sees or spends its
-- links, and names themself as the issuer; a clinician's link takes a second admin's approval
-- (app.decide_staff_change, admin.sql). The token hash is not readable at all (grants.sql).
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS invitations_select ON invitations;
CREATE POLICY invitations_select ON invitations FOR SELECT TO serums_app
  USING (app.may_issue_link(user_id, purpose));
DROP POLICY IF EXISTS invitations_insert ON invitations;
CREATE POLICY invitations_insert ON invitations FOR INSERT TO serums_app
  WITH CHECK (app.may_issue_link(user_id, purpose) AND NOT app.needs_second_admin(user_id)
              AND created_by = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS invitations_update ON invitations;
CREATE POLICY invitations_update ON invitations FOR UPDATE TO serums_app
  USING (app.may_issue_link(user_id, purpose)) WITH CHECK (app.may_issue_link(user_id, purpose));
DROP POLICY IF EXISTS invitations_delete ON invitations;
CREATE POLICY invitations_delete ON invitations FOR DELETE TO serums_app USING (false);

ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS recovery_codes_select ON recovery_codes;
CREATE POLICY recovery_codes_select ON recovery_codes FOR SELECT TO serums_app
  USING (user_id = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS recovery_codes_insert ON recovery_codes;
CREATE POLICY recovery_codes_insert ON recovery_codes FOR INSERT TO serums_app
  WITH CHECK (user_id = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS recovery_codes_update ON recovery_codes;
CREATE POLICY recovery_codes_update ON recovery_codes FOR UPDATE TO serums_app
  USING (user_id = (SELECT app.active_user_id())) WITH CHECK (user_id = (SELECT app.active_user_id()));
DROP POLICY IF EXISTS recovery_codes_delete ON recovery_codes;
CREATE POLICY recovery_codes_delete ON recovery_codes FOR DELETE TO serums_app USING (false);

-- Audit events: a request appends only its own events: the caller is the actor, in their own
-- organisation (or none, which no admin's log shows), and a patient's account names no patient
-- but its own record (staff may name any patient: a refused attempt to open a record is audited
-- too). Events without an actor are written only by the sign-in functions
-- (app.append_sign_in_event, app.redeem_invitation), never by a request's insert. A patient reads
-- the events about their record; admins read their organisation's staff and security events,
-- which name no patient. Nobody updates or deletes (no privilege either).
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_events_select ON audit_events;
CREATE POLICY audit_events_select ON audit_events FOR SELECT TO serums_app
  USING (patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
         OR (patient_id IS NULL AND organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])));
DROP POLICY IF EXISTS audit_events_insert ON audit_events;
CREATE POLICY audit_events_insert ON audit_events FOR INSERT TO serums_app
  WITH CHECK (actor_user_id = (SELECT app.active_user_id())
              AND (organisation_id IS NULL OR organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]))
              AND (patient_id IS NULL
                   OR patient_id = ANY ((SELECT app.own_patient_ids())::uuid[])
                   -- the caller holds a staff role, or is a backend service recording its own reads
                   OR cardinality((SELECT app.clinical_org_ids() || app.admin_org_ids())) > 0
                   OR cardinality((SELECT app.backend_team_ids())) > 0));
DROP POLICY IF EXISTS audit_events_update ON audit_events;
CREATE POLICY audit_events_update ON audit_events FOR UPDATE TO serums_app USING (false);
DROP POLICY IF EXISTS audit_events_delete ON audit_events;
CREATE POLICY audit_events_delete ON audit_events FOR DELETE TO serums_app USING (false);

-- Tables only the SECURITY DEFINER helpers use (serums_definer, BYPASSRLS): forced row-level
-- security with no policy, so any other role that were ever granted them would see no row.
ALTER TABLE sign_in_throttles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.consent_access ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
