-- Runs before every migration run, as the migration login (a superuser on PGlite and local servers, the
-- database owner with CREATEROLE + BYPASSRLS on Neon). Idempotent. It creates the three NOLOGIN roles of the
-- database contract and lets the migration login act as each; everything else is created as livery_owner.
--   livery_owner  owns every object; migrations and operator commands run as it.
--   livery_app    tenant data, under RLS with app.tenant_id (owns nothing, no BYPASSRLS).
--   livery_auth   the identity tables (users, sessions, accounts, oauth_states) and nothing else (owns nothing,
--                 no BYPASSRLS); the auth module switches to livery_app for tenant rows.
-- The service logs in as a role of its own that is a member of livery_app and livery_auth only (README
-- "Security model": CREATE ROLE … LOGIN; GRANT livery_app, livery_auth TO …), never as this login.

DO $bootstrap$
DECLARE
  -- From PostgreSQL 16 on, a membership only allows SET ROLE when granted WITH SET; "MEMBER" is not enough.
  can_set text := CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END;
  has_role boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'livery_owner') THEN
    BEGIN
      CREATE ROLE livery_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database of this cluster won the race
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'livery_app') THEN
    BEGIN
      CREATE ROLE livery_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'livery_auth') THEN
    BEGIN
      CREATE ROLE livery_auth NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;

  EXECUTE format('SELECT pg_catalog.pg_has_role(current_user, %L, %L)', 'livery_owner', can_set) INTO has_role;
  IF NOT has_role THEN
    EXECUTE format('GRANT livery_owner TO %I', current_user);
  END IF;
  EXECUTE format('SELECT pg_catalog.pg_has_role(current_user, %L, %L)', 'livery_app', can_set) INTO has_role;
  IF NOT has_role THEN
    EXECUTE format('GRANT livery_app TO %I', current_user);
  END IF;
  EXECUTE format('SELECT pg_catalog.pg_has_role(current_user, %L, %L)', 'livery_auth', can_set) INTO has_role;
  IF NOT has_role THEN
    EXECUTE format('GRANT livery_auth TO %I', current_user);
  END IF;
END
$bootstrap$;

-- PostgreSQL 15 no longer lets PUBLIC create in `public`; the owner role needs that right, livery_app and
-- livery_auth must not have it.
GRANT USAGE, CREATE ON SCHEMA public TO livery_owner;
GRANT USAGE ON SCHEMA public TO livery_app, livery_auth;

SET LOCAL ROLE livery_owner;

CREATE TABLE IF NOT EXISTS livery_migrations (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
