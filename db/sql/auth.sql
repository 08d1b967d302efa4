-- Who is asking, sign-in, one-time links, device tokens, and the admin's unlock and second-factor
-- reset.
--
-- A transaction's identity (context.sql) is established here and nowhere else:
--   app.begin_session(token)   a browser session's secret token: the web app, on every request;
--   app.begin_device(token)    a device's bearer token: the device API;
--   app.open_session(user)     a new session, once the password is right: the sign-in role only;
--   app.assume_identity(user)  the sign-in role only, for the second step and for tests.
-- The web role holds the first two and can be nobody else: it has no user's token but the one the
-- request brought.
--
-- Sign-in, one-time links and device authentication run before there is a user context, so what
-- they must read or write goes through the SECURITY DEFINER functions below and nothing else.
-- Credentials and the failure count are the sign-in role's alone (grants.sql). How long failures
-- lock is fixed here, in app.sign_in_throttle_policy, and lib/auth/throttle.ts reads the same
-- numbers (tests/auth.test.ts compares them). The throttle table belongs to these functions
-- alone: row-level security is forced on it with no policy, and the request role holds no
-- privilege on it.

-- The caller of this transaction is the account of the session whose secret token this is, if the
-- session has not been revoked and the account is active; nobody otherwise. Returns the session's
-- id, or NULL. Idle and absolute time-outs, which depend on the organisation's settings, are judged
-- by the caller afterwards (server/auth/session.ts), which revokes a stale session.
CREATE OR REPLACE FUNCTION app.begin_session(token text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  found_session uuid;
  account uuid;
BEGIN
  SELECT s.id, s.user_id INTO found_session, account
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = app.link_token_hash(begin_session.token) AND s.revoked_at IS NULL AND u.deactivated_at IS NULL;
  PERFORM app.set_identity(account);
  RETURN found_session;
END
$$;
ALTER FUNCTION app.begin_session(text) OWNER TO serums_definer;

-- The caller is the account of the patient whose device holds this bearer token, if the token is
-- active and the account too; nobody otherwise. Returns the token's id, or NULL.
CREATE OR REPLACE FUNCTION app.begin_device(token text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  found_token uuid;
  account uuid;
BEGIN
  SELECT d.id, p.user_id INTO found_token, account
  FROM device_tokens d JOIN patients p ON p.id = d.patient_id JOIN users u ON u.id = p.user_id
  WHERE d.token_hash = app.link_token_hash(begin_device.token) AND d.revoked_at IS NULL AND u.deactivated_at IS NULL;
  PERFORM app.set_identity(account);
  RETURN found_token;
END
$$;
ALTER FUNCTION app.begin_device(text) OWNER TO serums_definer;

-- The sign-in role, after checking the password: a new session for the account, named by the
-- secret token the caller made (only its hash is kept), and the account is the caller for the rest
-- of the transaction. Refused for a deactivated account. `at` is the server's clock
-- (server/clock.ts), against which the session's time-outs are judged.
CREATE OR REPLACE FUNCTION app.open_session(account uuid, token text, user_agent text, at timestamptz) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  created uuid;
BEGIN
  IF NOT EXISTS (SELECT FROM users u WHERE u.id = account AND u.deactivated_at IS NULL) THEN
    RAISE EXCEPTION 'no active account to open a session for' USING ERRCODE = '42501';
  END IF;
  INSERT INTO sessions (user_id, token_hash, user_agent, created_at, last_seen_at)
  VALUES (account, app.link_token_hash(token), left(user_agent, 300), at, at)
  RETURNING id INTO created;
  PERFORM app.set_identity(account);
  RETURN created;
END
$$;
ALTER FUNCTION app.open_session(uuid, text, text, timestamptz) OWNER TO serums_definer;

-- The sign-in role only: the account (a user id as text; anything else is nobody) is the caller
-- for the rest of the transaction.
CREATE OR REPLACE FUNCTION app.assume_identity(account text) RETURNS uuid
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT app.set_identity(app.to_uuid(account))
$$;
ALTER FUNCTION app.assume_identity(text) OWNER TO serums_definer;

-- How failures slow and lock sign-in: seconds locked after the 1st, 2nd, ... consecutive failure
-- (the last entry for every later one), and the window in which a source address's failures count.
CREATE OR REPLACE FUNCTION app.sign_in_throttle_policy(OUT lock_seconds integer[], OUT address_window_seconds integer)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT '{0,0,5,15,900}'::integer[], 900
$$;
ALTER FUNCTION app.sign_in_throttle_policy() OWNER TO serums_definer;

-- Credentials are read through this function and nothing else: the request role cannot read a
-- password hash or a TOTP secret, not even its own (grants.sql). One row for an existing account,
-- none otherwise.
CREATE OR REPLACE FUNCTION app.sign_in_lookup(address text)
RETURNS TABLE (user_id uuid, organisation_id uuid, kind user_kind, password_hash text,
               mfa_secret_enc text, mfa_enabled boolean, deactivated boolean,
               locked_until timestamptz, failed_sign_ins integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.organisation_id, u.kind, u.password_hash, u.mfa_secret_enc,
         u.mfa_enabled_at IS NOT NULL, u.deactivated_at IS NOT NULL, u.locked_until, u.failed_sign_ins
  FROM users u WHERE u.email = lower(address)
$$;
ALTER FUNCTION app.sign_in_lookup(text) OWNER TO serums_definer;

-- The caller's own TOTP secret, for enrolling and checking a second factor.
CREATE OR REPLACE FUNCTION app.own_mfa_secret(account uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.mfa_secret_enc FROM users u WHERE u.id = account AND u.id = app.active_user_id()
$$;
ALTER FUNCTION app.own_mfa_secret(uuid) OWNER TO serums_definer;

-- The throttle rows for some keys (hashed source addresses and unknown emails).
CREATE OR REPLACE FUNCTION app.sign_in_throttle_state(keys text[])
RETURNS TABLE (key text, failures integer, window_started_at timestamptz, locked_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT t.key, t.failures, t.window_started_at, t.locked_until FROM sign_in_throttles t WHERE t.key = ANY (keys)
$$;
ALTER FUNCTION app.sign_in_throttle_state(text[]) OWNER TO serums_definer;

-- Records one failed attempt (a wrong password or a wrong second-factor code). The account's
-- consecutive failures grow (or, for an email with no account, the email key's), and it is locked
-- for lock_seconds[failures] seconds (the last entry for every failure beyond the array). The
-- source address counts failures in fixed windows of address_window_seconds. Atomic, so parallel
-- attempts cannot slip past the count. The sign-in role's: a request has app.record_second_factor_failure.
DROP FUNCTION IF EXISTS app.record_sign_in_failure(uuid, text, text, timestamptz, integer[], integer);
CREATE OR REPLACE FUNCTION app.record_sign_in_failure(target uuid, email_key text, address_key text, at timestamptz)
RETURNS TABLE (failures integer, locked_until timestamptz, address_failures integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  lock_seconds integer[] := (app.sign_in_throttle_policy()).lock_seconds;
  address_window_seconds integer := (app.sign_in_throttle_policy()).address_window_seconds;
  n integer;
  lock_for integer;
  until timestamptz;
  address_n integer;
BEGIN
  IF target IS NOT NULL THEN
    UPDATE users u SET failed_sign_ins = u.failed_sign_ins + 1 WHERE u.id = target RETURNING u.failed_sign_ins INTO n;
  ELSIF email_key IS NOT NULL THEN
    INSERT INTO sign_in_throttles AS t (key, failures, window_started_at, updated_at)
    VALUES (email_key, 1, at, at)
    ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1, updated_at = at
    RETURNING t.failures INTO n;
  END IF;
  IF n IS NOT NULL THEN
    lock_for := lock_seconds[least(n, array_length(lock_seconds, 1))];
    IF lock_for > 0 THEN
      until := at + make_interval(secs => lock_for);
      IF target IS NOT NULL THEN
        UPDATE users u SET locked_until = greatest(u.locked_until, until) WHERE u.id = target RETURNING u.locked_until INTO until;
      ELSE
        UPDATE sign_in_throttles t SET locked_until = greatest(t.locked_until, until) WHERE t.key = email_key
        RETURNING t.locked_until INTO until;
      END IF;
    END IF;
  END IF;
  IF address_key IS NOT NULL THEN
    INSERT INTO sign_in_throttles AS t (key, failures, window_started_at, updated_at)
    VALUES (address_key, 1, at, at)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_started_at <= at - make_interval(secs => address_window_seconds) THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN t.window_started_at <= at - make_interval(secs => address_window_seconds) THEN at ELSE t.window_started_at END,
      updated_at = at
    RETURNING t.failures INTO address_n;
  END IF;
  -- Rows for addresses and unknown emails are forgotten after a month of quiet.
  IF random() < 0.01 THEN
    DELETE FROM sign_in_throttles t WHERE t.updated_at < at - interval '30 days';
  END IF;
  RETURN QUERY SELECT n, until, address_n;
END
$$;
ALTER FUNCTION app.record_sign_in_failure(uuid, text, text, timestamptz) OWNER TO serums_definer;

-- A wrong second-factor code, counted against the caller's own account (and the source address):
-- the same count and locks as a wrong password.
CREATE OR REPLACE FUNCTION app.record_second_factor_failure(address_key text, at timestamptz)
RETURNS TABLE (failures integer, locked_until timestamptz, address_failures integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'a second factor is checked for a signed-in account' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT * FROM app.record_sign_in_failure(me, NULL, address_key, at);
END
$$;
ALTER FUNCTION app.record_second_factor_failure(text, timestamptz) OWNER TO serums_definer;

-- One-time links (activation and password reset). The database sees the raw token only here and
-- hashes it itself, so a stored hash is no key (and the request role cannot read one anyway,
-- grants.sql): whoever redeems a link must hold the token that was handed out.
CREATE OR REPLACE FUNCTION app.link_token_hash(token text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to(token, 'UTF8')), 'hex')
$$;
ALTER FUNCTION app.link_token_hash(text) OWNER TO serums_definer;

-- Whether the caller may issue (and see, and spend) one-time links for the account: an admin of its
-- organisation for a staff account; for a patient account only its first activation (no password
-- yet), and only a clinician of the patient's own care team, as at enrolment. Nobody issues a link
-- for a patient who has set a password: whoever held that link could sign in as the patient and
-- read and change their record and consent.
CREATE OR REPLACE FUNCTION app.may_issue_link(target uuid, purpose text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM users u
    WHERE u.id = target AND u.kind = 'staff'
      AND u.organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
  ) OR (
    may_issue_link.purpose = 'activate' AND EXISTS (
      SELECT 1 FROM users u JOIN patients p ON p.user_id = u.id
      WHERE u.id = target AND u.kind = 'patient' AND u.password_hash IS NULL AND u.deactivated_at IS NULL
        AND p.organisation_id = u.organisation_id
        AND p.primary_care_team_id = ANY ((SELECT app.clinical_team_ids())::uuid[])
    )
  )
$$;
ALTER FUNCTION app.may_issue_link(uuid, text) OWNER TO serums_definer;

-- What a one-time link is for, found by its raw token. The page shows the account's email, so the
-- person can see whose password they are setting. (Dropped first: its parameter was once named
-- token_hash, and CREATE OR REPLACE cannot rename a parameter.)
DROP FUNCTION IF EXISTS app.invitation_lookup(text);
CREATE OR REPLACE FUNCTION app.invitation_lookup(token text)
RETURNS TABLE (invitation_id uuid, user_id uuid, email text, display_name text, kind user_kind, purpose text,
               expires_at timestamptz, used_at timestamptz, deactivated boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT i.id, u.id, u.email, u.display_name, u.kind, i.purpose, i.expires_at, i.used_at, u.deactivated_at IS NOT NULL
  FROM invitations i JOIN users u ON u.id = i.user_id
  WHERE i.token_hash = app.link_token_hash(invitation_lookup.token)
$$;
ALTER FUNCTION app.invitation_lookup(text) OWNER TO serums_definer;

-- Uses a one-time link, by its raw token: sets the new password, clears any lock, spends every open
-- link of the account and ends its sessions (a reset means someone else may have had the old
-- password), and records it in the audit trail. Expiry is judged by the database's own clock, never
-- a time the caller passes. Whoever holds the link acts here, before anyone is signed in, so the
-- event names the account and no actor; only this function writes it, so an activation or a reset
-- in the trail always happened. Returns no row for an unknown, used or expired link or a
-- deactivated account; the row lock makes a link usable once even when two requests race.
DROP FUNCTION IF EXISTS app.redeem_invitation(text, text, timestamptz);
CREATE OR REPLACE FUNCTION app.redeem_invitation(token text, new_password_hash text)
RETURNS TABLE (user_id uuid, organisation_id uuid, kind user_kind, purpose text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  link invitations;
  account users;
  at timestamptz := clock_timestamp();
BEGIN
  SELECT * INTO link FROM invitations i WHERE i.token_hash = app.link_token_hash(redeem_invitation.token) FOR UPDATE;
  IF NOT FOUND OR link.used_at IS NOT NULL OR link.expires_at <= at THEN
    RETURN;
  END IF;
  SELECT * INTO account FROM users u WHERE u.id = link.user_id;
  IF account.deactivated_at IS NOT NULL THEN
    RETURN;
  END IF;
  UPDATE users u SET password_hash = new_password_hash, failed_sign_ins = 0, locked_until = NULL WHERE u.id = account.id;
  UPDATE invitations i SET used_at = at WHERE i.user_id = account.id AND i.used_at IS NULL;
  UPDATE sessions s SET revoked_at = at WHERE s.user_id = account.id AND s.revoked_at IS NULL;
  INSERT INTO audit_events (organisation_id, action, resource_type, resource_id, outcome)
  VALUES (account.organisation_id,
          CASE link.purpose WHEN 'activate' THEN 'account_activated' ELSE 'password_reset_completed' END,
          'user', account.id::text, 'allowed');
  RETURN QUERY SELECT account.id, account.organisation_id, account.kind, link.purpose;
END
$$;
ALTER FUNCTION app.redeem_invitation(text, text) OWNER TO serums_definer;

-- A device authenticates in one call: the token's owner, their account and organisation, and the
-- token's last use recorded (at most once a minute). It needs no user context: it answers only for
-- an active token whose patient's account is active, and nothing for anything else. It takes the
-- raw token and hashes it itself, like app.begin_device, so a stored hash is no key.
DROP FUNCTION IF EXISTS app.authenticate_device(text, timestamptz);
CREATE OR REPLACE FUNCTION app.authenticate_device(token text, at timestamptz)
RETURNS TABLE (token_id uuid, patient_id uuid, user_id uuid, display_name text, organisation_id uuid,
  organisation_settings jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH owner AS (
    SELECT d.id, d.patient_id, p.user_id, u.display_name, p.organisation_id, o.settings
    FROM device_tokens d
    JOIN patients p ON p.id = d.patient_id
    JOIN users u ON u.id = p.user_id
    JOIN organisations o ON o.id = p.organisation_id
    WHERE d.token_hash = app.link_token_hash(authenticate_device.token) AND d.revoked_at IS NULL AND u.deactivated_at IS NULL
  ),
  used AS (
    UPDATE device_tokens d SET last_used_at = authenticate_device.at
    FROM owner
    WHERE d.id = owner.id
      AND (d.last_used_at IS NULL OR d.last_used_at < authenticate_device.at - interval '1 minute')
  )
  SELECT owner.id, owner.patient_id, owner.user_id, owner.display_name, owner.organisation_id, owner.settings
  FROM owner;
END
$$;
ALTER FUNCTION app.authenticate_device(text, timestamptz) OWNER TO serums_definer;

-- True when the caller is an active admin of the target account's organisation. Staff and patient
-- accounts alike: a patient locked out of the portal asks the clinic.
CREATE OR REPLACE FUNCTION app.is_admin_of_user(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM users u JOIN staff_memberships m ON m.organisation_id = u.organisation_id
    WHERE u.id = target AND m.user_id = app.active_user_id() AND m.role = 'admin'
  )
$$;
ALTER FUNCTION app.is_admin_of_user(uuid) OWNER TO serums_definer;

-- An admin lifts a lock: the failure count starts again from zero.
CREATE OR REPLACE FUNCTION app.unlock_account(target uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT app.is_admin_of_user(target) THEN
    RAISE EXCEPTION 'only an admin of the account''s organisation may unlock it' USING ERRCODE = '42501';
  END IF;
  UPDATE users u SET failed_sign_ins = 0, locked_until = NULL WHERE u.id = target;
  RETURN FOUND;
END
$$;
ALTER FUNCTION app.unlock_account(uuid) OWNER TO serums_definer;

-- An account's second factor goes: the secret and every recovery code, and every session ends, so
-- the next sign-in enrols again. Called by app.reset_account_mfa and app.decide_staff_change only.
CREATE OR REPLACE FUNCTION app.clear_second_factor(target uuid, at timestamptz) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  UPDATE users u SET mfa_secret_enc = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE u.id = target;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE recovery_codes r SET used_at = at WHERE r.user_id = target AND r.used_at IS NULL;
  UPDATE sessions s SET revoked_at = at WHERE s.user_id = target AND s.revoked_at IS NULL;
  RETURN true;
END
$$;
ALTER FUNCTION app.clear_second_factor(uuid, timestamptz) OWNER TO serums_definer;

-- An admin removes an account's second factor (a lost phone). A clinician's takes a second admin
-- (app.request_staff_change, admin.sql), so it is refused here.
CREATE OR REPLACE FUNCTION app.reset_account_mfa(target uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT app.is_admin_of_user(target) THEN
    RAISE EXCEPTION 'only an admin of the account''s organisation may reset its second factor' USING ERRCODE = '42501';
  END IF;
  IF app.needs_second_admin(target) THEN
    RAISE EXCEPTION 'second_admin_required: a clinician''s second factor is reset only with a second admin''s approval'
      USING ERRCODE = '42501';
  END IF;
  RETURN app.clear_second_factor(target, now());
END
$$;
ALTER FUNCTION app.reset_account_mfa(uuid) OWNER TO serums_definer;

-- One's own credentials. An account is created without any: its owner sets a password through a
-- one-time link (app.redeem_invitation) and a second factor after signing in. Whoever could create
-- an account with a password of their choosing would hold it: an admin a clinician's, a clinician
-- that of the patient she enrols, who would then read the record as the patient and lift their
-- rules. (A column INSERT privilege cannot say this: the app's inserts name every column, most as
-- DEFAULT.) After that the request role changes an account's second factor and sign-in failures,
-- and a session's verification and last use, only for the caller's own account: enrolling, using a
-- code, a successful sign-in. The users and sessions policies let admins update their staff's rows
-- (names, deactivation, ending sessions), but an admin who could set a clinician's TOTP secret,
-- switch it on, mark her session as having passed it or clear her lock could sign in as her; they
-- use app.reset_account_mfa and app.unlock_account, which answer for themselves. Those functions,
-- and the owner's seeds, run as other roles and are not held to this.
CREATE OR REPLACE FUNCTION app.own_credentials_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  account uuid;
BEGIN
  IF current_user <> 'serums_app' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF num_nonnulls(NEW.password_hash, NEW.mfa_secret_enc, NEW.mfa_enabled_at, NEW.mfa_last_step, NEW.locked_until) > 0
       OR NEW.failed_sign_ins <> 0 THEN
      RAISE EXCEPTION 'a new account has no credentials' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'users' THEN
    account := NEW.id;
  ELSE
    account := NEW.user_id;
  END IF;
  IF account IS DISTINCT FROM app.active_user_id() THEN
    RAISE EXCEPTION 'only the account''s owner changes its credentials' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER users_without_credentials BEFORE INSERT ON users
  FOR EACH ROW EXECUTE FUNCTION app.own_credentials_only();
CREATE OR REPLACE TRIGGER users_own_credentials BEFORE UPDATE OF mfa_secret_enc, mfa_enabled_at, mfa_last_step,
  failed_sign_ins, locked_until ON users
  FOR EACH ROW EXECUTE FUNCTION app.own_credentials_only();
CREATE OR REPLACE TRIGGER sessions_own_credentials BEFORE UPDATE OF mfa_verified_at, last_seen_at ON sessions
  FOR EACH ROW EXECUTE FUNCTION app.own_credentials_only();

-- The language an account reads the app in is its owner's to choose: an admin, who may change a
-- colleague's name, may not change the language she reads in.
CREATE OR REPLACE FUNCTION app.own_locale_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF current_user = 'serums_app' AND NEW.id IS DISTINCT FROM app.active_user_id() THEN
    RAISE EXCEPTION 'only the account''s owner chooses its language' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER users_own_locale BEFORE UPDATE OF locale ON users
  FOR EACH ROW WHEN (NEW.locale IS DISTINCT FROM OLD.locale) EXECUTE FUNCTION app.own_locale_only();

-- An email with a one-time link the caller has just issued (db/queries/auth.ts createInvitation),
-- queued to the account's own address. Only for an open link the caller issued, found by its raw
-- token, so nothing but a real link of theirs is ever sent.
CREATE OR REPLACE FUNCTION app.queue_link_email(token text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  link invitations;
  org uuid;
BEGIN
  SELECT * INTO link FROM invitations i
  WHERE i.token_hash = app.link_token_hash(queue_link_email.token) AND i.used_at IS NULL AND i.expires_at > now()
    AND i.created_by = app.active_user_id();
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  SELECT u.organisation_id INTO org FROM users u WHERE u.id = link.user_id;
  INSERT INTO notifications (organisation_id, kind, recipient_user_id, channel, step, link_path, next_attempt_at)
  VALUES (org, 'account_link', link.user_id, 'email', link.purpose, '/activate/' || queue_link_email.token, now());
  RETURN true;
END
$$;
ALTER FUNCTION app.queue_link_email(text) OWNER TO serums_definer;
