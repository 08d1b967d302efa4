-- The organisation and team helpers of the staff policies in PL/pgSQL, with the same bodies. As
-- LANGUAGE sql with SECURITY DEFINER and a pinned search_path they are never inlined and keep no
-- plan, so each call planned its query anew: the users policy's `clinical_org_ids() ||
-- admin_org_ids()` took about 0.46 ms of the triage queue statement's 2 ms. PL/pgSQL keeps each
-- query's plan for the session, as migration 0009 did for the consent helpers. The answers are the
-- same (the access matrix and the bypass tests hold them); measured in docs/benchmarks.md.

-- Organisations where the caller holds a clinical role.
CREATE OR REPLACE FUNCTION app.clinical_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}')
    FROM staff_memberships m
    WHERE m.user_id = app.active_user_id() AND m.role IN ('oncologist', 'nurse')
  );
END
$$;
--> statement-breakpoint

-- Organisations where the caller is an admin.
CREATE OR REPLACE FUNCTION app.admin_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT m.organisation_id), '{}')
    FROM staff_memberships m
    WHERE m.user_id = app.active_user_id() AND m.role = 'admin'
  );
END
$$;
--> statement-breakpoint

-- Care teams where the caller holds a clinical role.
CREATE OR REPLACE FUNCTION app.clinical_team_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT m.care_team_id), '{}')
    FROM staff_memberships m
    WHERE m.user_id = app.active_user_id() AND m.role IN ('oncologist', 'nurse') AND m.care_team_id IS NOT NULL
  );
END
$$;
