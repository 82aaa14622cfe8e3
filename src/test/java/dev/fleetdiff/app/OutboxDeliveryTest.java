package dev.fleetdiff.app;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.notify.AlertChannel;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivering the outbox's log channel: two processes on one SQLite file, and an alert that makes the channel throw.
 */
class OutboxDeliveryTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final int ALERTS = 500;

    @TempDir
    Path dir;

    @Test
    void twoDeliveriesOnOneDatabaseHandEachAlertToTheChannelOnce() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("fleetdiff.db");
        Queue<String> delivered = new ConcurrentLinkedQueue<>();
        AlertChannel log = logChannel(alerts -> alerts.forEach(alert -> delivered.add(alert.id())));
        ExecutorService processes = Executors.newFixedThreadPool(2);
        try (JdbcStore first = JdbcStore.open(url); JdbcStore second = JdbcStore.open(url)) {
            List<Alert> alerts = new ArrayList<>();
            for (int i = 0; i < ALERTS; i++) {
                alerts.add(new Alert("a" + i, T0, "web1", "ports", "netstat -tan", 140123, 7, "changed", "new",
                        "old", "-old\n+new\n", List.of("local"), false, true));
            }
            first.record(List.of(new PollRecord("web1", T0, T0, "ok", Optional.empty(), List.of(), alerts)));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> counts = new ArrayList<>();
            for (JdbcStore store : List.of(first, second)) {
                OutboxDelivery delivery = new OutboxDelivery(store, List.of(log), Clock.fixed(T0, ZoneOffset.UTC),
                        "process-" + counts.size() + "/outbox-1");
                counts.add(processes.submit(() -> {
                    assertThat(start.await(10, SECONDS)).isTrue();
                    return delivery.deliverPending();
                }));
            }
            start.countDown();

            assertThat(counts.get(0).get(60, SECONDS) + counts.get(1).get(60, SECONDS)).isEqualTo(ALERTS);
            assertThat(first.pending("log", T0.plus(OutboxDelivery.LEASE), 10)).isEmpty();
        } finally {
            processes.shutdownNow();
        }
        assertThat(delivered).hasSize(ALERTS);
        assertThat(new HashSet<>(delivered)).hasSize(ALERTS);
    }

    @Test
    void anAlertThatMakesTheChannelThrowCostsOnlyItsOwnDelivery() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("fleetdiff.db");
        int count = OutboxDelivery.BATCH * 2 + 10;
        Queue<String> delivered = new ConcurrentLinkedQueue<>();
        AlertChannel log = logChannel(alerts -> {
            if (alerts.stream().anyMatch(alert -> alert.id().equals("a0"))) {
                throw new OutOfMemoryError("Java heap space");
            }
            alerts.forEach(alert -> delivered.add(alert.id()));
        });
        try (JdbcStore store = JdbcStore.open(url)) {
            List<Alert> alerts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                alerts.add(new Alert("a" + i, T0.plusMillis(i), "web1", "ports", "netstat -tan", 140123, 7,
                        "changed", "new", "old", "-old\n+new\n", List.of("local"), false, true));
            }
            store.record(List.of(new PollRecord("web1", T0, T0, "ok", Optional.empty(), List.of(), alerts)));
            OutboxDelivery delivery = new OutboxDelivery(store, List.of(log), Clock.fixed(T0, ZoneOffset.UTC),
                    "process-0/outbox-1");

            assertThat(delivery.deliverPending()).isEqualTo(count - 1);
            assertThat(delivery.deliverPending()).as("the failed alert waits out its backoff").isZero();

            assertThat(delivered).hasSize(count - 1).doesNotContain("a0");
            assertThat(store.outbox()).contains(new OutboxCount("log", 1, 1, 0));
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet row = s.executeQuery("SELECT attempts, last_error, next_attempt FROM deliveries"
                         + " WHERE alert_id = 'a0'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(1)).isEqualTo(1);
                assertThat(row.getString(2)).isEqualTo("OutOfMemoryError: Java heap space");
                assertThat(row.getLong(3)).isGreaterThan(T0.toEpochMilli());
            }
        }
    }

    /** A "log" channel that hands each batch to {@code deliver}. */
    private static AlertChannel logChannel(Consumer<List<Alert>> deliver) {
        return new AlertChannel() {
            @Override
            public String name() {
                return "log";
            }

            @Override
            public void deliver(List<Alert> alerts) {
                deliver.accept(alerts);
            }
        };
    }
}
