package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run daemon on in-process hosts: polls on schedule over one connection per poll, reloads, stops cleanly. */
class DaemonTest {
    /** Bounds every wait of this test. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final List<FakeHost> hosts = new ArrayList<>();
    ClientKey key;

    @AfterEach
    void stopHosts() {
        hosts.forEach(FakeHost::close);
    }

    private Path config(int count, String schedule) throws Exception {
        if (key == null) {
            key = ClientKey.ed25519(dir);
        }
        while (hosts.size() < count) {
            FakeHost host = FakeHost.start(key.publicKey()).reply("uname", Reply.ok("Linux\n"))
                    .reply("id", Reply.ok("uid=0\n"));
            host.addTo(dir.resolve("known_hosts"));
            hosts.add(host);
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append("      - { name: h").append(i).append(", address: 127.0.0.1, port: ")
                    .append(hosts.get(i).port()).append(" }\n");
        }
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, """
                settings:
                  known_hosts: known_hosts
                defaults:
                  identity: %s
                  schedule: "%s"
                commands:
                  uname: { run: uname }
                  id: { run: id }
                groups:
                  all:
                    commands: [uname, id]
                    hosts:
                %s""".formatted(key.privateKeyFile(), schedule, list));
        return file;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + PATIENCE).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void pollsEveryHostOnScheduleWithOneConnectionForItsDueCommands() throws Exception {
        FleetConfig config = YamlConfigLoader.load(config(3, "* * * * * ?"));
        Fleetdiff app = Fleetdiff.open(config);
        Daemon daemon = new Daemon(app);
        daemon.start();
        waitFor(() -> hosts.stream().allMatch(h -> h.connections() >= 3));
        daemon.close();
        daemon.awaitStop();

        for (FakeHost host : hosts) {
            assertThat(host.executed()).as("both commands ran on every poll, over one connection each")
                    .hasSize(2 * host.connections());
        }
        try (Fleetdiff reopened = Fleetdiff.open(config)) {
            assertThat(reopened.status()).hasSize(3).allSatisfy(s -> assertThat(s.result()).isEqualTo("ok"));
            assertThat(reopened.history("h0", "uname")).hasSize(1);
        }
    }

    @Test
    void reloadAddsAndRemovesHostsWithoutStopping() throws Exception {
        Path file = config(2, "* * * * * ?");
        Daemon daemon = new Daemon(Fleetdiff.open(YamlConfigLoader.load(file)));
        try {
            daemon.start();
            waitFor(() -> hosts.get(1).connections() >= 1);
            assertThat(daemon.scheduledHosts()).isEqualTo(2);

            daemon.reload(YamlConfigLoader.load(config(1, "* * * * * ?")));
            assertThat(daemon.scheduledHosts()).isEqualTo(1);
            int removedPolls = hosts.get(1).connections();
            int keptPolls = hosts.get(0).connections();
            waitFor(() -> hosts.get(0).connections() >= keptPolls + 2);
            assertThat(hosts.get(1).connections()).as("a removed host is no longer polled")
                    .isLessThanOrEqualTo(removedPolls + 1);
        } finally {
            daemon.close();
        }
    }

    @Test
    void aHostThatStopsAnsweringIsStaleOnceAndARestartDoesNotRepeatIt() throws Exception {
        Path file = config(2, "* * * * * ?");
        Files.writeString(file, Files.readString(file).replace("  schedule: \"* * * * * ?\"\n",
                "  schedule: \"* * * * * ?\"\n  stale_after: 3s\n  failure_alert_after: 1000\n"));
        FleetConfig config = YamlConfigLoader.load(file);
        Daemon daemon = new Daemon(Fleetdiff.open(config), Duration.ofMillis(500));
        daemon.start();
        try {
            waitFor(() -> hosts.get(1).connections() >= 2);
            hosts.get(1).close();
            waitFor(() -> staleAlerts(config) == 1);
        } finally {
            daemon.close();
        }
        Daemon restarted = new Daemon(Fleetdiff.open(config), Duration.ofMillis(500));
        restarted.start();
        try {
            Thread.sleep(3_000);
        } finally {
            restarted.close();
        }
        assertThat(staleAlerts(config)).as("the episode goes on across the restart: no second alert").isEqualTo(1);
        assertThat(LoggedAlert.readAll(config.settings().alertsLog())).filteredOn(a -> a.ruleId() == 199003)
                .singleElement().satisfies(a -> assertThat(a.host()).isEqualTo("h1"));
    }

    private static long staleAlerts(FleetConfig config) {
        Path log = config.settings().alertsLog();
        return Files.exists(log) ? LoggedAlert.readAll(log).stream().filter(a -> a.ruleId() == 199003).count() : 0;
    }

    @Test
    void aScheduleInTheFutureDoesNotPollAtStart() throws Exception {
        Daemon daemon = new Daemon(Fleetdiff.open(YamlConfigLoader.load(config(1, "0 0 0 1 1 ? 2099"))));
        try {
            daemon.start();
            Thread.sleep(1500);
            assertThat(hosts.get(0).connections()).isZero();
        } finally {
            daemon.close();
        }
    }
}
