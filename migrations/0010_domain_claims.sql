-- Domain claims (issue 10, CONTRACT "What only verification may do, the database enforces"): domain_mappings.verified_at
-- is set only through livery_verify_domain(), never by a plain INSERT/UPDATE of a tenant; unverified claims expire
-- after 7 days and can be withdrawn. Before this, any platform or partner admin could claim any domain unverified
-- forever (the real owner got 409 domain_taken for good), and a customer's context could insert its own row with
-- verified_at already set.
--
--   claim     livery_claim_domain(domain, tenant): for the caller's tenant or a descendant; an expired claim of
--             anyone's is replaced in the same statement (the new claimant learns nothing about the old one);
--             a live claim or a verified mapping answers no row (the caller's 409). The token is made here.
--   verify    livery_verify_domain(domain, token): after the application's DNS TXT check; only an unexpired claim
--             of the caller's subtree, only with the token the claim holds now.
--   withdraw  a plain DELETE under RLS (livery_app keeps DELETE): a claim or a verified mapping of the subtree.
-- livery_app loses INSERT and UPDATE on domain_mappings altogether (claims and verification go through the two
-- functions), and a trigger refuses verified_at, expires_at, created_at or the token being written by anyone who is
-- not the owner, whatever a later grant says.

ALTER TABLE domain_mappings ADD COLUMN expires_at timestamptz;
-- Claims older than 7 days expire at once: they are exactly the squats this migration is for.
UPDATE domain_mappings SET expires_at = created_at + interval '7 days' WHERE verified_at IS NULL;
ALTER TABLE domain_mappings ADD CONSTRAINT domain_mappings_claims_expire
  CHECK ((verified_at IS NULL) = (expires_at IS NOT NULL));

REVOKE INSERT, UPDATE ON domain_mappings FROM livery_app; -- also revokes the column grants of 0004

-- The lifetime of a claim is decided here and nowhere else: every new unverified row expires 7 days after it is
-- made, whoever inserts it; a verified row has no expiry. Only the owner (the two functions below, operator
-- commands) may write verification state afterwards.
CREATE FUNCTION livery_domain_mappings_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  privileged boolean := pg_catalog.pg_has_role(current_user, 'livery_owner', 'MEMBER');
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.verified_at IS NOT NULL AND NOT privileged THEN
      RAISE EXCEPTION 'a domain is verified only through livery_verify_domain()' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.verified_at IS NULL THEN
      NEW.created_at := now();
      NEW.expires_at := now() + interval '7 days';
    ELSE
      NEW.expires_at := NULL;
    END IF;
    RETURN NEW;
  END IF;
  IF NOT privileged AND (NEW.verified_at IS DISTINCT FROM OLD.verified_at OR NEW.expires_at IS DISTINCT FROM OLD.expires_at
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.verification_token IS DISTINCT FROM OLD.verification_token) THEN
    RAISE EXCEPTION 'a domain is verified only through livery_verify_domain()' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER domain_mappings_guard BEFORE INSERT OR UPDATE ON domain_mappings
  FOR EACH ROW EXECUTE FUNCTION livery_domain_mappings_guard();

CREATE FUNCTION livery_claim_domain(claimed text, claimant uuid) RETURNS SETOF domain_mappings
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  context uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  platform text;
  root text;
BEGIN
  IF context IS NULL OR claimant IS NULL
     OR NOT EXISTS (SELECT 1 FROM tenant_ancestry a WHERE a.ancestor_id = context AND a.tenant_id = claimant) THEN
    RAISE EXCEPTION 'a domain is claimed for the current tenant or one of its descendants' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT s.platform_host, s.partner_root INTO platform, root FROM livery_settings s;
  IF claimed = platform OR claimed = root
     OR right(claimed, length(platform) + 1) = '.' || platform OR right(claimed, length(root) + 1) = '.' || root THEN
    RAISE EXCEPTION '% is under the platform''s own domains', claimed USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- An expired claim no longer holds the name: it goes, in this statement's transaction, and nothing of it is returned.
  DELETE FROM domain_mappings d WHERE d.domain = claimed AND d.verified_at IS NULL AND d.expires_at <= now();
  -- 122 random bits (gen_random_uuid uses the server's strong random source); the claimant never chooses its token,
  -- so a TXT record left behind by an earlier owner of the name proves nothing for a new claim.
  RETURN QUERY
    WITH claim AS (
      INSERT INTO domain_mappings AS d (domain, tenant_id, verification_token)
      VALUES (claimed, claimant, 'livery-verify-' || replace(gen_random_uuid()::text, '-', ''))
      ON CONFLICT (domain) DO NOTHING
      RETURNING d.*)
    SELECT * FROM claim;
END
$$;

CREATE FUNCTION livery_verify_domain(claimed text, token text) RETURNS SETOF domain_mappings
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  context uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  IF context IS NULL THEN
    RAISE EXCEPTION 'a domain is verified in a tenant context' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    WITH verified AS (
      UPDATE domain_mappings d SET verified_at = now(), expires_at = NULL
       WHERE d.domain = claimed AND d.verified_at IS NULL AND d.expires_at > now()
         AND d.verification_token = token
         AND d.tenant_id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a WHERE a.ancestor_id = context))
      RETURNING d.*)
    SELECT * FROM verified;
END
$$;

REVOKE ALL ON FUNCTION livery_claim_domain(text, uuid), livery_verify_domain(text, text), livery_domain_mappings_guard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION livery_claim_domain(text, uuid), livery_verify_domain(text, text) TO livery_app;
