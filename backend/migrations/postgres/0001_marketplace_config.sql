-- The one Salesforce Connected App the intranet administrator configured.
-- consumer_secret is AEAD ciphertext (nonce || ciphertext || tag), never plaintext.
-- generation is bumped on every change; tokens issued under an older generation are void.
CREATE TABLE marketplace_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    consumer_key TEXT NOT NULL,
    consumer_secret BYTEA NOT NULL,
    login_host TEXT NOT NULL,
    scopes TEXT NOT NULL,
    api_version TEXT NOT NULL,
    generation BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
