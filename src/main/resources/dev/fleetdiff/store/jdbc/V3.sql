-- fleetdiff store, schema version 3: bounded alerts and retention.

-- An alert carries the start of its output, previous output and diff; these are their whole lengths in characters
-- (NULL for alerts written before version 3, which carry whole texts) and the versions that hold all of them.
ALTER TABLE alerts ADD COLUMN output_chars BIGINT;
ALTER TABLE alerts ADD COLUMN previous_output_chars BIGINT;
ALTER TABLE alerts ADD COLUMN diff_chars BIGINT;
ALTER TABLE alerts ADD COLUMN version INTEGER;             -- NULL or 0: none
ALTER TABLE alerts ADD COLUMN previous_version INTEGER;

-- Retention looks up alerts by age, and contents no version uses.
CREATE INDEX alerts_raised ON alerts (raised_at);
CREATE INDEX versions_hash ON versions (hash);

-- deliveries.status gains 'failed': MAX attempts failed; kept, shown by status, retried once a day.
