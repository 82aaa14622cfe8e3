package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.store.jdbc.PostgresServer;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode end to end: separate {@code fleetdiff run} JVMs on one embedded PostgreSQL and a fake fleet of
 * loopback hosts, every poll counted from the store by (host, scheduled fire time).
 */
class ClusterIT {
    static final int HOSTS = 300;
    static final long PERIOD_MILLIS = 20_000;
    static final String SCHEDULE = "0/20 * * * * ?";
    /** Three nodes share the work this long before one is killed. */
    static final Duration SHARED = Duration.ofMinutes(3);
    /** The two others poll alone this long after the kill. */
    static final Duration AFTER_KILL = Duration.ofSeconds(90);
    /** The bound: a dead node's hosts are polled again within this plus one period. */
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);
    static PostgresServer server;

    @BeforeAll
    static void startDatabase() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void threeNodesPollEachFireTimeOnceAndTwoTakeOverWhenOneIsKilled(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        String url = server.createDatabase("three_nodes");
        try (ClusterNodes cluster = ClusterNodes.start(dir, HOSTS, SCHEDULE, "20s", url)) {
            Map<String, Process> nodes = cluster.nodes(List.of("node1", "node2", "node3"));
            long shareStart = System.currentTimeMillis();

            Process refused = cluster.node("node4", cluster.config("node4",
                    yaml -> yaml.replaceFirst("      - \\{ name: h00300,[^\\n]*\\n", "")));
            assertThat(refused.waitFor(90, TimeUnit.SECONDS)).as("the node with another hosts.yaml stops").isTrue();
            String said = Files.readString(cluster.output("node4"));
            assertThat(refused.exitValue()).as(said).isEqualTo(2);
            Matcher hashes = Pattern.compile("hash to (sha256:[0-9a-f]{64}) but the running nodes poll with"
                    + " (sha256:[0-9a-f]{64})").matcher(said);
            assertThat(hashes.find()).as(said).isTrue();
            assertThat(hashes.group(1)).isNotEqualTo(hashes.group(2));
            assertThat(hashes.group(2)).isEqualTo(storedHash(url));

            Thread.sleep(SHARED.toMillis());
            Process killed = nodes.get("node3");
            killed.destroyForcibly();
            long killedAt = System.currentTimeMillis();
            assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(AFTER_KILL.toMillis());
            long end = System.currentTimeMillis();
            try (Fleetdiff status = Fleetdiff.open(YamlConfigLoader.load(dir.resolve("node1/hosts.yaml")))) {
                Map<String, NodeState> shown = new TreeMap<>();
                status.clusterNodes(Duration.ofMinutes(1)).orElseThrow().forEach(n -> shown.put(n.node().id(), n));
                assertThat(shown).containsOnlyKeys("node1", "node2", "node3");
                assertThat(shown.get("node3").alive()).as("the killed node is shown dead").isFalse();
                assertThat(shown.get("node1").alive()).isTrue();
                assertThat(shown.get("node2").node().polls()).as("polls of the last minute").isPositive();
            }

            ClusterPolls polls = ClusterPolls.read(url, PERIOD_MILLIS);
            assertThat(polls.duplicates()).as("(host, fire time) polled more than once").isEmpty();
            assertThat(polls.phases()).as("every host polled").hasSize(HOSTS);

            // While three nodes share: every fire time of a whole number of periods, each node a fair part of them.
            long from = shareStart + PERIOD_MILLIS;
            long to = from + (SHARED.toMillis() - 2 * PERIOD_MILLIS) / PERIOD_MILLIS * PERIOD_MILLIS;
            long periods = (to - from) / PERIOD_MILLIS;
            assertThat(polls.missing(from, to)).as("fire times no node polled").isEmpty();
            assertThat(polls.within(from, to)).hasSize((int) (HOSTS * periods));
            Map<String, Long> perNode = polls.perNode(from, to);
            System.out.printf("cluster split over %d fire times: %s%n", HOSTS * periods, perNode);
            assertThat(perNode).containsOnlyKeys("node1", "node2", "node3");
            perNode.values().forEach(n -> assertThat(n * 100.0 / (HOSTS * periods)).isBetween(20.0, 50.0));

            // After the kill: no node3 poll starts, and the others poll every fire time from the takeover bound on.
            assertThat(polls.polls()).filteredOn(p -> p.node().equals("node3") && p.started() > killedAt + 1_000)
                    .isEmpty();
            long bound = killedAt + TAKEOVER_LIMIT.toMillis() + PERIOD_MILLIS;
            List<Long> lost = polls.missing(killedAt, end - PERIOD_MILLIS);
            long lastLost = lost.stream().mapToLong(Long::longValue).max().orElse(killedAt);
            System.out.printf("after SIGKILL: %d fire times unpolled, the last %.1f s after the kill; latest start"
                    + " %.1f s after its fire time; split %s%n", lost.size(), (lastLost - killedAt) / 1000.0,
                    polls.latestStart(killedAt, end) / 1000.0, polls.perNode(killedAt, end));
            assertThat(lost).as("fire times unpolled later than %s + one period after the kill", TAKEOVER_LIMIT)
                    .allMatch(fire -> fire < bound);
        }
    }

    @Test
    @SuppressWarnings("try")   // the daemon is opened only for the warning its start logs
    void aNodeWhoseClockIsTenSecondsOffRefusesToJoinAndOneTwoSecondsOffIsWarnedAbout(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        String url = server.createDatabase("clocks");
        Path config = dir.resolve("hosts.yaml");
        Files.writeString(config, """
                settings:
                  database: "%s"
                  cluster: true
                  node_name: skewed
                  rules: builtin
                  known_hosts: known_hosts
                defaults:
                  identity: %s
                commands:
                  uname: { run: uname }
                groups:
                  all:
                    commands: [uname]
                    hosts: [web1]
                """.formatted(url, ClientKey.ed25519(dir).privateKeyFile()));
        var loaded = YamlConfigLoader.load(config);
        Fleetdiff ahead = Fleetdiff.open(loaded, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
        try {
            assertThatThrownBy(() -> new Daemon(ahead)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("refuses to join").hasMessageMatching("(?s).*ahead by 10\\.\\ds.*");
        } finally {
            ahead.close();
        }
        Fleetdiff behind = Fleetdiff.open(loaded, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-3)));
        try (LogCapture log = LogCapture.of(ClusterMembership.class); Daemon daemon = new Daemon(behind)) {
            assertThat(log.warnings()).anyMatch(w -> w.matches("(?s).*behind by 3\\.\\ds.*"));
        }
    }

    private static String storedHash(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT config_hash FROM cluster_config")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
