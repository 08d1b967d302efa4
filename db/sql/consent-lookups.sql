-- What the request path reads about consent before it runs any data query, and what the sharing
-- page needs to name people. Each reveals nothing the caller is not named in or entitled to.

-- The patient's organisation, the rules for that patient that name the caller (directly or through
-- a care team they hold a clinical role in) and the caller's unexpired emergency accesses to that
-- patient. `checked_at` is the transaction's now(), the instant the policies compare validity
-- against. lib/consent/evaluate.ts makes the decision from it; the policies then enforce the same
-- rule again on every row. For a backend service (smart.sql), the rules of the care teams it was
-- granted.
CREATE OR REPLACE FUNCTION app.viewer_consent(patient uuid)
RETURNS TABLE (organisation_id uuid, rules jsonb, emergency jsonb, checked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH me AS (SELECT app.active_user_id() AS id)
  SELECT p.organisation_id,
    coalesce((
      SELECT jsonb_agg(jsonb_build_object(
        'granteeUserId', r.grantee_user_id, 'granteeCareTeamId', r.grantee_care_team_id, 'effect', r.effect,
        'categories', r.categories, 'validFrom', r.valid_from, 'validUntil', r.valid_until, 'revokedAt', r.revoked_at))
      FROM consent_rules r, me
      WHERE r.patient_id = p.id
        AND (r.grantee_user_id = me.id
             OR r.grantee_care_team_id = ANY ((SELECT app.clinical_team_ids() || app.backend_team_ids())::uuid[]))
    ), '[]'::jsonb),
    coalesce((
      SELECT jsonb_agg(jsonb_build_object('startedAt', e.started_at, 'expiresAt', e.expires_at))
      FROM emergency_accesses e, me
      WHERE e.patient_id = p.id AND e.user_id = me.id AND e.expires_at > now()
    ), '[]'::jsonb),
    now()
  FROM patients p, me
  WHERE p.id = patient AND me.id IS NOT NULL
    -- Another organisation's patient is answered like a patient that does not exist.
    AND p.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.viewer_consent(uuid) OWNER TO serums_definer;

-- Names of staff in the caller's own organisation, so a patient can read who their consent rules
-- name without being able to list staff accounts.
CREATE OR REPLACE FUNCTION app.staff_names(ids uuid[])
RETURNS TABLE (user_id uuid, display_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.display_name FROM users u
  WHERE u.id = ANY (ids) AND u.kind = 'staff' AND u.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.staff_names(uuid[]) OWNER TO serums_definer;

-- The clinicians of the caller's organisation, by name and role, so a patient can choose whom to
-- grant or deny access to. Names and roles only: no contact details.
CREATE OR REPLACE FUNCTION app.clinician_directory()
RETURNS TABLE (user_id uuid, display_name text, roles text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.display_name, string_agg(DISTINCT m.role::text, ', ' ORDER BY m.role::text)
  FROM users u JOIN staff_memberships m ON m.user_id = u.id
  WHERE u.kind = 'staff' AND u.deactivated_at IS NULL AND m.role IN ('oncologist', 'nurse')
    AND m.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
  GROUP BY u.id, u.display_name
  ORDER BY u.display_name
$$;
ALTER FUNCTION app.clinician_directory() OWNER TO serums_definer;

-- The prescribers who may be named as having decided a change to a patient's treatment: the active
-- oncologists of the caller's organisation who may read that patient's treatment now (consent or an
-- emergency access, as app.consent_access holds it), by name. Only for a caller who may read it too.
CREATE OR REPLACE FUNCTION app.prescribers_for(patient uuid)
RETURNS TABLE (user_id uuid, display_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT u.id, u.display_name
  FROM users u
  WHERE u.kind = 'staff' AND u.deactivated_at IS NULL
    AND EXISTS (SELECT FROM staff_memberships m
                WHERE m.user_id = u.id AND m.role = 'oncologist'
                  AND m.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[]))
    AND EXISTS (SELECT FROM app.consent_access a
                WHERE a.user_id = u.id AND a.patient_id = patient AND a.category = 'treatment'
                  AND a.valid_from <= now() AND (a.valid_until IS NULL OR a.valid_until > now()))
    AND EXISTS (SELECT FROM app.consent_access mine
                WHERE mine.user_id = (SELECT app.active_user_id()) AND mine.patient_id = patient
                  AND mine.category = 'treatment'
                  AND mine.valid_from <= now() AND (mine.valid_until IS NULL OR mine.valid_until > now()))
  ORDER BY u.display_name
$$;
ALTER FUNCTION app.prescribers_for(uuid) OWNER TO serums_definer;
