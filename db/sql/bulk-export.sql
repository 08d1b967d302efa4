-- FHIR Bulk Data export (`$export`) for backend services (SMART Backend Services, smart.sql): the
-- exports a service asked for and their NDJSON files. Only the service that asked reads them: row
-- level security admits the caller whose identity is the export's (a backend service, established
-- by app.begin_smart) and nobody else, not even an admin. Nothing writes them but the functions
-- below; the request role holds SELECT alone.
--
-- The worker (server/smart/bulk-export.ts) claims an export as nobody (app.claim_bulk_exports),
-- which mints a job token for the service that lasts as long as the claim's lease; it then reads
-- each batch of patients as that service (app.begin_smart with the job token), so row-level security
-- limits the export exactly as it limits the service's own reads, and a revoked service, a patient's
-- deny rule or a withdrawn consent apply from the next batch. An export and its files go a day after
-- it was asked for (app.sweep_bulk_exports, the worker's periodic sweep).

ALTER TABLE bulk_exports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS bulk_exports_select ON bulk_exports;
CREATE POLICY bulk_exports_select ON bulk_exports FOR SELECT TO serums_app
  USING (account_id = (SELECT app.active_user_id()) AND cardinality((SELECT app.backend_team_ids())) > 0);
DROP POLICY IF EXISTS bulk_exports_insert ON bulk_exports;
CREATE POLICY bulk_exports_insert ON bulk_exports FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS bulk_exports_update ON bulk_exports;
CREATE POLICY bulk_exports_update ON bulk_exports FOR UPDATE TO serums_app USING (false);
DROP POLICY IF EXISTS bulk_exports_delete ON bulk_exports;
CREATE POLICY bulk_exports_delete ON bulk_exports FOR DELETE TO serums_app USING (false);

ALTER TABLE bulk_export_files ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS bulk_export_files_select ON bulk_export_files;
CREATE POLICY bulk_export_files_select ON bulk_export_files FOR SELECT TO serums_app
  USING (account_id = (SELECT app.active_user_id()) AND cardinality((SELECT app.backend_team_ids())) > 0);
DROP POLICY IF EXISTS bulk_export_files_insert ON bulk_export_files;
CREATE POLICY bulk_export_files_insert ON bulk_export_files FOR INSERT TO serums_app WITH CHECK (false);
DROP POLICY IF EXISTS bulk_export_files_update ON bulk_export_files;
CREATE POLICY bulk_export_files_update ON bulk_export_files FOR UPDATE TO serums_app USING (false);
DROP POLICY IF EXISTS bulk_export_files_delete ON bulk_export_files;
CREATE POLICY bulk_export_files_delete ON bulk_export_files FOR DELETE TO serums_app USING (false);

-- The calling backend service asks for an export: of every patient it reads, or (`group_id`) of
-- those it reads through one of its care teams. Returns the export's id; NULL for any other caller
-- or a team that is not the service's.
CREATE OR REPLACE FUNCTION app.start_bulk_export(group_id uuid, types text[], since timestamptz, request_url text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
  teams uuid[] := app.backend_team_ids();
  client smart_clients;
  created uuid;
BEGIN
  IF cardinality(teams) = 0 OR (group_id IS NOT NULL AND NOT group_id = ANY (teams)) THEN
    RETURN NULL;
  END IF;
  SELECT c.* INTO client FROM smart_clients c WHERE c.account_id = me AND c.kind = 'backend' AND c.revoked_at IS NULL;
  IF client.id IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO bulk_exports (client_id, account_id, organisation_id, group_id, types, since, request_url)
  VALUES (client.id, me, client.organisation_id, start_bulk_export.group_id, types, since, request_url)
  RETURNING id INTO created;
  RETURN created;
END
$$;
ALTER FUNCTION app.start_bulk_export(uuid, text[], timestamptz, text) OWNER TO serums_definer;

-- The calling service cancels its export (or, once complete, deletes its files): true if it had one.
CREATE OR REPLACE FUNCTION app.cancel_bulk_export(export uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF cardinality(app.backend_team_ids()) = 0 THEN
    RETURN false;
  END IF;
  DELETE FROM bulk_export_files f WHERE f.export_id = export AND f.account_id = app.active_user_id();
  UPDATE bulk_exports e SET status = 'cancelled', lease_until = NULL
  WHERE e.id = export AND e.account_id = app.active_user_id() AND e.status <> 'cancelled';
  RETURN FOUND;
END
$$;
ALTER FUNCTION app.cancel_bulk_export(uuid) OWNER TO serums_definer;

-- The patients an export covers, as the calling service reads them now: every patient it may read
-- any category of, or only through `team` (one of its care teams). Sorted, so batches follow.
CREATE OR REPLACE FUNCTION app.bulk_export_patients(team uuid) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  teams uuid[] := app.backend_team_ids();
BEGIN
  IF cardinality(teams) = 0 OR (team IS NOT NULL AND NOT team = ANY (teams)) THEN
    RETURN '{}';
  END IF;
  RETURN ARRAY(
    SELECT DISTINCT r.patient_id FROM consent_rules r
    WHERE r.grantee_care_team_id = coalesce(team, r.grantee_care_team_id)
      AND r.patient_id = ANY (app.backend_patient_ids('demographics') || app.backend_patient_ids('symptoms')
                              || app.backend_patient_ids('treatment') || app.backend_patient_ids('alerts'))
      AND (team IS NOT NULL OR r.grantee_care_team_id = ANY (teams))
      AND r.effect = 'allow' AND r.revoked_at IS NULL
    ORDER BY r.patient_id);
END
$$;
ALTER FUNCTION app.bulk_export_patients(uuid) OWNER TO serums_definer;

-- The worker, as nobody, claims up to `max_count` exports waiting or whose lease ran out, each for
-- `lease_seconds`, and is given for each a job token that establishes its service until the lease
-- ends (app.begin_smart). An export whose service was revoked, or that ran out of time, fails here.
-- Refuses a signed-in caller: only the worker claims.
CREATE OR REPLACE FUNCTION app.claim_bulk_exports(max_count integer, lease_seconds integer)
RETURNS TABLE (id uuid, token text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  job record;
  secret text;
BEGIN
  IF app.current_user_id() IS NOT NULL THEN
    RAISE EXCEPTION 'only the worker claims exports' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE bulk_exports e SET status = 'failed', error = 'The backend service was revoked.', lease_until = NULL
  WHERE e.status IN ('queued', 'running')
    AND EXISTS (SELECT FROM smart_clients c WHERE c.id = e.client_id AND c.revoked_at IS NOT NULL);
  UPDATE bulk_exports e SET status = 'failed', error = 'The export did not finish in time.', lease_until = NULL
  WHERE e.status IN ('queued', 'running') AND e.expires_at <= now() + interval '1 hour';
  FOR job IN
    SELECT e.id, e.client_id FROM bulk_exports e
    WHERE e.status IN ('queued', 'running') AND (e.lease_until IS NULL OR e.lease_until < now())
    ORDER BY e.created_at
    LIMIT max_count
    FOR UPDATE SKIP LOCKED
  LOOP
    secret := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
    UPDATE bulk_exports e SET status = 'running', lease_until = now() + make_interval(secs => lease_seconds),
      attempts = e.attempts + 1
    WHERE e.id = job.id;
    INSERT INTO oauth_records (kind, id_hash, payload, expires_at)
    VALUES ('BulkExport', app.link_token_hash(secret), jsonb_build_object('clientId', job.client_id, 'exportId', job.id),
      now() + make_interval(secs => lease_seconds));
    id := job.id;
    token := secret;
    RETURN NEXT;
  END LOOP;
END
$$;
ALTER FUNCTION app.claim_bulk_exports(integer, integer) OWNER TO serums_definer;

-- The calling service records one batch of its running export: the patient list (first batch
-- only, which also fixes the manifest's transactionTime), how many patients are now done, the files
-- (`[{"resourceType", "ndjson", "count"}]`), and whether it is complete. False, and nothing kept,
-- when the export is no longer running (cancelled meanwhile).
CREATE OR REPLACE FUNCTION app.save_bulk_export_batch(export uuid, patients uuid[], done integer, files jsonb,
  finished boolean) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  IF cardinality(app.backend_team_ids()) = 0 THEN
    RETURN false;
  END IF;
  UPDATE bulk_exports e SET
    patient_ids = coalesce(e.patient_ids, patients),
    transaction_time = coalesce(e.transaction_time, now()),
    done = save_bulk_export_batch.done,
    status = CASE WHEN finished THEN 'completed' ELSE e.status END,
    completed_at = CASE WHEN finished THEN now() END,
    lease_until = CASE WHEN finished THEN NULL ELSE e.lease_until END
  WHERE e.id = export AND e.account_id = me AND e.status = 'running';
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO bulk_export_files (export_id, account_id, resource_type, ndjson, count)
  SELECT export, me, f.resource_type, f.ndjson, f.count
  FROM jsonb_to_recordset(files) AS f(resource_type text, ndjson text, count integer)
  WHERE f.count > 0;
  RETURN true;
END
$$;
ALTER FUNCTION app.save_bulk_export_batch(uuid, uuid[], integer, jsonb, boolean) OWNER TO serums_definer;

-- The calling service hands its running export back before its lease ends (the worker's round is
-- over), so that the next round claims it again at once.
CREATE OR REPLACE FUNCTION app.release_bulk_export(export uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  UPDATE bulk_exports e SET lease_until = NULL
  WHERE e.id = export AND e.account_id = app.active_user_id() AND e.status = 'running'
    AND cardinality(app.backend_team_ids()) > 0
$$;
ALTER FUNCTION app.release_bulk_export(uuid) OWNER TO serums_definer;

-- The calling service's running export failed: the error is what the manifest says.
CREATE OR REPLACE FUNCTION app.fail_bulk_export(export uuid, message text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  UPDATE bulk_exports e SET status = 'failed', error = left(message, 500), lease_until = NULL
  WHERE e.id = export AND e.account_id = app.active_user_id() AND e.status = 'running'
    AND cardinality(app.backend_team_ids()) > 0
$$;
ALTER FUNCTION app.fail_bulk_export(uuid, text) OWNER TO serums_definer;

-- The worker's sweep, as nobody: exports (and their files) asked for more than a day ago. Returns
-- how many went.
CREATE OR REPLACE FUNCTION app.sweep_bulk_exports() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  gone integer;
BEGIN
  IF app.current_user_id() IS NOT NULL THEN
    RETURN 0;
  END IF;
  DELETE FROM bulk_exports e WHERE e.expires_at < now();
  GET DIAGNOSTICS gone = ROW_COUNT;
  RETURN gone;
END
$$;
ALTER FUNCTION app.sweep_bulk_exports() OWNER TO serums_definer;
