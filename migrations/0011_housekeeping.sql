-- Housekeeping (src/ops/gc.ts, `livery gc`, the Worker's daily cron): the indexes its batches walk, so each batch
-- reads only rows it deletes (sessions, by when they ended) or the next window of anonymous users (by id).
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_revoked_at ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX users_anonymous ON users (id) WHERE level = 'anonymous';
-- Finding who was merged into a user (a user others were merged into is never collected).
CREATE INDEX users_merged_into ON users (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX domain_mappings_claims_expire ON domain_mappings (expires_at) WHERE verified_at IS NULL;

-- Unverified domain claims past their expiry (0010), for housekeeping as livery_auth, which cannot see domain rows:
-- at most `batch` of them, never a verified mapping, never one whose expiry the database's own clock has not
-- reached (whatever `at` the caller passes). Returns how many went.
CREATE FUNCTION livery_collect_expired_domain_claims(at timestamptz, batch integer) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH doomed AS (
    SELECT d.domain FROM domain_mappings d
     WHERE d.verified_at IS NULL AND d.expires_at <= least(at, now())
     ORDER BY d.expires_at
     LIMIT greatest(batch, 0)
     FOR UPDATE SKIP LOCKED
  ), deleted AS (
    DELETE FROM domain_mappings d USING doomed WHERE d.domain = doomed.domain AND d.verified_at IS NULL RETURNING 1
  )
  SELECT count(*)::integer FROM deleted
$$;
REVOKE ALL ON FUNCTION livery_collect_expired_domain_claims(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_collect_expired_domain_claims(timestamptz, integer) TO livery_auth;
