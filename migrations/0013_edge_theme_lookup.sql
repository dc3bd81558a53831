-- The edge's one question, in one statement: for a host, its tenant, the chain's versions and statuses, the chain key,
-- and — when the caller does not hold that key yet — the stored artifact or, failing that, the chain's layers to
-- build it from. A cold theme request is then one round trip and one (implicit) transaction, with no role switch.
--
-- Callable by PUBLIC for that reason: the service's login is NOINHERIT, so reaching a livery_app function would need
-- SET ROLE and therefore an explicit transaction (BEGIN, SET, SELECT, COMMIT: four round trips from a far data center).
-- What it returns is what the host serves to anyone over HTTP (the merged theme and the layers it is built from), the
-- ids and versions that key it, and nothing for a tenant that is not active; no policy, no providers, no people.
--
-- The key is the one src/themes/compile.ts `chainKey` computes (test/db/edge-lookup.test.ts holds them equal):
-- the first 24 hex digits of sha256(base_hash || '|tenant:version' for each member with a published layer, root first).
CREATE FUNCTION livery_edge_theme(host text, base_hash text, known_key text, want_theme boolean)
RETURNS TABLE (tenant_id uuid, tier smallint, status text, chain jsonb, chain_key text,
               artifact_css text, artifact_tailwind text, artifact_json text, artifact_flat text, layers jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH target AS (
    SELECT r.tenant_id, r.tier, r.status FROM livery_resolve_host(host) r
  ),
  members AS (
    SELECT a.depth, a.ancestor_id, t.tier, t.status, h.version, v.theme, v.content
      FROM target
      JOIN tenant_ancestry a ON a.tenant_id = target.tenant_id
      JOIN tenants t ON t.id = a.ancestor_id
      LEFT JOIN token_heads h ON h.tenant_id = a.ancestor_id
      LEFT JOIN token_versions v ON v.tenant_id = h.tenant_id AND v.version = h.version
  ),
  summary AS (
    SELECT jsonb_agg(jsonb_build_object('tenantId', m.ancestor_id, 'tier', m.tier, 'status', m.status,
                                        'version', m.version, 'theme', m.theme) ORDER BY m.depth DESC) AS chain,
           left(encode(sha256(convert_to(
             base_hash || coalesce(string_agg('|' || m.ancestor_id::text || ':' || m.version::text, ''
                                              ORDER BY m.depth DESC) FILTER (WHERE m.version IS NOT NULL), ''),
             'UTF8')), 'hex'), 24) AS chain_key
      FROM members m
  ),
  wanted AS (
    SELECT target.*, summary.*,
           (want_theme AND target.status = 'active' AND summary.chain_key IS DISTINCT FROM known_key) AS needs_theme
      FROM target, summary
  )
  SELECT w.tenant_id, w.tier, w.status, w.chain, w.chain_key,
         art.css, art.tailwind, art.json, art.flat,
         CASE WHEN w.needs_theme AND art.chain_key IS NULL
              THEN (SELECT jsonb_agg(m.content ORDER BY m.depth DESC) FROM members m) END
    FROM wanted w
    LEFT JOIN theme_artifacts art
           ON w.needs_theme AND art.tenant_id = w.tenant_id AND art.chain_key = w.chain_key
          AND art.json IS NOT NULL AND art.flat IS NOT NULL
$$;

GRANT EXECUTE ON FUNCTION livery_edge_theme(text, text, text, boolean) TO PUBLIC;
