-- The objects widgets may search and what their results show, as the control panel saved them
-- (JSON); NULL: the first four objects as the product always showed them.
ALTER TABLE marketplace_config ADD COLUMN searchable_objects TEXT;
