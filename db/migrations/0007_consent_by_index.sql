-- The consent rule of app.consented_patient_ids, unchanged, in a form the planner can answer from
-- indexes. The first version joined "rules naming me OR rules naming my teams" (an OR the planner
-- can only answer by reading every consent rule) and then tested every patient of the caller's
-- organisations against the result (reading every patient). Both grow with the whole database and
-- ran on every statement a clinician makes, since every policy calls this function.
--
-- Now: the rules naming the caller (consent_rules_grantee_user_id_index) and those naming their
-- care teams (consent_rules_grantee_care_team_id_index) are read separately (a rule names exactly
-- one grantee, by the consent_rules_one_grantee check, so UNION ALL counts no rule twice), and only
-- the patients so found are looked up by primary key. The cost follows the caller's own patients.
-- tests/consent-equivalence.test.ts still holds it to lib/consent/evaluate.ts.
CREATE OR REPLACE FUNCTION app.consented_patient_ids(category text) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
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
      AND category = ANY (r.categories)
      AND r.revoked_at IS NULL
      AND r.valid_from <= now()
      AND (r.valid_until IS NULL OR r.valid_until > now())
    UNION ALL
    SELECT r.patient_id, r.effect
    FROM consent_rules r
    WHERE r.grantee_care_team_id IN (SELECT care_team_id FROM clinical WHERE care_team_id IS NOT NULL)
      AND category = ANY (r.categories)
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
$$;
--> statement-breakpoint
ALTER FUNCTION app.consented_patient_ids(text) OWNER TO serums_definer;
