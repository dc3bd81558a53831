-- Compiled artifacts are served byte for byte (their ETags hash the bytes), so the JSON documents are stored as
-- text: jsonb would re-order keys. The validator is computed from the served body, not stored.
ALTER TABLE theme_artifacts
  ALTER COLUMN json TYPE text USING json::text,
  ALTER COLUMN flat TYPE text USING flat::text,
  DROP COLUMN etag;

REVOKE UPDATE, DELETE ON theme_artifacts FROM livery_app;
-- Artifacts are immutable per key: insert (compile on write / lazily on read) and read; no updates.
GRANT SELECT, INSERT ON theme_artifacts TO livery_app;
