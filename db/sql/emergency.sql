-- Emergency access ("break the glass"): the rules the emergency_accesses policies
-- (policies-records.sql) rely on, the renewal flag, and the admins' view of the accesses.
--
-- An access lasts at most four hours from the database's now(); an organisation may lower that
-- (settings.emergencyAccessMaxHours), never raise it. A new access by the same clinician to the
-- same patient while one is in force or within the hour after it ended is a renewal: the database
-- flags it, and it needs a reason other than the one it renews. Admins see that an access happened,
-- who opened it and when, through app.organisation_emergency_accesses: not the clinical reason,
-- which only the clinician and the patient read.

-- The longest an emergency access to this patient may last, in hours: 4, or the patient's
-- organisation's emergencyAccessMaxHours when that is a whole number from 1 to 3. NULL for a
-- patient outside the caller's organisations, so the check that uses it fails.
CREATE OR REPLACE FUNCTION app.emergency_access_max_hours(patient uuid) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE WHEN jsonb_typeof(o.settings -> 'emergencyAccessMaxHours') = 'number'
                AND (o.settings ->> 'emergencyAccessMaxHours') ~ '^[1-4]$'
              THEN (o.settings ->> 'emergencyAccessMaxHours')::integer
              ELSE 4 END
  FROM patients p JOIN organisations o ON o.id = p.organisation_id
  WHERE p.id = patient AND p.organisation_id = ANY ((SELECT app.own_org_ids())::uuid[])
$$;
ALTER FUNCTION app.emergency_access_max_hours(uuid) OWNER TO serums_definer;

-- A reason as compared between an access and its renewal: case and runs of spaces do not count.
CREATE OR REPLACE FUNCTION app.emergency_reason_key(reason text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
  SELECT lower(btrim(regexp_replace(reason, '\s+', ' ', 'g')))
$$;
ALTER FUNCTION app.emergency_reason_key(text) OWNER TO serums_definer;

-- The accesses a new one by `clinician` to `patient` starting at `at` would renew: in force then,
-- or ended within the hour before.
CREATE OR REPLACE FUNCTION app.emergency_accesses_renewed(clinician uuid, patient uuid, at timestamptz)
RETURNS SETOF emergency_accesses
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT e.* FROM emergency_accesses e
  WHERE e.user_id = clinician AND e.patient_id = patient
    AND e.started_at <= at AND e.expires_at > at - interval '1 hour'
$$;
ALTER FUNCTION app.emergency_accesses_renewed(uuid, uuid, timestamptz) OWNER TO serums_definer;

-- Whether a renewal by the caller repeats the reason of an access it renews (refused by the policy).
CREATE OR REPLACE FUNCTION app.emergency_reason_repeated(patient uuid, reason text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM app.emergency_accesses_renewed(app.active_user_id(), patient, now()) e
    WHERE app.emergency_reason_key(e.reason) = app.emergency_reason_key(emergency_reason_repeated.reason)
  )
$$;
ALTER FUNCTION app.emergency_reason_repeated(uuid, text) OWNER TO serums_definer;

-- The database, not the caller, says whether a new access is a renewal.
CREATE OR REPLACE FUNCTION app.emergency_access_flag_renewal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  NEW.renewal := EXISTS (SELECT 1 FROM app.emergency_accesses_renewed(NEW.user_id, NEW.patient_id, NEW.started_at));
  RETURN NEW;
END
$$;
ALTER FUNCTION app.emergency_access_flag_renewal() OWNER TO serums_definer;
CREATE OR REPLACE TRIGGER emergency_access_renewal BEFORE INSERT ON emergency_accesses
  FOR EACH ROW EXECUTE FUNCTION app.emergency_access_flag_renewal();

-- For an organisation's admins: its patients' emergency accesses, newest first, keyset paged by
-- start time. Who, when, whether a renewal, and the record's hospital number: never the reason, nor
-- the patient's name or anything clinical, since an admin without a clinical role reads nothing
-- else of the patient. The hospital number is the one identifier the admin needs to act on an
-- access: to answer the patient or the Caldicott guardian, and to find the record in the hospital's
-- own systems, which know patients by it. It says nothing clinical, and alone it does not name the
-- patient to someone without those systems. (A fragment of the record's id, as before, named
-- nothing anyone could look up.)
CREATE OR REPLACE FUNCTION app.organisation_emergency_accesses(before timestamptz, max_rows integer)
RETURNS TABLE (id uuid, user_id uuid, patient_ref text, started_at timestamptz, expires_at timestamptz,
               renewal boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT e.id, e.user_id, p.hospital_number, e.started_at, e.expires_at, e.renewal
  FROM emergency_accesses e JOIN patients p ON p.id = e.patient_id
  WHERE p.organisation_id = ANY ((SELECT app.admin_org_ids())::uuid[])
    AND (before IS NULL OR e.started_at < before)
  ORDER BY e.started_at DESC, e.id DESC
  LIMIT least(greatest(coalesce(max_rows, 1), 1), 201)
$$;
ALTER FUNCTION app.organisation_emergency_accesses(timestamptz, integer) OWNER TO serums_definer;
