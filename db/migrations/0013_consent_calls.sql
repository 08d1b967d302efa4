-- Fewer consent helper calls per statement. Each SECURITY DEFINER call costs tens of microseconds
-- before its query runs (the pinned search_path is set and restored around it), and each policy's
-- readable_patient_ids made four: itself inlined into own_patient_ids and consented_patient_ids,
-- each asking app.active_user_id. Now readable_patient_ids asks for the caller once and reads both
-- lists itself; own_org_ids asks once instead of twice. The answers are the same (the access
-- matrix, the bypass tests and tests/consent-equivalence.test.ts hold them); measured in
-- docs/benchmarks.md.

-- The patients whose `category` staff member `me` may read now, from app.consent_access. Not
-- SECURITY DEFINER: only the helpers below, already running as serums_definer, may call it.
CREATE OR REPLACE FUNCTION app.consent_access_ids(me uuid, category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(a.patient_id), '{}')
    FROM app.consent_access a
    WHERE a.user_id = me
      AND a.category = consent_access_ids.category
      AND a.valid_from <= pg_catalog.now()
      AND (a.valid_until IS NULL OR a.valid_until > pg_catalog.now())
  );
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_access_ids(uuid, text) OWNER TO serums_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app.consent_access_ids(uuid, text) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN app.consent_access_ids(app.active_user_id(), category);
END
$$;
--> statement-breakpoint
-- Everyone whose `category` the caller may read: their own record, and what consent allows.
CREATE OR REPLACE FUNCTION app.readable_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  RETURN (SELECT coalesce(array_agg(p.id), '{}') FROM patients p WHERE p.user_id = me)
    || app.consent_access_ids(me, category);
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.readable_patient_ids(text) OWNER TO serums_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.own_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me uuid := app.active_user_id();
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT org), '{}') FROM (
      SELECT u.organisation_id AS org FROM users u WHERE u.id = me
      UNION ALL
      SELECT m.organisation_id FROM staff_memberships m WHERE m.user_id = me
    ) AS orgs
  );
END
$$;
