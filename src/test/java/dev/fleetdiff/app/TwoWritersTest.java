package dev.fleetdiff.app;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code poll --all} at once on one database, as two processes would run them: two apps, each with its own store
 * on one SQLite file, sweep the same in-process hosts at the same moment, round after round.
 */
class TwoWritersTest {
    static final int HOSTS = 10;
    /** Rounds after the baseline; every host's output changes in each. */
    static final int CHANGES = 3;
    static final String COMMAND = PortsFleet.COMMAND;

    @TempDir
    Path dir;
    final List<FakeHost> hosts = new ArrayList<>();

    @AfterEach
    void stopHosts() {
        hosts.forEach(FakeHost::close);
    }

    @Test
    void eachChangeIsStoredAndAlertedOnceWhenTwoSweepsPollTheSameHostsAtOnce() throws Exception {
        FleetConfig config = YamlConfigLoader.load(fleet());
        Selection all = new Selection(List.of(), List.of(), true, Optional.empty());
        ExecutorService processes = Executors.newFixedThreadPool(2);
        try (Fleetdiff first = Fleetdiff.open(config); Fleetdiff second = Fleetdiff.open(config)) {
            for (int round = 0; round <= CHANGES; round++) {
                for (FakeHost host : hosts) {
                    host.reply(COMMAND, Reply.ok("tcp 0.0.0.0:" + (1000 + round) + " LISTEN\n"));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<SweepReport>> sweeps = new ArrayList<>();
                for (Fleetdiff app : List.of(first, second)) {
                    sweeps.add(processes.submit(() -> {
                        start.await(10, SECONDS);
                        return app.poll(all, false, outcome -> { });
                    }));
                }
                start.countDown();
                for (Future<SweepReport> sweep : sweeps) {
                    assertThat(sweep.get(60, SECONDS).failedCount()).isZero();
                }
            }
        } finally {
            processes.shutdownNow();
        }

        assertThat(count("SELECT COUNT(*) FROM alerts")).as("one alert per change").isEqualTo(HOSTS * CHANGES);
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).hasSize(HOSTS * CHANGES);
        assertThat(count("SELECT COUNT(*) FROM versions")).isEqualTo(HOSTS * (CHANGES + 1));
        assertThat(count("SELECT COUNT(*) FROM versions WHERE last_seen < first_seen")).isZero();
    }

    private Path fleet() throws Exception {
        ClientKey key = ClientKey.ed25519(dir);
        for (int i = 0; i < HOSTS; i++) {
            FakeHost host = FakeHost.start(key.publicKey());
            host.addTo(dir.resolve("known_hosts"));
            hosts.add(host);
        }
        return PortsFleet.write(dir, key, hosts);
    }

    private long count(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fleetdiff.db"));
             Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }
}
