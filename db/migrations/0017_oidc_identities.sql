-- Sign-in through OpenID Connect (issue 16, docs/decisions/014-oidc-sign-in.md): Swedish e-ID
-- through a broker, and staff through the municipality's directory.

-- The identities linked to an account: the provider's pseudonymous `sub` only (never a personal
-- identity number), what kind of provider it is and the level (acr) of the newest sign-in. One
-- account per identity: the UNIQUE key decides, not a check in JavaScript.
CREATE TABLE oidc_identities (
  id           INTEGER PRIMARY KEY,
  provider_id  TEXT NOT NULL,
  subject      TEXT NOT NULL,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('e-id', 'staff')),
  acr          TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_used_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (provider_id, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities(user_id);

-- A verified resident: an e-ID sign-in proved a real person behind the account (when, through
-- which provider, at which level). NULL: not verified.
ALTER TABLE users ADD COLUMN verified_at TEXT;
ALTER TABLE users ADD COLUMN verified_provider TEXT;
ALTER TABLE users ADD COLUMN verified_acr TEXT;

-- Sign-ins under way: the PKCE verifier and the nonce for one `state`, for ten minutes, used once.
-- Only the sha256 of the state is kept (the browser holds the state in a signed cookie). A row
-- may later hold a finished e-ID sign-in that waits for the person to choose a display name.
CREATE TABLE oidc_logins (
  state_hash     TEXT PRIMARY KEY,
  provider_id    TEXT NOT NULL,
  code_verifier  TEXT NOT NULL,
  nonce          TEXT NOT NULL,
  link_user_id   INTEGER REFERENCES users(id) ON DELETE CASCADE,
  redirect_to    TEXT NOT NULL DEFAULT '/',
  subject        TEXT,
  acr            TEXT,
  expires_at     TEXT NOT NULL,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

INSERT INTO settings (key, value) VALUES ('verified_badge', '0'), ('verified_supports_only', '0');
