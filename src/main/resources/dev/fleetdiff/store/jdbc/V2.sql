-- fleetdiff store, schema version 2: each host's health episode, so that failing, stale and recovered alerts are
-- raised once per episode, across restarts and processes.
CREATE TABLE host_health (
    host       TEXT    NOT NULL PRIMARY KEY,
    state      TEXT    NOT NULL,             -- ok | failing | stale
    since      BIGINT  NOT NULL,             -- when the host entered the state
    failures   INTEGER NOT NULL,             -- polls failed in a row
    first_seen BIGINT  NOT NULL,             -- first heard of: the staleness clock of a host never polled well
    last_good  BIGINT,                       -- end of the last good poll
    reason     TEXT                          -- why the last poll failed, while failing
) ${compact};
