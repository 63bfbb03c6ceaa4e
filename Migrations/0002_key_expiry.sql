-- Keys may carry an expiry. The key that PARLEY_ADMIN_KEY names is marked as the bootstrap key:
-- every start depends on it, so the API does not revoke it (the operator does, with the CLI).
ALTER TABLE api_keys
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN bootstrap  boolean NOT NULL DEFAULT false;
