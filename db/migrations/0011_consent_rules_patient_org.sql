-- Consent decided from the rules' index alone. app.consented_patient_ids checked that each
-- consented patient belongs to one of the caller's clinical organisations by looking the patient
-- up: one primary-key probe per patient of the caller's teams (about 280 for a nurse of a team of
-- the scale seed), in every policy of every statement. Each rule now carries its patient's
-- organisation, filled in by a trigger and kept right by a foreign key to patients (id,
-- organisation_id) that follows a change of organisation; a covering index on the team grants
-- answers the whole team side with an index-only scan. The rule is the same; the access matrix,
-- the bypass tests and tests/consent-equivalence.test.ts hold it. Measured in docs/benchmarks.md.
ALTER TABLE patients ADD CONSTRAINT patients_id_organisation_unique UNIQUE (id, organisation_id);
--> statement-breakpoint
ALTER TABLE consent_rules ADD COLUMN patient_organisation_id uuid;
--> statement-breakpoint
UPDATE consent_rules r SET patient_organisation_id = p.organisation_id FROM patients p WHERE p.id = r.patient_id;
--> statement-breakpoint
ALTER TABLE consent_rules ALTER COLUMN patient_organisation_id SET NOT NULL;
--> statement-breakpoint
ALTER TABLE consent_rules ADD CONSTRAINT consent_rules_patient_organisation_fk
  FOREIGN KEY (patient_id, patient_organisation_id) REFERENCES patients (id, organisation_id) ON UPDATE CASCADE;
--> statement-breakpoint
-- Inserts never name the column: the rule takes its patient's organisation.
CREATE OR REPLACE FUNCTION app.consent_rule_patient_organisation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  NEW.patient_organisation_id := (SELECT p.organisation_id FROM patients p WHERE p.id = NEW.patient_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.consent_rule_patient_organisation() OWNER TO serums_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app.consent_rule_patient_organisation() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER consent_rules_patient_organisation BEFORE INSERT OR UPDATE OF patient_id ON consent_rules
  FOR EACH ROW EXECUTE FUNCTION app.consent_rule_patient_organisation();
--> statement-breakpoint
CREATE INDEX consent_rules_team_grants ON consent_rules (grantee_care_team_id)
  INCLUDE (patient_id, patient_organisation_id, effect, categories, valid_from, valid_until, revoked_at);
--> statement-breakpoint
DROP INDEX consent_rules_grantee_care_team_id_index;
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
        AND r.patient_organisation_id IN (SELECT organisation_id FROM clinical)
        AND consented_patient_ids.category = ANY (r.categories)
        AND r.revoked_at IS NULL
        AND r.valid_from <= now()
        AND (r.valid_until IS NULL OR r.valid_until > now())
      UNION ALL
      SELECT r.patient_id, r.effect
      FROM consent_rules r
      WHERE r.grantee_care_team_id IN (SELECT care_team_id FROM clinical WHERE care_team_id IS NOT NULL)
        AND r.patient_organisation_id IN (SELECT organisation_id FROM clinical)
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
      SELECT e.patient_id FROM emergency_accesses e JOIN patients p ON p.id = e.patient_id, me
      WHERE e.user_id = me.id AND e.started_at <= now() AND e.expires_at > now()
        AND p.organisation_id IN (SELECT organisation_id FROM clinical)
    )
    SELECT coalesce(array_agg(c.patient_id), '{}')
    FROM (SELECT patient_id FROM consented UNION SELECT patient_id FROM emergency) c -- UNION: each once
  );
END
$$;
--> statement-breakpoint
-- Like the consent helpers in 0009: PL/pgSQL keeps its plan for the session, where a SECURITY
-- DEFINER function in SQL is planned again on every call (each policy on organisations, care
-- teams and accounts calls this one).
CREATE OR REPLACE FUNCTION app.own_org_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT org), '{}') FROM (
      SELECT u.organisation_id AS org FROM users u WHERE u.id = app.active_user_id()
      UNION
      SELECT m.organisation_id FROM staff_memberships m WHERE m.user_id = app.active_user_id()
    ) AS orgs
  );
END
$$;
