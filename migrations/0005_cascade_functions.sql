-- The only ways across the tenant boundary. Each runs as livery_owner (SECURITY DEFINER) with a pinned
-- search_path, is executable by livery_app only, and returns nothing beyond what its caller is entitled to.

-- Host → tenant, before any tenant context exists. Callers normalise the host first (lower case, no port,
-- no trailing dot, IDN as punycode). An unknown host yields no row: there is no fallback tenant.
CREATE FUNCTION livery_resolve_host(host text, platform_host text, partner_root text)
RETURNS TABLE (tenant_id uuid, tier smallint, status text, chain uuid[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  target uuid;
  prefix text;
BEGIN
  IF host = platform_host THEN
    SELECT t.id INTO target FROM tenants t WHERE t.tier = 0;
  END IF;
  IF target IS NULL THEN
    SELECT d.tenant_id INTO target FROM domain_mappings d WHERE d.domain = host AND d.verified_at IS NOT NULL;
  END IF;
  IF target IS NULL AND length(host) > length(partner_root) + 1
     AND right(host, length(partner_root) + 1) = '.' || partner_root THEN
    prefix := left(host, length(host) - length(partner_root) - 1);
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
    SELECT t.id, t.tier, t.status,
           ARRAY(SELECT a.ancestor_id FROM tenant_ancestry a WHERE a.tenant_id = t.id ORDER BY a.depth DESC)
      FROM tenants t WHERE t.id = target;
END
$$;

-- The current tenant's chain, root first: each tenant's published (head) layer, and — for a T2 caller only —
-- its partner's policy and allowed providers on the partner's row. Nothing of siblings or descendants, and no
-- ancestor data beyond the published layer and the binding policy.
CREATE FUNCTION livery_chain_layers()
RETURNS TABLE (tenant_id uuid, tier smallint, status text, version integer, content_hash text, content jsonb,
               theme text, policy jsonb, providers text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT a.ancestor_id, t.tier, t.status, h.version, v.content_hash, v.content, v.theme, p.policy, p.providers
    FROM tenants me
    JOIN tenant_ancestry a ON a.tenant_id = me.id
    JOIN tenants t ON t.id = a.ancestor_id
    LEFT JOIN token_heads h ON h.tenant_id = a.ancestor_id
    LEFT JOIN token_versions v ON v.tenant_id = h.tenant_id AND v.version = h.version
    LEFT JOIN tenant_policies p ON p.tenant_id = a.ancestor_id AND me.tier = 2 AND a.depth = 1
   WHERE me.id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)
   ORDER BY a.depth DESC
$$;

-- The same chain without contents: what the read path needs to build a cache key in one indexed lookup.
CREATE FUNCTION livery_chain_versions()
RETURNS TABLE (tenant_id uuid, tier smallint, status text, version integer, content_hash text, theme text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT a.ancestor_id, t.tier, t.status, h.version, v.content_hash, v.theme
    FROM tenant_ancestry a
    JOIN tenants t ON t.id = a.ancestor_id
    LEFT JOIN token_heads h ON h.tenant_id = a.ancestor_id
    LEFT JOIN token_versions v ON v.tenant_id = h.tenant_id AND v.version = h.version
   WHERE a.tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)
   ORDER BY a.depth DESC
$$;

REVOKE ALL ON FUNCTION livery_resolve_host(text, text, text), livery_chain_layers(), livery_chain_versions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_resolve_host(text, text, text), livery_chain_layers(), livery_chain_versions() TO livery_app;
REVOKE ALL ON FUNCTION livery_tenants_guard(), livery_tenants_record_ancestry(), livery_refuse_change() FROM PUBLIC;
