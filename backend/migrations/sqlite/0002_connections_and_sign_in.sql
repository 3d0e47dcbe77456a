-- One Salesforce connection per intranet user. Tokens are AEAD ciphertext bound to the user.
-- generation: the marketplace configuration the tokens were issued under.
-- token_version: bumped by every refresh, so a request can tell "someone refreshed meanwhile".
CREATE TABLE salesforce_connections (
    intranet_user TEXT PRIMARY KEY,
    generation BIGINT NOT NULL,
    token_version BIGINT NOT NULL,
    access_token BLOB NOT NULL,
    refresh_token BLOB,
    instance_url TEXT NOT NULL,
    identity_url TEXT NOT NULL,
    scopes TEXT NOT NULL,
    salesforce_user TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Why a user's connection ended (config_changed, token_revoked), until they connect again.
CREATE TABLE connection_endings (
    intranet_user TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    ended_at BIGINT NOT NULL
);

-- Sign-ins in progress: the OAuth state (stored as a SHA-256 hash), the PKCE verifier
-- (ciphertext), where to go back to, and the configuration generation it started under.
CREATE TABLE oauth_sign_ins (
    state_hash TEXT PRIMARY KEY,
    intranet_user TEXT NOT NULL,
    pkce_verifier BLOB NOT NULL,
    return_to TEXT NOT NULL,
    generation BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Demo intranet sessions (the session id is stored as a SHA-256 hash).
CREATE TABLE intranet_sessions (
    session_hash TEXT PRIMARY KEY,
    intranet_user TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
