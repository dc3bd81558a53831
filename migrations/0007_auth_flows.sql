-- Auth graduation (issue 5): what the OAuth flow must remember between its two requests, invitations accepted by
-- verified email rather than by a link, and the indexes the merge and the lookups need.

-- A pending flow also remembers where the callback must land (the exact redirect URI sent to the provider, on the
-- host the flow started on) and where to send the visitor afterwards. Flows live ten minutes and carry no user data,
-- so any left from before this migration are simply dropped.
DELETE FROM oauth_states;
ALTER TABLE oauth_states
  ADD COLUMN redirect_uri text NOT NULL,
  ADD COLUMN return_path text NOT NULL DEFAULT '/' CHECK (return_path LIKE '/%' AND return_path NOT LIKE '//%'),
  ALTER COLUMN session_id_hash SET NOT NULL;
CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);

-- Invitations are accepted by signing in with a provider that vouches for the invited address; there is no link
-- token to store.
ALTER TABLE invitations ALTER COLUMN token_hash DROP NOT NULL;
CREATE INDEX invitations_tenant_email ON invitations (tenant_id, lower(email));

-- A user is never merged into itself.
ALTER TABLE users ADD CONSTRAINT users_not_merged_into_self CHECK (merged_into IS NULL OR merged_into <> id);

-- The merge moves every row keyed by the merged user.
CREATE INDEX inquiries_user_id ON inquiries (user_id);
CREATE INDEX invitations_accepted_by ON invitations (accepted_by);
CREATE INDEX invitations_created_by ON invitations (created_by);
