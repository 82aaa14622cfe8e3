package dev.fleetdiff.store.jdbc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps of 10,000 hosts on SQLite: prints how long record() takes, as one call and as one call per host from many
 * threads (group commit), and holds the growth target of an unchanged sweep.
 */
class SqliteSweepTest {
    static final int HOSTS = 10_000;
    /** Callers recording at once, as the scheduler's concurrency would. */
    static final int CALLERS = 64;
    /** DESIGN §5 target: an unchanged sweep of 10,000 hosts grows the database by less than this. */
    static final long UNCHANGED_SWEEP_GROWTH_LIMIT_BYTES = 100 * 1024;
    /** One host in this many prints its own output; the rest print the same. */
    static final int UNIQUE_EVERY = 100;
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void unchangedSweepOfTenThousandHostsGrowsTheDatabaseByLessThan100KiB() throws Exception {
        Path file = dir.resolve("sweep.db");
        String url = "jdbc:sqlite:" + file;

        Duration oneCall;
        try (JdbcStore store = JdbcStore.open(url)) {
            List<PollRecord> sweep = sweep(T0);
            long start = System.nanoTime();
            store.record(sweep);
            oneCall = Duration.ofNanos(System.nanoTime() - start);
        }
        long afterFirst = size(file);

        Duration perHost;
        long commits;
        try (JdbcStore store = JdbcStore.open(url)) {
            long start = System.nanoTime();
            recordPerHost(store, sweep(T0.plusSeconds(300)));
            perHost = Duration.ofNanos(System.nanoTime() - start);
            commits = store.writer().commits();
        }
        long afterSecond = size(file);

        System.out.printf("SQLite sweep of %,d hosts: first sweep as one record() call %d ms; unchanged sweep as"
                        + " %,d record() calls from %d threads %d ms in %,d commits; file %,d bytes, grew %,d bytes%n",
                HOSTS, oneCall.toMillis(), HOSTS, CALLERS, perHost.toMillis(), commits, afterFirst,
                afterSecond - afterFirst);
        assertThat(afterSecond - afterFirst).isLessThan(UNCHANGED_SWEEP_GROWTH_LIMIT_BYTES);
        assertThat(query(url, "SELECT COUNT(*) FROM contents")).isEqualTo(HOSTS / UNIQUE_EVERY + 1);
        assertThat(query(url, "SELECT COUNT(*) FROM versions")).isEqualTo(HOSTS);
        assertThat(query(url, "SELECT COUNT(*) FROM runs WHERE polls = 2")).isEqualTo(HOSTS);
    }

    private static List<PollRecord> sweep(Instant started) {
        List<PollRecord> polls = new ArrayList<>(HOSTS);
        for (int i = 0; i < HOSTS; i++) {
            String output = i % UNIQUE_EVERY == 0 ? "tcp 0.0.0.0:" + i + " LISTEN\n" : "tcp 0.0.0.0:22 LISTEN\n";
            OutputRecord ports = new OutputRecord("listening-ports", "ok", Optional.of(0), output, false,
                    Optional.empty());
            polls.add(new PollRecord("host-" + i + ".example.com", started, started.plusMillis(300), "ok",
                    Optional.empty(), List.of(ports), List.of()));
        }
        return polls;
    }

    private static void recordPerHost(JdbcStore store, List<PollRecord> sweep) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> calls = new ArrayList<>(sweep.size());
            for (PollRecord poll : sweep) {
                calls.add(callers.submit(() -> store.record(List.of(poll))));
            }
            for (Future<?> call : calls) {
                call.get(60, SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** The database's bytes on disk, WAL included (closing the store checkpoints and removes the WAL). */
    private static long size(Path file) throws IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    private static long query(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
