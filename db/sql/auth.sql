-- Sign-in, one-time links, device tokens, and the admin's unlock and second-factor reset.
--
-- Sign-in, one-time links and device authentication run before there is a user context, so what
-- they must read or write goes through the SECURITY DEFINER functions below and nothing else. The
-- throttling policy (how many failures slow or lock, for how long) lives in TypeScript
-- (lib/auth/throttle.ts) and is passed in, so there is one place to read it. The throttle table
-- belongs to these functions alone: row-level security is forced on it with no policy, and the
-- request role holds no privilege on it.

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
-- attempts cannot slip past the count.
CREATE OR REPLACE FUNCTION app.record_sign_in_failure(target uuid, email_key text, address_key text, at timestamptz,
                                                      lock_seconds integer[], address_window_seconds integer)
RETURNS TABLE (failures integer, locked_until timestamptz, address_failures integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
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
ALTER FUNCTION app.record_sign_in_failure(uuid, text, text, timestamptz, integer[], integer) OWNER TO serums_definer;

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
-- the hash of an active token whose patient's account is active, and nothing for anything else.
CREATE OR REPLACE FUNCTION app.authenticate_device(token_hash text, at timestamptz)
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
    WHERE d.token_hash = authenticate_device.token_hash AND d.revoked_at IS NULL AND u.deactivated_at IS NULL
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
