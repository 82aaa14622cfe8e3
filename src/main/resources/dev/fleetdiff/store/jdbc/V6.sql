-- fleetdiff store, schema version 6: cluster mode. The configuration the nodes poll with, the nodes that joined, and
-- every scheduled poll a node started, by its scheduled fire time, so that "each (host, fire time) once" can be
-- counted.

-- At most one row (id 1): the hash of the inventory and rules the cluster's schedule was last made from.
CREATE TABLE cluster_config (
    id          INTEGER PRIMARY KEY,
    config_hash TEXT    NOT NULL,            -- sha256:<hex>
    set_by      TEXT    NOT NULL,            -- node id
    set_at      BIGINT  NOT NULL
);

-- One row per node id that ever joined.
CREATE TABLE cluster_nodes (
    node    TEXT   PRIMARY KEY,
    address TEXT   NOT NULL,                 -- host name and address the node runs on
    started BIGINT NOT NULL                  -- when it last joined
);

-- One row per scheduled poll started by a node (no key: a fire time polled twice shows as two rows).
CREATE TABLE cluster_polls (
    host      TEXT   NOT NULL,
    fire_time BIGINT NOT NULL,               -- the scheduled fire time, ms since the epoch
    node      TEXT   NOT NULL,
    started   BIGINT NOT NULL
);
CREATE INDEX cluster_polls_started ON cluster_polls (started);
