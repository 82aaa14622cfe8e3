package dev.fleetdiff.app;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.notify.AlertChannel;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes delivering one outbox's log channel: two deliveries on two stores over one SQLite file. */
class OutboxDeliveryTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final int ALERTS = 500;

    @TempDir
    Path dir;

    @Test
    void twoDeliveriesOnOneDatabaseHandEachAlertToTheChannelOnce() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("fleetdiff.db");
        Queue<String> delivered = new ConcurrentLinkedQueue<>();
        AlertChannel log = new AlertChannel() {
            @Override
            public String name() {
                return "log";
            }

            @Override
            public void deliver(List<Alert> alerts) {
                alerts.forEach(alert -> delivered.add(alert.id()));
            }
        };
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
                OutboxDelivery delivery = new OutboxDelivery(store, List.of(log), Clock.fixed(T0, ZoneOffset.UTC));
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
}
