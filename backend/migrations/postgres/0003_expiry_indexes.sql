-- Expired sign-ins and sessions are deleted as new ones start, and a person's pending sign-ins
-- are capped (the newest kept, by when they started, in milliseconds): these indexes keep
-- both a lookup instead of a scan as the tables grow.
ALTER TABLE oauth_sign_ins ADD COLUMN started_at_ms BIGINT NOT NULL DEFAULT 0;
CREATE INDEX oauth_sign_ins_expires_at ON oauth_sign_ins (expires_at);
CREATE INDEX oauth_sign_ins_intranet_user ON oauth_sign_ins (intranet_user, started_at_ms);
CREATE INDEX intranet_sessions_expires_at ON intranet_sessions (expires_at);
