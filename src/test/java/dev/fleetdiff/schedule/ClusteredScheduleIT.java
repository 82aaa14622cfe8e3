package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.store.jdbc.JdbcCluster;
import dev.fleetdiff.store.jdbc.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The clustered schedule on a real PostgreSQL: its tables, and splay-offset triggers kept as columns, read back. */
class ClusteredScheduleIT {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static PostgresServer server;
    static String url;

    @BeforeAll
    static void startDatabase() throws Exception {
        server = PostgresServer.start();
        url = server.createDatabase("cluster_schedule");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Inventory inventory(List<String> hosts, Duration splay, String schedule) {
        List<Host> list = hosts.stream().map(name -> new Host(name, "127.0.0.1", 22, "audit", Path.of("id"),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1024,
                schedule, splay, List.of("uname"), List.of("all"))).toList();
        return new Inventory(list, Map.of("uname", Command.of("uname", "uname")), Map.of("all", hosts));
    }

    private static QuartzSchedule schedule(JdbcCluster cluster, String node, PollTarget target) throws Exception {
        return QuartzSchedule.clustered(4, 4, Duration.ofSeconds(5), new ClusterJobStore(cluster.dataSource(),
                "qrtz_", node, ClusterJobStore.CHECKIN_INTERVAL), target);
    }

    @Test
    void tablesAreMadeOnceWithTheirLocksSeededUnderThePrefix() throws Exception {
        JdbcCluster.open(url, 2, "other_", ClusterJobStore.SCHEDULER_NAME).close();
        try (JdbcCluster again = JdbcCluster.open(url, 2, "other_", ClusterJobStore.SCHEDULER_NAME)) {
            assertThat(strings(again, "SELECT lock_name FROM other_locks ORDER BY lock_name"))
                    .containsExactly("STATE_ACCESS", "TRIGGER_ACCESS");
            assertThat(strings(again, "SELECT table_name FROM information_schema.tables WHERE table_name LIKE"
                    + " 'other\\_%' ORDER BY table_name")).hasSize(11).contains("other_triggers", "other_fired_triggers");
        }
    }

    @Test
    void offsetTriggersAreStoredAsColumnsAndFireAtTheirOffsetOnAnotherInstance() throws Exception {
        List<String> hosts = IntStream.rangeClosed(1, 6).mapToObj("web%02d"::formatted).toList();
        Inventory inventory = inventory(hosts, Duration.ofSeconds(40), "0/2 * * * * ?");
        try (JdbcCluster cluster = JdbcCluster.open(url, 8, "qrtz_", ClusterJobStore.SCHEDULER_NAME)) {
            List<Instant> due = new ArrayList<>();
            try (QuartzSchedule first = schedule(cluster, "first", (h, c, f) -> { })) {
                first.load(inventory);
                for (String host : hosts) {
                    due.add(first.nextPoll(host).orElseThrow());
                }
            }
            assertThat(strings(cluster, "SELECT DISTINCT trigger_type FROM qrtz_triggers"))
                    .containsExactly(OffsetCronPersistence.TYPE);
            assertThat(strings(cluster, "SELECT trigger_name FROM qrtz_blob_triggers")).as("nothing serialized")
                    .isEmpty();

            Map<String, Instant> fired = new ConcurrentHashMap<>();
            try (QuartzSchedule second = schedule(cluster, "second", (h, c, f) -> fired.putIfAbsent(h, f))) {
                second.load(inventory);
                for (int i = 0; i < hosts.size(); i++) {
                    assertThat(second.nextPoll(hosts.get(i))).as("read back unchanged, not rescheduled")
                            .contains(due.get(i));
                }
                second.start();
                long end = System.nanoTime() + PATIENCE.toNanos();
                while (fired.size() < hosts.size() && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
            }
            assertThat(fired.keySet()).containsExactlyInAnyOrderElementsOf(hosts);
            for (String host : hosts) {
                long offset = Splay.offset(host, Duration.ofSeconds(40)).toMillis();
                assertThat((fired.get(host).toEpochMilli() - offset) % 2_000).as(host + ": cron time plus its offset")
                        .isZero();
            }
        }
    }

    private static List<String> strings(JdbcCluster cluster, String sql) throws SQLException {
        try (Connection c = cluster.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
