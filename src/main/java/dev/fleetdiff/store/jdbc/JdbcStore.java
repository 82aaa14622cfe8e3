package dev.fleetdiff.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.fleetdiff.files.PrivateFiles;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.CheckCount;
import dev.fleetdiff.store.CommandStatus;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.LastPoll;
import dev.fleetdiff.store.LatestHash;
import dev.fleetdiff.store.LatestOutput;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.PollRun;
import dev.fleetdiff.store.Pruned;
import dev.fleetdiff.store.ReportMail;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store on SQLite or PostgreSQL: every write goes through one group-committing writer thread and connection,
 * reads through a small read-only pool. Thread-safe; holds no static state.
 */
public final class JdbcStore implements Store {
    /** Read connections: status, history and outbox queries of the CLI and the delivery loop. */
    static final int READ_POOL_SIZE = 4;
    /** SQL states of a transaction rolled back for a conflict with another one: deadlock, serialization failure. */
    private static final Set<String> CONFLICT_STATES = Set.of("40P01", "40001");
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
            Optional<Path> file = dialect.file(jdbcUrl);
            if (file.isPresent()) {
                createPrivately(file.get());
            }
            writePool = dialect.pool(jdbcUrl, "fleetdiff-write", 1, true);
            Schema.migrate(writePool, dialect, name, Clock.systemUTC());
            readPool = dialect.pool(jdbcUrl, "fleetdiff-read", READ_POOL_SIZE, false);
            return new JdbcStore(name, writePool, readPool);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(readPool, e);
            closeQuietly(writePool, e);
            throw new IllegalStateException("cannot open " + name + " (settings.database): " + redact(e.getMessage())
                    + "; check the path or URL, its permissions and that the server is up", e);
        }
    }

    /** A database URL, or a message holding one, with its passwords masked: what may be printed or logged. */
    public static String redact(String text) {
        return text == null ? null : Dialect.redact(text);
    }

    /**
     * SQLite creates a database 0644 and its -wal and -shm files with the database's own mode: so the file is created
     * 0600 before SQLite opens it, and an existing one open to others is reported. A missing folder is left for
     * SQLite to report: it is more likely a typo than a wish.
     */
    private static void createPrivately(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.exists(file)) {
            PrivateFiles.warnIfExposed(file, PrivateFiles.Guard.SECRET, "holds every output fleetdiff collected, "
                    + "and its -wal and -shm files take its mode");
        } else if (folder != null && Files.isDirectory(folder)) {
            PrivateFiles.create(file);
        }
    }

    @Override
    public Optional<Version> latest(String host, String command) {
        return read("the latest output of " + command + " on " + host, c -> Outputs.latest(c, host, command));
    }

    @Override
    public Optional<CommandStatus> lastOutcome(String host, String command) {
        return read("the latest poll of " + command + " on " + host, c -> Outputs.lastOutcome(c, host, command));
    }

    @Override
    public boolean onlyFailures(String host, String command) {
        return read("the outcomes of " + command + " on " + host, c -> Outputs.onlyFailures(c, host, command));
    }

    /**
     * Checks each poll's baselines and writes it in the same transaction, holding the host's row lock, so no other
     * writer moves them in between.
     */
    @Override
    public List<PollRecord> record(List<PollRecord> polls) {
        if (polls.isEmpty()) {
            return List.of();
        }
        List<List<Outputs.Observed>> observed = new ArrayList<>(polls.size());
        for (PollRecord poll : polls) {
            observed.add(poll.outputs().stream().map(Outputs.Observed::of).toList());
        }
        List<PollRecord> stale = new ArrayList<>();
        try {
            writer.submit(polls.size(), tx -> {
                stale.clear();
                for (int i = 0; i < polls.size(); i++) {
                    PollRecord poll = polls.get(i);
                    Health.lock(tx, poll.host(), poll.started());
                    Optional<List<Outputs.Latest>> baselines = Outputs.baselines(tx, poll.host(), observed.get(i));
                    if (baselines.isEmpty()) {
                        stale.add(poll);
                        continue;
                    }
                    for (int j = 0; j < observed.get(i).size(); j++) {
                        Outputs.write(tx, poll.host(), poll.ended(), observed.get(i).get(j), baselines.get().get(j));
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
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof Outputs.LostRace || lostToAnotherWriter(e)) {
                return polls;   // rolled back whole: every poll of the call is to be compared again
            }
            throw e;
        }
        return List.copyOf(stale);
    }

    /**
     * True if the database rolled this write back because another writer's transaction conflicted with it: a deadlock
     * between two processes each holding some hosts' locks (PostgreSQL 40P01), or a serialization failure (40001).
     * Nothing of it was stored, so it is compared and recorded again, like a lost race.
     */
    private static boolean lostToAnotherWriter(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && CONFLICT_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
    public boolean markStale(String host, Instant now, Instant goodBefore, Optional<Alert> alert) {
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
    public List<LatestOutput> latestOutputs(String command) {
        return read("the latest outputs of " + command, c -> Outputs.latestOutputs(c, command));
    }

    @Override
    public Map<String, Instant> oldestPending() {
        return read("the oldest pending alerts", Outbox::oldestPending);
    }

    @Override
    public List<OutboxCount> outbox() {
        return read("outbox counts", Outbox::counts);
    }

    @Override
    public int delivered(String channel, String claimant, List<String> alertIds, Instant at) {
        List<String> ids = List.copyOf(alertIds);
        AtomicInteger marked = new AtomicInteger();
        writer.submit(1, tx -> marked.set(Outbox.delivered(tx, channel, claimant, ids, at)));
        return marked.get();
    }

    @Override
    public List<Instant> deliveryTimes(String channel, Instant since) {
        return read("delivery times", c -> Outbox.deliveryTimes(c, channel, since));
    }

    @Override
    public int deliveryFailed(String channel, String claimant, List<String> alertIds, String error, Instant retryAt) {
        List<String> ids = List.copyOf(alertIds);
        AtomicInteger recorded = new AtomicInteger();
        writer.submit(1, tx -> recorded.set(Outbox.failed(tx, channel, claimant, ids, error, retryAt)));
        return recorded.get();
    }

    /** Claims in a write transaction of its own writer, so the claim and its lease commit before it returns. */
    @Override
    public List<Alert> claim(String channel, String claimant, Instant now, Duration lease, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        positive(lease);
        List<Alert> claimed = new ArrayList<>();
        writer.submit(1, tx -> {
            claimed.clear();
            claimed.addAll(Outbox.claim(tx, channel, claimant, now, lease, limit));
        });
        return List.copyOf(claimed);
    }

    /** Renews in a write transaction of its own, committed before it returns, as a claim is. */
    @Override
    public Set<String> renew(String channel, String claimant, Instant now, Duration lease) {
        positive(lease);
        Set<String> held = new HashSet<>();
        writer.submit(1, tx -> {
            held.clear();
            held.addAll(Outbox.renew(tx, channel, claimant, now.plus(lease)));
        });
        return Set.copyOf(held);
    }

    @Override
    public void release(String channel, String claimant, List<String> alertIds, Instant now) {
        List<String> ids = List.copyOf(alertIds);
        writer.submit(1, tx -> Outbox.release(tx, channel, claimant, ids, now));
    }

    private static void positive(Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
    }

    @Override
    public Pruned prune(int keepVersions, Instant keepSince) {
        if (keepVersions < 1) {
            throw new IllegalArgumentException("keepVersions must be at least 1 (the latest), was " + keepVersions);
        }
        List<Pruned> pruned = new ArrayList<>();
        writer.submit(1, tx -> {
            pruned.clear();
            pruned.add(Pruning.prune(tx, keepVersions, keepSince));
        });
        return pruned.get(0);
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

    @Override
    public List<LatestHash> latestHashes(String command) {
        return read("the latest hashes of " + command, c -> Audits.latestHashes(c, command));
    }

    @Override
    public List<PollRun> runs(Instant from, Instant to) {
        return read("poll runs", c -> Audits.runs(c, from, to));
    }

    @Override
    public List<CheckCount> checks(Instant from, Instant to) {
        return read("check counts", c -> Audits.checks(c, from, to));
    }

    @Override
    public List<Acceptance> acceptances(Instant from, Instant to) {
        return read("acceptances", c -> Reviews.acceptances(c, from, to));
    }

    @Override
    public boolean queueReport(Instant fireTime, Instant since) {
        AtomicBoolean queued = new AtomicBoolean();
        writer.submit(1, tx -> queued.set(ReportMails.queue(tx, fireTime, since)));
        return queued.get();
    }

    @Override
    public List<ReportMail> pendingReports(Instant now) {
        return read("reports to mail", c -> ReportMails.pending(c, now));
    }

    @Override
    public void reportSent(Instant fireTime, Instant at) {
        writer.submit(1, tx -> ReportMails.sent(tx, fireTime, at));
    }

    @Override
    public void reportFailed(Instant fireTime, String error, Instant retryAt) {
        writer.submit(1, tx -> ReportMails.failed(tx, fireTime, error, retryAt));
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
