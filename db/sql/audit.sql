-- The audit chain. Each audit_events row's hash covers its own fields and the previous row's hash,
-- so `npm run audit:verify` can name the first event that was altered, removed or reordered. The
-- head of the chain lives in the one-row table app.audit_chain_head (0001_tables_by_hand.sql),
-- whose row lock orders concurrent inserts, so ids follow the chain with no gaps; a rolled-back
-- insert rolls the head back with it. The request role may only insert events (grants.sql,
-- policies-accounts.sql).

-- The text that is hashed; lib/audit/chain.ts builds the same text to verify it.
CREATE OR REPLACE FUNCTION app.audit_payload(e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|',
    e.id::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.organisation_id::text, ''),
    coalesce(e.actor_user_id::text, ''),
    coalesce(e.actor_role, ''),
    e.action,
    coalesce(e.patient_id::text, ''),
    coalesce(e.resource_type, ''),
    coalesce(e.resource_id, ''),
    e.outcome::text,
    coalesce(e.details::text, ''),
    e.prev_hash)
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
