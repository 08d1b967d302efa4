-- The audit chain. Each audit_events row's hash covers its own fields and the previous row's hash,
-- so `npm run audit:verify` can name the first event that was altered, removed or reordered. The
-- head of the chain lives in the one-row table app.audit_chain_head (0001_tables_by_hand.sql),
-- whose row lock orders concurrent inserts, so ids follow the chain with no gaps; a rolled-back
-- insert rolls the head back with it. The request role may only insert events, and only its own
-- (grants.sql, policies-accounts.sql); the events that have no actor are written here and by
-- app.redeem_invitation (auth.sql).

-- A text as a JSON value: a quoted, escaped string, or null.
CREATE OR REPLACE FUNCTION app.json_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(to_json(value)::text, 'null')
$$;

-- The text that is hashed: the event's columns as one JSON object in RFC 8785 canonical form
-- (keys in code-unit order, no white space, JSON string escapes as ECMAScript writes them, which
-- to_json(text) also does), so a NULL column (null) and an empty one ("") hash differently.
-- lib/audit/chain.ts builds the same text with the `canonicalize` package to verify it; ids and
-- details (its jsonb text) are strings.
CREATE OR REPLACE FUNCTION app.audit_payload(e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT '{"action":' || app.json_text(e.action)
    || ',"actorRole":' || app.json_text(e.actor_role)
    || ',"actorUserId":' || app.json_text(e.actor_user_id::text)
    || ',"details":' || app.json_text(e.details::text)
    || ',"id":' || app.json_text(e.id::text)
    || ',"occurredAt":' || app.json_text(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || ',"organisationId":' || app.json_text(e.organisation_id::text)
    || ',"outcome":' || app.json_text(e.outcome::text)
    || ',"patientId":' || app.json_text(e.patient_id::text)
    || ',"prevHash":' || app.json_text(e.prev_hash)
    || ',"resourceId":' || app.json_text(e.resource_id)
    || ',"resourceType":' || app.json_text(e.resource_type)
    || '}'
$$;

-- Fills in id, time and both hashes of every new event, whatever the insert said.
CREATE OR REPLACE FUNCTION app.chain_audit_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  head app.audit_chain_head;
BEGIN
  SELECT * INTO head FROM app.audit_chain_head WHERE singleton FOR UPDATE;
  NEW.id := head.last_id + 1;
  NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
  NEW.prev_hash := head.last_hash;
  NEW.hash := encode(sha256(convert_to(app.audit_payload(NEW), 'UTF8')), 'hex');
  UPDATE app.audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
  RETURN NEW;
END
$$;
ALTER FUNCTION app.chain_audit_event() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION app.chain_audit_event();

-- Where the chain stands, for the checkpoints the app signs with a key the database never sees
-- and appends to a file outside it (server/audit/checkpoints.ts); `npm run audit:verify` checks the
-- chain against them, which catches the newest events dropped with the head moved back, and a
-- history re-chained after an edit. It shows how many events there are and the last hash, no event.
CREATE OR REPLACE FUNCTION app.audit_chain_position() RETURNS TABLE (last_id bigint, last_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT h.last_id, h.last_hash FROM app.audit_chain_head h WHERE h.singleton
$$;
ALTER FUNCTION app.audit_chain_position() OWNER TO serums_definer;

-- The events of a failed sign-in, which has no actor: an attempt that failed, the account it
-- locked, the source address that reached its limit. Only these, only while nobody is signed in
-- (a signed-in request records its events in its own name), with a reason from a fixed list, and
-- in the organisation of the account they name (none for an email that has no account): nobody
-- can add anonymous events of their choosing to an organisation's security log. Each says no
-- more than a failed attempt at the sign-in form would.
CREATE OR REPLACE FUNCTION app.append_sign_in_event(action text, account uuid, reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF app.current_user_id() IS NOT NULL THEN
    RAISE EXCEPTION 'a signed-in request records its audit events in its own name' USING ERRCODE = '42501';
  END IF;
  IF action NOT IN ('sign_in_failed', 'account_locked', 'source_address_rate_limited')
     OR reason NOT IN ('unknown_account', 'deactivated', 'wrong_password', 'slowed', 'locked',
                       'too_many_failures', 'address_limit') THEN
    RAISE EXCEPTION 'not a sign-in event: %, %', action, reason USING ERRCODE = '42501';
  END IF;
  INSERT INTO audit_events (organisation_id, action, resource_type, resource_id, outcome, details)
  SELECT u.organisation_id, action, CASE WHEN u.id IS NOT NULL THEN 'user' END, u.id::text, 'denied',
         jsonb_build_object('reason', reason)
  FROM (SELECT) AS one LEFT JOIN users u ON u.id = account;
END
$$;
ALTER FUNCTION app.append_sign_in_event(text, uuid, text) OWNER TO serums_definer;
