-- A partner's customer policy and its allowed sign-in providers are versioned state: each write moves its own version,
-- so a write can carry If-Match and two admins editing at once cannot silently overwrite each other (412 instead).
ALTER TABLE tenant_policies
  ADD COLUMN policy_version integer NOT NULL DEFAULT 0 CHECK (policy_version >= 0),
  ADD COLUMN providers_version integer NOT NULL DEFAULT 0 CHECK (providers_version >= 0);

GRANT UPDATE (policy_version, providers_version) ON tenant_policies TO livery_app;
