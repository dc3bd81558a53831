-- A tenant is served only while every tenant on its chain is active: suspending (or decommissioning) a partner stops
-- its customers' hosts too. livery_resolve_host reports the chain's effective status — the tenant's own when it is
-- not active, else the nearest inactive ancestor's — so the one host lookup decides it, and the answer names no
-- ancestor. Same signature as in 0005; only the status column changes meaning.
CREATE OR REPLACE FUNCTION livery_resolve_host(host text, platform_host text, partner_root text)
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
    SELECT t.id, t.tier,
           coalesce((SELECT s.status FROM tenant_ancestry a JOIN tenants s ON s.id = a.ancestor_id
                      WHERE a.tenant_id = t.id AND s.status <> 'active' ORDER BY a.depth LIMIT 1), 'active'),
           ARRAY(SELECT a.ancestor_id FROM tenant_ancestry a WHERE a.tenant_id = t.id ORDER BY a.depth DESC)
      FROM tenants t WHERE t.id = target;
END
$$;

REVOKE ALL ON FUNCTION livery_resolve_host(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_resolve_host(text, text, text) TO livery_app;
