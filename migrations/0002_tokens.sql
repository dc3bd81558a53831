-- Token storage: each tenant's override layer as immutable versions, the published pointer, the partner's
-- policy for its customers, compiled artifacts, and the append-only audit log.

CREATE TABLE token_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  content jsonb NOT NULL,
  -- A T1's catalog theme selection travels with its layer, so restoring a version restores the theme too.
  theme text,
  author text NOT NULL,
  summary text NOT NULL DEFAULT '',
  parent_version integer,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version),
  -- Composite keys: a version can only point at versions of its own tenant.
  FOREIGN KEY (tenant_id, parent_version) REFERENCES token_versions (tenant_id, version)
);

CREATE TABLE token_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, version) REFERENCES token_versions (tenant_id, version)
);

-- A T1's rules for its T2 customers: allowed paths, ranges, and the OAuth providers they may use.
CREATE TABLE tenant_policies (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  policy jsonb NOT NULL DEFAULT '{}'::jsonb,
  providers text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL DEFAULT ''
);

-- Compiled overlays, keyed by the chain of versions they were built from (filled by the theme service).
CREATE TABLE theme_artifacts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  chain_key text NOT NULL,
  css text NOT NULL,
  tailwind text,
  json jsonb,
  flat jsonb,
  etag text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, chain_key)
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  from_version integer,
  to_version integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_id ON audit_log (tenant_id, id);

-- History is immutable: refused even for the owner, whatever the grants say.
CREATE FUNCTION livery_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER token_versions_immutable BEFORE UPDATE OR DELETE ON token_versions
  FOR EACH ROW EXECUTE FUNCTION livery_refuse_change();
CREATE TRIGGER token_versions_no_truncate BEFORE TRUNCATE ON token_versions
  FOR EACH STATEMENT EXECUTE FUNCTION livery_refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION livery_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION livery_refuse_change();
