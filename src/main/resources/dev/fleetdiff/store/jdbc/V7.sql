-- fleetdiff store, schema version 7: audits. Outliers read every host's latest output of one command; reports count
-- the checks each (host, command) ran per UTC day, so a period's coverage comes from the store, never from logs.
CREATE INDEX latest_command ON latest (command);

-- Checks run, per host, command and UTC day (epoch milliseconds / 86,400,000): one row a day, counted by the poll's
-- own transaction.
CREATE TABLE checks (
    host    TEXT    NOT NULL,
    command TEXT    NOT NULL,
    day     INTEGER NOT NULL,
    ok      INTEGER NOT NULL,                -- outputs stored (changed or not)
    failed  INTEGER NOT NULL,                -- failed, timed out or errored
    PRIMARY KEY (host, command, day)
) ${compact};
CREATE INDEX checks_day ON checks (day);

-- Reports list the acks and accepts of a period.
CREATE INDEX acks_at ON acks (acked_at);

-- Scheduled reports to mail, one row per fire time: a restart or a second process that sees the same fire time finds
-- the row and queues nothing; the report is mailed until sent, like an alert.
CREATE TABLE report_mails (
    fire_time    BIGINT  PRIMARY KEY,        -- the schedule's fire time: the end of the report's period
    since        BIGINT  NOT NULL,           -- the start of its period
    status       TEXT    NOT NULL,           -- pending | sent
    attempts     INTEGER NOT NULL,           -- failed attempts so far
    next_attempt BIGINT  NOT NULL,
    last_error   TEXT,
    sent_at      BIGINT
);
