-- Tenants, their hierarchy and their host names.

-- Functions are created by livery_owner; none is callable by PUBLIC unless a migration grants it.
ALTER DEFAULT PRIVILEGES FOR ROLE livery_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tier smallint NOT NULL CHECK (tier BETWEEN 0 AND 2),
  parent_id uuid REFERENCES tenants (id),
  -- A DNS label: tenants are reached as <slug>.<partner root> and <slug>.<partner>.<partner root>.
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'decommissioned')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tenants_root_has_no_parent CHECK ((tier = 0) = (parent_id IS NULL)),
  -- Slugs are unique among siblings only, so a partner cannot probe another partner's customers.
  CONSTRAINT tenants_slug_unique_per_parent UNIQUE (parent_id, slug)
);
-- Exactly one platform tenant.
CREATE UNIQUE INDEX tenants_one_platform ON tenants ((true)) WHERE tier = 0;
CREATE INDEX tenants_parent_id ON tenants (parent_id);

-- The hierarchy as a closure table: one row per (ancestor, descendant) pair, self included at depth 0,
-- so a policy answers "is this row in my subtree" with one index lookup and no recursion.
CREATE TABLE tenant_ancestry (
  ancestor_id uuid NOT NULL REFERENCES tenants (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  depth smallint NOT NULL CHECK (depth BETWEEN 0 AND 2),
  PRIMARY KEY (ancestor_id, tenant_id)
);
CREATE INDEX tenant_ancestry_chain ON tenant_ancestry (tenant_id, depth);

-- Runs as the caller (not SECURITY DEFINER): under livery_app a parent outside the caller's subtree is
-- simply not found, so the error cannot tell "exists elsewhere" from "does not exist".
CREATE FUNCTION livery_tenants_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  parent_tier smallint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.tier IS DISTINCT FROM OLD.tier
       OR NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
      RAISE EXCEPTION 'a tenant''s id, tier and parent never change' USING ERRCODE = 'check_violation';
    END IF;
    -- Status is decided by an ancestor: a suspended tenant must not be able to reactivate itself.
    IF NEW.status IS DISTINCT FROM OLD.status
       AND NEW.id = nullif(current_setting('app.tenant_id', true), '')::uuid THEN
      RAISE EXCEPTION 'a tenant cannot change its own status' USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
  END IF;
  IF NEW.tier = 0 THEN
    RETURN NEW;
  END IF;
  SELECT t.tier INTO parent_tier FROM tenants t WHERE t.id = NEW.parent_id;
  IF parent_tier IS DISTINCT FROM NEW.tier - 1 THEN
    RAISE EXCEPTION 'the parent of a tier % tenant must be a tier % tenant', NEW.tier, NEW.tier - 1
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER tenants_guard BEFORE INSERT OR UPDATE ON tenants
  FOR EACH ROW EXECUTE FUNCTION livery_tenants_guard();

-- Statement-level with a transition table, so bulk inserts stay set-based; tiers are processed in order
-- because a parent inserted by the same statement must have its ancestry rows before its children.
CREATE FUNCTION livery_tenants_record_ancestry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  FOR level IN 0..2 LOOP
    INSERT INTO tenant_ancestry (ancestor_id, tenant_id, depth)
    SELECT n.id, n.id, 0 FROM new_tenants n WHERE n.tier = level
    UNION ALL
    SELECT a.ancestor_id, n.id, a.depth + 1
      FROM new_tenants n JOIN tenant_ancestry a ON a.tenant_id = n.parent_id
     WHERE n.tier = level;
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER tenants_record_ancestry AFTER INSERT ON tenants
  REFERENCING NEW TABLE AS new_tenants
  FOR EACH STATEMENT EXECUTE FUNCTION livery_tenants_record_ancestry();

-- Custom host names. Globally unique by nature (a host has one tenant); that a name is taken is the one
-- cross-tenant fact a constraint reveals.
CREATE TABLE domain_mappings (
  domain text PRIMARY KEY CHECK (
    domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' AND length(domain) <= 253
  ),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  verification_token text NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domain_mappings_tenant_id ON domain_mappings (tenant_id);
