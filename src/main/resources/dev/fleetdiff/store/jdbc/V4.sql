-- fleetdiff store, schema version 4: reviews. Who acknowledged which alert and who accepted which stored output as the
-- baseline of its command, when and why. Rows are only ever added: a review is never changed or deleted.

-- One row per acknowledgement; acking an alert again adds a row, the first stays.
CREATE TABLE acks (
    id       TEXT    PRIMARY KEY,            -- random UUID
    alert_id TEXT    NOT NULL REFERENCES alerts (id),
    acked_by TEXT    NOT NULL,
    acked_at BIGINT  NOT NULL,
    note     TEXT
);
CREATE INDEX acks_alert ON acks (alert_id);

-- Accepted outputs per (host, command); the one with the highest seq is the baseline of `baseline: accepted`.
CREATE TABLE accepts (
    host        TEXT    NOT NULL,
    command     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,            -- 1, 2, ... per host and command
    number      INTEGER NOT NULL,            -- the accepted version
    hash        TEXT    NOT NULL,            -- its output's SHA-256, hex
    accepted_by TEXT    NOT NULL,
    accepted_at BIGINT  NOT NULL,
    note        TEXT,
    automatic   INTEGER NOT NULL,            -- 1: taken by fleetdiff because nobody had accepted an output yet
    PRIMARY KEY (host, command, seq),
    FOREIGN KEY (host, command, number) REFERENCES versions (host, command, number)
) ${compact};

