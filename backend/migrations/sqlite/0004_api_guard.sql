-- The share of the org's daily API allowance at which widgets stop calling Salesforce.
ALTER TABLE marketplace_config ADD COLUMN api_guard_percent BIGINT NOT NULL DEFAULT 90;
