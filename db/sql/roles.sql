-- The four roles. Roles belong to the whole server, not to one database, so they are created only
-- if missing (another database on the same server may have made them already).
--
-- serums_web      the login role the web app connects as: owns nothing, holds no privilege of its
--                 own, and can only act by `SET LOCAL ROLE serums_app` inside a transaction
--                 (db/rls.ts). NOINHERIT, so it cannot use serums_app's privileges without that.
-- serums_signin   the login role the sign-in code alone connects as (SIGNIN_DATABASE_URL): it
--                 reads credentials, counts failures and opens sessions (auth.sql), and then acts
--                 as serums_app like the web app. No web request runs as it.
-- serums_app      the role every request runs as; every grant (grants.sql) and every policy
--                 (policies-*.sql) is written for it. NOLOGIN.
-- serums_definer  owns the SECURITY DEFINER helpers that must look past row-level security
--                 (consent, sign-in, the audit chain). NOLOGIN, BYPASSRLS, and only the privileges
--                 those helpers need. No login role is a member of it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_app') THEN
    CREATE ROLE serums_app NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_web') THEN
    CREATE ROLE serums_web LOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_signin') THEN
    CREATE ROLE serums_signin LOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'serums_definer') THEN
    CREATE ROLE serums_definer NOLOGIN NOINHERIT BYPASSRLS;
  END IF;
  IF NOT pg_has_role('serums_web', 'serums_app', 'MEMBER') THEN
    GRANT serums_app TO serums_web;
  END IF;
  IF NOT pg_has_role('serums_signin', 'serums_app', 'MEMBER') THEN
    GRANT serums_app TO serums_signin;
  END IF;
END
$$;
