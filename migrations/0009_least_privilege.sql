-- Least privilege (issue 10). The service no longer logs in as a role that can become livery_owner: its login is a
-- member of livery_app and livery_auth only (README "Security model"), so SQL run by an application bug can neither
-- RESET ROLE into the owner nor read a row RLS hides. Three things follow here:
--   1. livery_auth (created by bootstrap.sql) gets exactly what the auth module needs on the identity tables, and
--      nothing on tenant tables: for those the auth module switches to livery_app with the tenant's context, and the
--      two cross-tenant operations it performs on a *user's* rows (merging a visitor into an account; finding
--      users who hold nothing, for housekeeping) are the SECURITY DEFINER functions below.
--   2. The platform host and the partner root live in the database (livery_settings, written by `livery migrate` and
--      by the Node server's start as the owner), so livery_resolve_host no longer trusts roots passed by its caller.
--   3. livery_resolve_host(host) replaces livery_resolve_host(host, platform_host, partner_root).

-- 1. The identity tables, for livery_auth. Column lists on UPDATE name what the auth module changes; DELETE where
-- rows end (pruned OAuth flows, housekeeping of ended sessions and abandoned anonymous users). SELECT … FOR UPDATE
-- (locking users) needs UPDATE on a column, which it has.
GRANT SELECT, INSERT, DELETE, UPDATE (level, email, name, merged_into, updated_at) ON users TO livery_auth;
GRANT SELECT, INSERT, DELETE, UPDATE (revoked_at) ON sessions TO livery_auth;
GRANT SELECT, INSERT, UPDATE (user_id, email, email_verified) ON accounts TO livery_auth;
GRANT SELECT, INSERT, DELETE, UPDATE (consumed_at) ON oauth_states TO livery_auth;

-- Merging a visitor into the account that owns the identity it signed in with: everything keyed by the visitor in
-- tenant tables moves to the account, across tenants (a visitor's drafts and inquiries may be anywhere). Only the
-- rows of a user already recorded as merged into the target move (users.merged_into, which the caller sets first in
-- the same transaction), so this function can do nothing an identity change has not already decided. Drafts whose
-- (tenant, name) the account uses keep both unless identical: the visitor's is renamed "Name (2)", "Name (3)", …
-- (within the 100-character limit). Returns what happened, for the caller's summary.
CREATE FUNCTION livery_merge_user_data(from_user uuid, to_user uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  moved integer;
  duplicates integer := 0;
  renamed jsonb := '[]'::jsonb;
  inquiries_moved integer;
  clash record;
  n integer;
  suffix text;
  candidate text;
BEGIN
  IF from_user IS NULL OR to_user IS NULL OR from_user = to_user
     OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = from_user AND u.merged_into = to_user)
     OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = to_user AND u.merged_into IS NULL) THEN
    RAISE EXCEPTION 'only the rows of a user merged into % move to it', to_user USING ERRCODE = 'insufficient_privilege';
  END IF;

  -- Drafts whose (tenant, name) the account does not use move as they are.
  WITH m AS (
    UPDATE drafts d SET user_id = to_user
     WHERE d.user_id = from_user
       AND NOT EXISTS (SELECT 1 FROM drafts t WHERE t.user_id = to_user AND t.tenant_id = d.tenant_id AND t.name = d.name)
    RETURNING 1)
  SELECT count(*) INTO moved FROM m;

  -- The rest clash by name: identical content is the same draft (the visitor's copy goes), different content is kept
  -- under the first free name.
  FOR clash IN
    SELECT s.tenant_id, s.name, (s.content = t.content) AS same
      FROM drafts s JOIN drafts t ON t.tenant_id = s.tenant_id AND t.name = s.name AND t.user_id = to_user
     WHERE s.user_id = from_user
     ORDER BY s.tenant_id, s.name
  LOOP
    IF clash.same THEN
      DELETE FROM drafts d WHERE d.user_id = from_user AND d.tenant_id = clash.tenant_id AND d.name = clash.name;
      duplicates := duplicates + 1;
      CONTINUE;
    END IF;
    n := 2;
    LOOP
      suffix := ' (' || n || ')';
      candidate := regexp_replace(left(clash.name, 100 - length(suffix)), '\s+$', '') || suffix;
      EXIT WHEN NOT EXISTS (SELECT 1 FROM drafts t
                             WHERE t.user_id = to_user AND t.tenant_id = clash.tenant_id AND t.name = candidate);
      n := n + 1;
    END LOOP;
    UPDATE drafts d SET user_id = to_user, name = candidate
     WHERE d.user_id = from_user AND d.tenant_id = clash.tenant_id AND d.name = clash.name;
    renamed := renamed || jsonb_build_array(jsonb_build_object('tenantId', clash.tenant_id, 'from', clash.name, 'to', candidate));
  END LOOP;

  WITH q AS (UPDATE inquiries i SET user_id = to_user WHERE i.user_id = from_user RETURNING 1)
  SELECT count(*) INTO inquiries_moved FROM q;

  -- A visitor has no memberships or invitations of its own; moved anyway, so that "everything keyed by the user
  -- moves" holds without exceptions. The account's own membership wins a clash.
  UPDATE memberships m SET user_id = to_user
   WHERE m.user_id = from_user
     AND NOT EXISTS (SELECT 1 FROM memberships t WHERE t.user_id = to_user AND t.tenant_id = m.tenant_id);
  DELETE FROM memberships m WHERE m.user_id = from_user;
  UPDATE invitations i SET accepted_by = to_user WHERE i.accepted_by = from_user;
  UPDATE invitations i SET created_by = to_user WHERE i.created_by = from_user;

  RETURN jsonb_build_object('draftsMoved', moved, 'draftsRenamed', renamed, 'duplicateDrafts', duplicates,
                            'inquiriesMoved', inquiries_moved);
END
$$;

-- Whether a user is referenced by any tenant row (memberships, invitations, inquiries, drafts): housekeeping deletes
-- only anonymous users that hold nothing, and livery_auth cannot read tenant tables to find out. One boolean, nothing
-- of the rows themselves.
CREATE FUNCTION livery_user_holds_tenant_data(holder uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = holder)
      OR EXISTS (SELECT 1 FROM invitations i WHERE i.created_by = holder)
      OR EXISTS (SELECT 1 FROM invitations i WHERE i.accepted_by = holder)
      OR EXISTS (SELECT 1 FROM inquiries q WHERE q.user_id = holder)
      OR EXISTS (SELECT 1 FROM drafts d WHERE d.user_id = holder)
$$;

REVOKE ALL ON FUNCTION livery_merge_user_data(uuid, uuid), livery_user_holds_tenant_data(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_merge_user_data(uuid, uuid), livery_user_holds_tenant_data(uuid) TO livery_auth;

-- 2. The hosts the platform answers on: one row, written as the owner (src/db/migrate.ts `storeHostSettings`).
-- Without a row only verified custom domains resolve. livery_app may read it (the Node server checks at start that
-- its own configuration agrees); nobody but the owner writes it.
CREATE TABLE livery_settings (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  platform_host text NOT NULL CHECK (
    platform_host ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$' AND length(platform_host) <= 253
  ),
  partner_root text NOT NULL CHECK (
    partner_root ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$' AND length(partner_root) <= 253
  ),
  updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON livery_settings TO livery_app;

-- 3. Host → tenant with the roots the database knows. Same answer as 0008's, one statement for the caller.
DROP FUNCTION livery_resolve_host(text, text, text);
CREATE FUNCTION livery_resolve_host(host text)
RETURNS TABLE (tenant_id uuid, tier smallint, status text, chain uuid[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  target uuid;
  prefix text;
  platform text;
  root text;
BEGIN
  SELECT s.platform_host, s.partner_root INTO platform, root FROM livery_settings s;
  IF host = platform THEN
    SELECT t.id INTO target FROM tenants t WHERE t.tier = 0;
  END IF;
  IF target IS NULL THEN
    SELECT d.tenant_id INTO target FROM domain_mappings d WHERE d.domain = host AND d.verified_at IS NOT NULL;
  END IF;
  IF target IS NULL AND length(host) > length(root) + 1 AND right(host, length(root) + 1) = '.' || root THEN
    prefix := left(host, length(host) - length(root) - 1);
    IF prefix ~ '^[^.]+$' THEN
      SELECT t.id INTO target FROM tenants t WHERE t.tier = 1 AND t.slug = prefix;
    ELSIF prefix ~ '^[^.]+\.[^.]+$' THEN
      SELECT c.id INTO target
        FROM tenants c JOIN tenants p ON p.id = c.parent_id
       WHERE c.tier = 2 AND c.slug = split_part(prefix, '.', 1)
         AND p.tier = 1 AND p.slug = split_part(prefix, '.', 2);
    END IF;
  END IF;
  IF target IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT t.id, t.tier,
           coalesce((SELECT s.status FROM tenant_ancestry a JOIN tenants s ON s.id = a.ancestor_id
                      WHERE a.tenant_id = t.id AND s.status <> 'active' ORDER BY a.depth LIMIT 1), 'active'),
           ARRAY(SELECT a.ancestor_id FROM tenant_ancestry a WHERE a.tenant_id = t.id ORDER BY a.depth DESC)
      FROM tenants t WHERE t.id = target;
END
$$;

REVOKE ALL ON FUNCTION livery_resolve_host(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_resolve_host(text) TO livery_app;

-- The names of the applied migrations, for a service that starts on its least-privilege login without an owner URL:
-- it cannot migrate, but it can refuse to run against a schema older than its code (livery_migrations itself stays
-- the owner's).
CREATE FUNCTION livery_applied_migrations() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT m.name FROM livery_migrations m ORDER BY m.name
$$;
REVOKE ALL ON FUNCTION livery_applied_migrations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_applied_migrations() TO livery_app;
