package dev.fleetdiff.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.cli.Main;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL half-way and run again loses no change and raises no alert twice: every host ends with
 * exactly one alert for its change, version 2 stored, and an intact database.
 */
class CrashRecoveryIT {
    private static final int HOSTS = 200;
    private static final String VERSION = "cat /etc/fleet-version";
    /** Hosts the killed sweep must have finished first, so that the kill falls mid-way. */
    private static final int DONE_BEFORE_KILL = 24;
    private static final Duration SWEEP_LIMIT = Duration.ofSeconds(45);

    private static long lines(Path file, String prefix) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, UTF_8)) {
            return lines.filter(l -> l.startsWith(prefix)).count();
        }
    }

    /** Starts {@code fleetdiff poll --all} in its own JVM, printing to {@code out}. */
    private static Process startPoll(OpenSshFleet fleet, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "poll", "--all", "--config", fleet.hostsYaml().toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    @Test
    void aSweepKilledMidWayAndRunAgainLosesNoAlertAndRaisesNoneTwice(@TempDir Path dir) throws Exception {
        try (OpenSshFleet fleet = OpenSshFleet.start(dir, HOSTS, "--command", "version=" + VERSION,
                "--concurrency", "16")) {
            String yaml = fleet.hostsYaml().toString();
            fleet.setOutputEverywhere(VERSION, "v1\n");
            long start = System.nanoTime();
            assertThat(Main.execute("poll", "--all", "--config", yaml)).as("baseline sweep").isZero();
            long baselineMillis = (System.nanoTime() - start) / 1_000_000;

            fleet.setOutputEverywhere(VERSION, "v2\n");
            fleet.markAll("slow", "1");
            Path out = dir.resolve("killed-poll.out");
            Process killed = startPoll(fleet, out);
            long deadline = System.nanoTime() + SWEEP_LIMIT.toNanos();
            while (lines(out, "sim") < DONE_BEFORE_KILL && killed.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long doneAtKill = lines(out, "sim");
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(killed.exitValue()).as("killed by SIGKILL:\n" + Files.readString(out)).isEqualTo(137);
            assertThat(doneAtKill).as("hosts done when the sweep was killed").isBetween((long) DONE_BEFORE_KILL, HOSTS - 1L);
            long alertsAtKill = LoggedAlert.readAll(fleet.alertsLog()).size();
            int pendingAtKill;
            try (Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(fleet.hostsYaml()))) {
                pendingAtKill = app.outbox().stream().filter(c -> c.channel().equals("log"))
                        .mapToInt(OutboxCount::pending).sum();
            }
            assertThat(alertsAtKill + pendingAtKill).as("alerts of the hosts done before the kill, logged or pending")
                    .isGreaterThanOrEqualTo(doneAtKill);

            fleet.markAll("ok");
            start = System.nanoTime();
            assertThat(Main.execute("poll", "--all", "--config", yaml)).as("re-run finds the remaining changes").isEqualTo(1);
            long rerunMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("CrashRecoveryIT: baseline sweep of %d hosts %d ms; killed after %d hosts with %d alerts"
                    + " logged and %d pending; re-run %d ms%n", HOSTS, baselineMillis, doneAtKill, alertsAtKill,
                    pendingAtKill, rerunMillis);

            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + fleet.database());
                 Statement sql = db.createStatement();
                 ResultSet check = sql.executeQuery("PRAGMA integrity_check")) {
                assertThat(check.next()).isTrue();
                assertThat(check.getString(1)).isEqualTo("ok");
            }
            Map<String, List<LoggedAlert>> alertsByHost = LoggedAlert.readAll(fleet.alertsLog()).stream()
                    .collect(Collectors.groupingBy(LoggedAlert::host));
            assertThat(alertsByHost.keySet()).containsExactlyInAnyOrderElementsOf(fleet.hostNames());
            assertThat(alertsByHost.values()).allSatisfy(alerts -> assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.command()).isEqualTo("version");
                assertThat(a.previousOutput()).isEqualTo("v1\n");
                assertThat(a.output()).isEqualTo("v2\n");
            }));
            try (Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(fleet.hostsYaml()))) {
                Map<String, List<Version>> histories = fleet.hostNames().stream()
                        .collect(Collectors.toMap(Function.identity(), h -> app.history(h, "version")));
                assertThat(histories).allSatisfy((host, versions) -> assertThat(versions).as(host).hasSize(2));
                assertThat(fleet.hostNames()).allSatisfy(host -> assertThat(app.version(host, "version", 2))
                        .hasValueSatisfying(v -> assertThat(v.output()).isEqualTo("v2\n")));
            }
        }
    }
}
