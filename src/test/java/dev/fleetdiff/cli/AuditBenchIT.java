package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import dev.fleetdiff.store.jdbc.PostgresServer;
import dev.fleetdiff.testing.ClientKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit benchmark behind scripts/bench-audit, not a timed test: 10,000 hosts polled every 12 hours for a week
 * (synthesised polls recorded through the store), then {@code outliers} and a 7-day {@code report} run in-process
 * as a user would run them (config read, store opened), on SQLite and on PostgreSQL. Runs only with
 * {@code -Dfleetdiff.bench.audit=true}; figures go to stdout and to target/bench-audit.txt.
 */
class AuditBenchIT {
    private static final int HOSTS = Integer.getInteger("fleetdiff.bench.hosts", 10_000);
    private static final int RUNS = 5;
    private static final int BATCH = 500;
    private static final Duration EVERY = Duration.ofHours(12);
    private static final Instant UNTIL = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant SINCE = UNTIL.minus(Duration.ofDays(7));
    private static final String BASE = "tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN\ntcp 0 0 0.0.0.0:443 0.0.0.0:* LISTEN\n";

    @TempDir
    Path dir;

    @Test
    void tenThousandHosts() throws Exception {
        assumeTrue(Boolean.getBoolean("fleetdiff.bench.audit"), "set -Dfleetdiff.bench.audit=true to run");
        List<String> lines = new ArrayList<>();
        String databases = System.getProperty("fleetdiff.bench.databases", "sqlite,postgresql");
        if (databases.contains("sqlite")) {
            lines.add(bench("sqlite", "jdbc:sqlite:" + dir.resolve("bench.db")));
        }
        if (databases.contains("postgresql")) {
            try (PostgresServer server = PostgresServer.start()) {
                lines.add(bench("postgresql", server.createDatabase("bench")));
            }
        }
        String table = String.join("\n", lines) + "\n";
        System.out.print(table);
        Files.writeString(Path.of("target", "bench-audit.txt"), table);
    }

    private String bench(String name, String url) throws IOException {
        long start = System.nanoTime();
        try (JdbcStore store = JdbcStore.open(url)) {
            synthesise(store);
        }
        long synthMillis = (System.nanoTime() - start) / 1_000_000;
        Path config = config(url);
        long[] open = time("history", "--host", host(1), "--command", "ports", "--config", config.toString());
        long[] outliers = time("outliers", "--command", "ports", "--config", config.toString());
        long[] report = time("report", "--since", "7d", "--until", UNTIL.toString(), "--format", "json",
                "--out", dir.resolve(name + "-report.json").toString(), "--config", config.toString());
        return String.format(Locale.ROOT, "%-10s hosts=%d polls=%d synthesised_in=%dms | history (config+store open) median=%dms | outliers first=%dms"
                        + " median=%dms max=%dms | report-7d first=%dms median=%dms max=%dms", name, HOSTS,
                HOSTS * polls(), synthMillis, median(open), outliers[0], median(outliers), max(outliers), report[0],
                median(report), max(report));
    }

    private static int polls() {
        return (int) (Duration.ofDays(7).toMillis() / EVERY.toMillis());
    }

    /** Every host polled every 12 h; 10 hosts with an extra port from the middle of the week, 20 failing once. */
    private static void synthesise(JdbcStore store) {
        List<PollRecord> batch = new ArrayList<>();
        for (int k = 0; k < polls(); k++) {
            Instant at = SINCE.plus(EVERY.multipliedBy(k));
            for (int h = 1; h <= HOSTS; h++) {
                String host = host(h);
                boolean odd = h % (HOSTS / 10) == 0 && k >= polls() / 2;
                if (h % (HOSTS / 20) == 7 && k == 3) {
                    batch.add(new PollRecord(host, at, at.plusSeconds(10), "connection_refused",
                            Optional.of("connection refused"), List.of(), List.of()));
                } else {
                    OutputRecord out = new OutputRecord("ports", "ok", Optional.of(0),
                            odd ? BASE + "tcp 0 0 0.0.0.0:31337 0.0.0.0:* LISTEN\n" : BASE, false, Optional.empty());
                    List<Alert> alerts = odd && k == polls() / 2 ? List.of(new Alert("a-" + host, at, host, "ports",
                            "netstat", 199100, 7, "Output of ports changed.", "x", "y", "+x\n", List.of("fleetdiff"),
                            false, true, 1, 1, 3, 2, 1)) : List.of();
                    batch.add(new PollRecord(host, at, at.plusMillis(400), "ok", Optional.empty(), List.of(out),
                            alerts));
                }
                if (batch.size() == BATCH) {
                    assertThat(store.record(batch)).isEmpty();
                    batch.clear();
                }
            }
        }
        assertThat(store.record(batch)).isEmpty();
    }

    private static String host(int h) {
        return String.format("h%05d", h);
    }

    private Path config(String url) throws IOException {
        ClientKey key = ClientKey.ed25519(dir);
        StringBuilder hosts = new StringBuilder();
        for (int h = 1; h <= HOSTS; h++) {
            hosts.append("      - ").append(host(h)).append('\n');
        }
        Files.writeString(dir.resolve("known_hosts"), "");
        Path config = dir.resolve("hosts-" + Math.abs(url.hashCode()) + ".yaml");
        Files.writeString(config, """
                settings:
                  database: "%s"
                  known_hosts: known_hosts
                  rules: builtin
                defaults:
                  identity: %s
                commands:
                  ports: { run: "netstat -tan" }
                groups:
                  web:
                    commands: [ports]
                    hosts:
                %s""".formatted(url, key.privateKeyFile(), hosts));
        return config;
    }

    /** Runs the CLI {@link #RUNS} times; the milliseconds of each run. */
    private static long[] time(String... args) {
        long[] millis = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            CliFleet.Run run = CliFleet.execute(args);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertThat(run.exit()).as(run.err()).isIn(ExitCodes.OK, ExitCodes.CHANGED);
        }
        return millis;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
