-- The consent helpers every policy calls, unchanged in what they return, rewritten in PL/pgSQL. A
-- SECURITY DEFINER function in LANGUAGE sql is never inlined, and PostgreSQL plans its query
-- again on every call: a few statements per request, each paying for the plan of the consent
-- query. PL/pgSQL keeps the plan for the session (a pooled connection), so each call only runs
-- it. Measured with npm run bench (docs/benchmarks.md).
CREATE OR REPLACE FUNCTION app.active_user_id() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (SELECT u.id FROM users u WHERE u.id = app.current_user_id() AND u.deactivated_at IS NULL);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.own_patient_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(p.id), '{}') FROM patients p WHERE p.user_id = app.active_user_id());
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    WITH me AS MATERIALIZED (
      SELECT app.active_user_id() AS id
    ),
    clinical AS MATERIALIZED (
      SELECT m.organisation_id, m.care_team_id
      FROM staff_memberships m, me
      WHERE m.user_id = me.id AND m.role IN ('oncologist', 'nurse')
    ),
    covering AS (
      SELECT r.patient_id, r.effect
      FROM consent_rules r, me
      WHERE r.grantee_user_id = me.id
        AND consented_patient_ids.category = ANY (r.categories)
        AND r.revoked_at IS NULL
        AND r.valid_from <= now()
        AND (r.valid_until IS NULL OR r.valid_until > now())
      UNION ALL
      SELECT r.patient_id, r.effect
      FROM consent_rules r
      WHERE r.grantee_care_team_id IN (SELECT care_team_id FROM clinical WHERE care_team_id IS NOT NULL)
        AND consented_patient_ids.category = ANY (r.categories)
        AND r.revoked_at IS NULL
        AND r.valid_from <= now()
        AND (r.valid_until IS NULL OR r.valid_until > now())
    ),
    consented AS (
      SELECT patient_id FROM covering
      GROUP BY patient_id
      HAVING bool_or(effect = 'allow') AND NOT bool_or(effect = 'deny')
    ),
    emergency AS (
      SELECT e.patient_id FROM emergency_accesses e, me
      WHERE e.user_id = me.id AND e.started_at <= now() AND e.expires_at > now()
    ),
    candidates AS (
      SELECT patient_id FROM consented
      UNION
      SELECT patient_id FROM emergency
    )
    SELECT coalesce(array_agg(DISTINCT p.id), '{}')
    FROM candidates c
    JOIN patients p ON p.id = c.patient_id
    WHERE p.organisation_id IN (SELECT organisation_id FROM clinical)
  );
END
$$;
