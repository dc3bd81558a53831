-- The security boundary, in one place. livery_app (the role every tenant query runs as, via
-- SET LOCAL ROLE inside the request's transaction) sees, with app.tenant_id = X, only the rows of X and of
-- X's descendants; with no context, nothing. livery_owner (migrations, operator commands, the auth module,
-- and the SECURITY DEFINER functions) sees everything through an explicit policy, because RLS is forced
-- on the owner too.
--
-- The subtree predicate reads the closure table in one step, as `tenant_id = ANY (ARRAY(SELECT …))`: an
-- InitPlan evaluated once per query, whose result the planner uses as an index condition. (The plainer
-- `tenant_id IN (SELECT …)` is not turned into a join inside a policy: it becomes a filter over a sequential
-- scan of the whole table — bench/db.bench.ts checks the plan.) No context → empty array → no row matches.

-- Table privileges: no DELETE where history or identity must survive; column lists on UPDATE so that no
-- row ever changes tenant (tenant_id is never updatable).
GRANT SELECT, INSERT, UPDATE (name, status, updated_at) ON tenants TO livery_app;
GRANT SELECT ON tenant_ancestry TO livery_app;
GRANT SELECT, INSERT, DELETE, UPDATE (verification_token, verified_at) ON domain_mappings TO livery_app;
GRANT SELECT, INSERT ON token_versions TO livery_app;
GRANT SELECT, INSERT, UPDATE (version, updated_at) ON token_heads TO livery_app;
GRANT SELECT, INSERT, UPDATE (policy, providers, updated_at, updated_by) ON tenant_policies TO livery_app;
GRANT SELECT, INSERT, DELETE, UPDATE (css, tailwind, json, flat, etag, created_at) ON theme_artifacts TO livery_app;
GRANT SELECT, INSERT ON audit_log TO livery_app;
GRANT SELECT, INSERT, DELETE, UPDATE (role) ON memberships TO livery_app;
GRANT SELECT, INSERT, DELETE, UPDATE (accepted_at, accepted_by) ON invitations TO livery_app;
GRANT SELECT, INSERT, UPDATE (label, revoked_at, last_used_at) ON api_keys TO livery_app;
GRANT SELECT, INSERT ON inquiries TO livery_app;
GRANT SELECT, INSERT, DELETE, UPDATE (content, validation, updated_at) ON drafts TO livery_app;

-- tenants: a tenant sees itself and its descendants. A new tenant's id is not in the closure table until the
-- insert completes, so new rows are judged by their parent.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON tenants TO livery_owner USING (true) WITH CHECK (true);
CREATE POLICY tenant_read ON tenants FOR SELECT TO livery_app USING (
  id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
  OR parent_id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
);
CREATE POLICY tenant_create_child ON tenants FOR INSERT TO livery_app WITH CHECK (
  parent_id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
);
CREATE POLICY tenant_update ON tenants FOR UPDATE TO livery_app
USING (
  id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
)
WITH CHECK (
  id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
);

-- tenant_ancestry: only the rows where the current tenant is the ancestor, i.e. its own subtree. A tenant
-- never sees the rows that name its ancestors. (This policy reads nothing else: no recursion.)
ALTER TABLE tenant_ancestry ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON tenant_ancestry TO livery_owner USING (true) WITH CHECK (true);
CREATE POLICY tenant_scope ON tenant_ancestry FOR SELECT TO livery_app USING (
  ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)
);

-- Every other tenant table: the same subtree predicate for reads and writes.
DO $policies$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'domain_mappings', 'token_versions', 'token_heads', 'tenant_policies', 'theme_artifacts', 'audit_log',
    'memberships', 'invitations', 'api_keys', 'inquiries', 'drafts'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY owner_all ON %I TO livery_owner USING (true) WITH CHECK (true)', t);
    EXECUTE format($p$
      CREATE POLICY tenant_scope ON %I TO livery_app
      USING (
        tenant_id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
      )
      WITH CHECK (
        tenant_id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
    WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))
      )$p$, t);
  END LOOP;
END
$policies$;
