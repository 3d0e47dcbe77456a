-- Origins of intranet pages (other than the backend's own) that may embed the widget and call
-- the API with the session cookie (credentialed CORS), separated by spaces.
ALTER TABLE marketplace_config ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT '';
