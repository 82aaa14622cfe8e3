-- fleetdiff store, schema version 1, for SQLite and PostgreSQL. Times are epoch milliseconds; flags are 0/1 integers.
-- Two tokens differ per dialect: ${bytes} (BLOB | BYTEA) and ${compact} (WITHOUT ROWID on SQLite, nothing elsewhere).

-- Every distinct output once, whatever the number of hosts and versions that printed it.
CREATE TABLE contents (
    hash   TEXT PRIMARY KEY,                 -- SHA-256 of the output's bytes, hex
    output ${bytes} NOT NULL                  -- the bytes as the host sent them (NUL and invalid UTF-8 kept)
);

-- Distinct outputs of a command on a host: a row only when the output's hash differs from the latest.
CREATE TABLE versions (
    host       TEXT    NOT NULL,
    command    TEXT    NOT NULL,
    number     INTEGER NOT NULL,             -- 1 for the first output, then one more per change
    hash       TEXT    NOT NULL REFERENCES contents (hash),
    first_seen BIGINT  NOT NULL,
    last_seen  BIGINT  NOT NULL,             -- moved by every unchanged poll
    truncated  INTEGER NOT NULL,
    PRIMARY KEY (host, command, number)
) ${compact};

-- The latest poll of a command on a host, successful or not, and its latest version.
CREATE TABLE latest (
    host        TEXT    NOT NULL,
    command     TEXT    NOT NULL,
    number      INTEGER,                     -- latest version; NULL until a first successful output
    hash        TEXT,
    status      TEXT    NOT NULL,            -- ok | failed | timeout | error
    exit_status INTEGER,
    error       TEXT,
    last_polled BIGINT  NOT NULL,
    PRIMARY KEY (host, command)
) ${compact};

-- Poll runs of a host, run-length encoded: consecutive polls with the same result and error share a row.
CREATE TABLE runs (
    host         TEXT    NOT NULL,
    seq          INTEGER NOT NULL,           -- 1, 2, ... per host
    started      BIGINT  NOT NULL,           -- first poll of the run
    last_started BIGINT  NOT NULL,           -- last poll of the run
    ended        BIGINT  NOT NULL,           -- end of the last poll
    result       TEXT    NOT NULL,
    error        TEXT,
    polls        INTEGER NOT NULL,
    PRIMARY KEY (host, seq)
) ${compact};

-- The alert outbox: every alert, written in the transaction of the outputs that raised it.
CREATE TABLE alerts (
    id              TEXT    PRIMARY KEY,
    raised_at       BIGINT  NOT NULL,
    host            TEXT    NOT NULL,
    command         TEXT,
    command_line    TEXT,
    rule_id         INTEGER NOT NULL,
    level           INTEGER NOT NULL,
    description     TEXT,
    output          TEXT,
    previous_output TEXT,
    diff            TEXT,
    alert_groups    TEXT,                    -- comma list (OSSEC group names hold no commas)
    to_mail         INTEGER NOT NULL,
    to_log          INTEGER NOT NULL
);
CREATE INDEX alerts_host ON alerts (host);

-- One delivery per alert and channel (log, mail), retried until sent.
CREATE TABLE deliveries (
    alert_id     TEXT    NOT NULL REFERENCES alerts (id),
    channel      TEXT    NOT NULL,
    status       TEXT    NOT NULL,           -- pending | sent
    attempts     INTEGER NOT NULL,           -- failed attempts so far
    next_attempt BIGINT  NOT NULL,           -- due when now >= next_attempt
    last_error   TEXT,
    delivered_at BIGINT,
    PRIMARY KEY (alert_id, channel)
) ${compact};
CREATE INDEX deliveries_due ON deliveries (channel, status, next_attempt);
