package dev.fleetdiff.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.fleetdiff.store.ClusterNode;
import dev.fleetdiff.store.ConfigStamp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A cluster's shared state on PostgreSQL: the pool the clustered scheduler runs on, its tables, the hash of the
 * configuration the nodes poll with, the nodes, and each scheduled poll by fire time. Opened after the store, whose
 * migration created fleetdiff's own cluster tables.
 */
public final class JdbcCluster implements AutoCloseable {
    /** Advisory lock key under which a node compares and sets the configuration hash. */
    private static final long JOIN_LOCK_KEY = 0x666c_6474_6a6f_696eL;

    private final HikariDataSource pool;
    private final String prefix;
    private final String schedulerName;
    private final String name;

    private JdbcCluster(HikariDataSource pool, String prefix, String schedulerName, String name) {
        this.pool = pool;
        this.prefix = prefix;
        this.schedulerName = schedulerName;
        this.name = name;
    }

    /**
     * Opens a pool of {@code poolSize} connections to the cluster's PostgreSQL database and creates the scheduler's
     * tables under {@code tablePrefix} if they are missing.
     *
     * @throws IllegalArgumentException if the URL is not a PostgreSQL one
     * @throws IllegalStateException    if the database cannot be reached or the tables cannot be made
     */
    public static JdbcCluster open(String jdbcUrl, int poolSize, String tablePrefix, String schedulerName) {
        if (Dialect.of(jdbcUrl) != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("cluster mode needs a PostgreSQL database");
        }
        String name = "database " + Dialect.redact(jdbcUrl);
        HikariDataSource pool = null;
        try {
            pool = Dialect.POSTGRESQL.pool(jdbcUrl, "fleetdiff-cluster", poolSize, true);
            inTransaction(pool, c -> {
                QuartzTables.create(c, tablePrefix, schedulerName);
                return null;
            });
            return new JdbcCluster(pool, tablePrefix, schedulerName, name);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new IllegalStateException("cannot open the cluster's tables in " + name + " (settings.database): "
                    + JdbcStore.redact(e.getMessage()) + "; check that the server is up and the user may create"
                    + " tables", e);
        }
    }

    /** The pool the clustered scheduler takes its connections from. */
    public DataSource dataSource() {
        return pool;
    }

    /** The database server's clock now (clock_timestamp, not the transaction's start). */
    public Instant databaseTime() {
        return query("the database clock", c -> Instant.ofEpochMilli(dbMillis(c)));
    }

    /** The configuration the schedule was last made from, once a node has joined. */
    public Optional<ConfigStamp> config() {
        return query("the cluster's configuration hash", JdbcCluster::stamp);
    }

    /**
     * Joins the node, atomically with every other node's join: if another node checked in within {@code aliveWithin}
     * of the database clock and the stored hash differs, nothing changes and the stored stamp is returned (the node
     * must not join); otherwise the hash is stored as set by this node and the node noted.
     */
    public Optional<ConfigStamp> join(String node, String address, String hash, Duration aliveWithin) {
        return write("the join of node " + node, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + JOIN_LOCK_KEY + ")");
            }
            Optional<ConfigStamp> stored = stamp(c);
            if (stored.isPresent() && !stored.get().hash().equals(hash) && othersAlive(c, node, aliveWithin)) {
                return stored;
            }
            long now = dbMillis(c);
            setStamp(c, hash, node, now);
            update(c, "INSERT INTO cluster_nodes (node, address, started) VALUES (?, ?, ?) ON CONFLICT (node)"
                    + " DO UPDATE SET address = EXCLUDED.address, started = EXCLUDED.started", node, address, now);
            return Optional.empty();
        });
    }

    /** Stores {@code hash} as the configuration the schedule is made from now (a reload on this node). */
    public void adopt(String node, String hash) {
        write("the configuration hash", c -> {
            setStamp(c, hash, node, dbMillis(c));
            return null;
        });
    }

    /** Notes that the node started the scheduled poll of the host for this fire time. */
    public void recordPoll(String host, Instant fireTime, String node, Instant started) {
        write("the poll of " + host, c -> update(c, "INSERT INTO cluster_polls (host, fire_time, node, started)"
                + " VALUES (?, ?, ?, ?)", host, fireTime.toEpochMilli(), node, started.toEpochMilli()));
    }

    /** Forgets the polls started before {@code before}; returns how many. */
    public int forgetPolls(Instant before) {
        return write("old cluster polls", c -> update(c, "DELETE FROM cluster_polls WHERE started < ?",
                before.toEpochMilli()));
    }

    /** Every node that joined, with its scheduler's last check-in and the polls it started since {@code since}. */
    public List<ClusterNode> nodes(Instant since) {
        return query("the cluster's nodes", c -> {
            String sql = "SELECT n.node, n.address, n.started, s.LAST_CHECKIN_TIME, s.CHECKIN_INTERVAL,"
                    + " (SELECT COUNT(*) FROM cluster_polls p WHERE p.node = n.node AND p.started >= ?)"
                    + " FROM cluster_nodes n LEFT JOIN " + prefix + "SCHEDULER_STATE s"
                    + " ON s.SCHED_NAME = ? AND s.INSTANCE_NAME = n.node ORDER BY n.node";
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setLong(1, since.toEpochMilli());
                select.setString(2, schedulerName);
                List<ClusterNode> nodes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long checkin = rows.getLong(4);
                        Optional<Instant> last = rows.wasNull() ? Optional.empty()
                                : Optional.of(Instant.ofEpochMilli(checkin));
                        nodes.add(new ClusterNode(rows.getString(1), rows.getString(2),
                                Instant.ofEpochMilli(rows.getLong(3)), last, Duration.ofMillis(rows.getLong(5)),
                                rows.getLong(6)));
                    }
                }
                return nodes;
            }
        });
    }

    private boolean othersAlive(Connection c, String node, Duration within) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM " + prefix + "SCHEDULER_STATE"
                + " WHERE SCHED_NAME = ? AND INSTANCE_NAME <> ? AND LAST_CHECKIN_TIME >= ?")) {
            select.setString(1, schedulerName);
            select.setString(2, node);
            select.setLong(3, dbMillis(c) - within.toMillis());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    private static Optional<ConfigStamp> stamp(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT config_hash, set_by, set_at FROM cluster_config WHERE id = 1")) {
            return rows.next() ? Optional.of(new ConfigStamp(rows.getString(1), rows.getString(2),
                    Instant.ofEpochMilli(rows.getLong(3)))) : Optional.empty();
        }
    }

    private static void setStamp(Connection c, String hash, String node, long at) throws SQLException {
        update(c, "INSERT INTO cluster_config (id, config_hash, set_by, set_at) VALUES (1, ?, ?, ?) ON CONFLICT (id)"
                + " DO UPDATE SET config_hash = EXCLUDED.config_hash, set_by = EXCLUDED.set_by,"
                + " set_at = EXCLUDED.set_at", hash, node, at);
    }

    /** Runs one statement with these parameters; returns the rows it changed. */
    static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static long dbMillis(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T query(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what + " from " + name + ": "
                    + JdbcStore.redact(e.getMessage()), e);
        }
    }

    private <T> T write(String what, Work<T> work) {
        try {
            return inTransaction(pool, work);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + what + " to " + name + ": "
                    + JdbcStore.redact(e.getMessage()), e);
        }
    }

    /** Runs the work in one transaction on a connection of the pool, rolled back if it throws. */
    private static <T> T inTransaction(DataSource pool, Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
