package dev.fleetdiff.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.LastPoll;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store on SQLite or PostgreSQL: every write goes through one group-committing writer thread and connection,
 * reads through a small read-only pool. Thread-safe; holds no static state.
 */
public final class JdbcStore implements Store {
    /** Read connections: status, history and outbox queries of the CLI and the delivery loop. */
    static final int READ_POOL_SIZE = 4;
    /** Hosts whose first sighting weighs as much as one poll in the writer's batches. */
    private static final int WATCH_WEIGHT = 100;

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String name;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final GroupCommitWriter writer;

    private JdbcStore(String name, HikariDataSource writePool, HikariDataSource readPool) {
        this.name = name;
        this.writePool = writePool;
        this.readPool = readPool;
        this.writer = new GroupCommitWriter(writePool, name);
    }

    /**
     * Opens the database at {@code jdbcUrl} ({@code jdbc:sqlite:/path} or {@code jdbc:postgresql://host/db}, user
     * and password may be query parameters), creating or upgrading its tables.
     *
     * @throws IllegalArgumentException for another kind of URL
     * @throws IllegalStateException    if the database cannot be opened or has a newer schema
     */
    public static JdbcStore open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        String name = "database " + Dialect.redact(jdbcUrl);
        HikariDataSource writePool = null;
        HikariDataSource readPool = null;
        try {
            writePool = dialect.pool(jdbcUrl, "fleetdiff-write", 1, true);
            Schema.migrate(writePool, dialect, name, Clock.systemUTC());
            readPool = dialect.pool(jdbcUrl, "fleetdiff-read", READ_POOL_SIZE, false);
            return new JdbcStore(name, writePool, readPool);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(readPool, e);
            closeQuietly(writePool, e);
            throw new IllegalStateException("cannot open " + name + " (settings.database): " + e.getMessage()
                    + "; check the path or URL, its permissions and that the server is up", e);
        }
    }

    @Override
    public Optional<Version> latest(String host, String command) {
        return read("the latest output of " + command + " on " + host, c -> Outputs.latest(c, host, command));
    }

    @Override
    public boolean onlyFailures(String host, String command) {
        return read("the outcomes of " + command + " on " + host, c -> Outputs.onlyFailures(c, host, command));
    }

    @Override
    public void record(List<PollRecord> polls) {
        if (polls.isEmpty()) {
            return;
        }
        List<List<Outputs.Observed>> observed = new ArrayList<>(polls.size());
        for (PollRecord poll : polls) {
            observed.add(poll.outputs().stream().map(Outputs.Observed::of).toList());
        }
        writer.submit(polls.size(), tx -> {
            for (int i = 0; i < polls.size(); i++) {
                PollRecord poll = polls.get(i);
                Health.lock(tx, poll.host(), poll.started());
                for (Outputs.Observed output : observed.get(i)) {
                    Outputs.write(tx, poll.host(), poll.ended(), output);
                }
                Runs.write(tx, poll);
                if (poll.health().isPresent()) {
                    Health.write(tx, poll, poll.health().get());
                }
                for (Alert alert : poll.alerts()) {
                    Outbox.write(tx, alert);
                }
            }
        });
    }

    @Override
    public List<Version> history(String host, String command) {
        return read("the history of " + command + " on " + host, c -> Outputs.history(c, host, command));
    }

    @Override
    public Optional<Version> version(String host, String command, int number) {
        return read("version " + number + " of " + command + " on " + host,
                c -> Outputs.version(c, host, command, number));
    }

    @Override
    public List<HostStatus> status() {
        return read("host status", c -> Runs.status(c, Outbox.pendingPerHost(c)));
    }

    @Override
    public Optional<HostHealth> health(String host) {
        return read("the health of " + host, c -> Health.of(c, host));
    }

    @Override
    public List<HostHealth> healths() {
        return read("host health", Health::all);
    }

    @Override
    public void watch(Collection<String> hosts, Instant now) {
        List<String> names = List.copyOf(hosts);
        writer.submit(Math.max(1, names.size() / WATCH_WEIGHT), tx -> {
            for (String host : names) {
                Health.see(tx, host, now);
            }
        });
    }

    @Override
    public boolean markStale(String host, Instant now, Instant goodBefore, Alert alert) {
        AtomicBoolean raised = new AtomicBoolean();
        writer.submit(1, tx -> raised.set(Health.stale(tx, host, now, goodBefore, alert)));
        return raised.get();
    }

    @Override
    public Optional<LastPoll> lastPoll(String host) {
        return read("the latest poll of " + host, c -> Runs.last(c, host));
    }

    @Override
    public List<Alert> pending(String channel, Instant now, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return read("pending alerts", c -> Outbox.pending(c, channel, now, limit));
    }

    @Override
    public List<OutboxCount> outbox() {
        return read("outbox counts", Outbox::counts);
    }

    @Override
    public void delivered(String channel, List<String> alertIds, Instant at) {
        List<String> ids = List.copyOf(alertIds);
        writer.submit(1, tx -> Outbox.delivered(tx, channel, ids, at));
    }

    @Override
    public List<Instant> deliveryTimes(String channel, Instant since) {
        return read("delivery times", c -> Outbox.deliveryTimes(c, channel, since));
    }

    @Override
    public void deliveryFailed(String channel, List<String> alertIds, String error, Instant retryAt) {
        List<String> ids = List.copyOf(alertIds);
        writer.submit(1, tx -> Outbox.failed(tx, channel, ids, error, retryAt));
    }

    /** Claims in a write transaction of its own writer, so the claim and its lease commit before it returns. */
    @Override
    public List<Alert> claim(String channel, Instant now, Duration lease, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        List<Alert> claimed = new ArrayList<>();
        writer.submit(1, tx -> {
            claimed.clear();
            claimed.addAll(Outbox.claim(tx, channel, now, lease, limit));
        });
        return List.copyOf(claimed);
    }

    @Override
    public List<ReviewedAlert> alerts(AlertQuery query) {
        return read("alerts", c -> Reviews.alerts(c, query));
    }

    @Override
    public Map<String, Integer> unackedPerHost() {
        return read("unacked alerts", Reviews::unackedPerHost);
    }

    @Override
    public Optional<ReviewedAlert> alert(String id) {
        return read("alert " + id, c -> Reviews.alert(c, id));
    }

    @Override
    public List<String> alertIds(String idOrPrefix, int limit) {
        return read("alert ids", c -> Reviews.alertIds(c, idOrPrefix, limit));
    }

    @Override
    public void ack(List<String> alertIds, String by, Instant at, Optional<String> note) {
        List<String> ids = List.copyOf(alertIds);
        writer.submit(1, tx -> Reviews.ack(tx, ids, by, at, note));
    }

    @Override
    public int accept(Acceptance acceptance) {
        AtomicInteger acked = new AtomicInteger();
        writer.submit(1, tx -> acked.set(Reviews.accept(tx, acceptance)));
        return acked.get();
    }

    @Override
    public Optional<Acceptance> accepted(String host, String command) {
        return read("the accepted output of " + command + " on " + host, c -> Reviews.accepted(c, host, command));
    }

    @Override
    public List<Acceptance> acceptances(String host, String command) {
        return read("the accepted outputs of " + command + " on " + host,
                c -> Reviews.acceptances(c, host, command));
    }

    /** Commits what is queued, stops the writer and closes both pools. Idempotent. */
    @Override
    public void close() {
        writer.close();
        readPool.close();
        writePool.close();
    }

    /** The writer, for tests that hold it to observe group commit. */
    GroupCommitWriter writer() {
        return writer;
    }

    private <T> T read(String what, Query<T> query) {
        try (Connection connection = readPool.getConnection()) {
            return query.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(HikariDataSource pool, Exception cause) {
        if (pool == null) {
            return;
        }
        try {
            pool.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
