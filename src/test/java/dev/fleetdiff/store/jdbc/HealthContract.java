package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.unreachable;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.HealthAlerts;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.PollRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Host health episodes, part of the store contract ({@link StoreContract} implements it, so it runs on SQLite and on
 * PostgreSQL): failing after N failed polls, stale after a time without a good poll, recovered at the next good one,
 * each alert once per episode, also when two processes record at once.
 */
interface HealthContract {
    int AFTER = 3;
    String HOST = "web1";

    JdbcStore store();

    String url();

    private static Alert alert(String id, int rule, Instant time) {
        return new Alert(id, time, HOST, "", "", rule, 10, "health", "detail", "", "", List.of("fleetdiff"), false,
                true);
    }

    private static PollRecord watched(PollRecord poll, String tag) {
        return new PollRecord(poll.host(), poll.started(), poll.ended(), poll.result(), poll.error(), poll.outputs(),
                poll.alerts(), Optional.of(new HealthAlerts(AFTER, alert("failing-" + tag, 199002, poll.ended()),
                alert("recovered-" + tag, 199004, poll.ended()))));
    }

    private List<String> raised() {
        return store().pending("log", T0.plus(Duration.ofDays(30)), 1_000).stream().map(Alert::id).toList();
    }

    @Test
    default void failingOnceAfterNFailuresInARowThenRecoveredOnce() {
        for (int i = 0; i < AFTER + 10; i++) {
            store().record(List.of(watched(unreachable(HOST, T0.plusSeconds(60L * i), "refused"), "f" + i)));
        }
        assertThat(raised()).containsExactly("failing-f" + (AFTER - 1));
        HostHealth failing = store().health(HOST).orElseThrow();
        assertThat(failing.state()).isEqualTo(HostHealth.State.FAILING);
        assertThat(failing.failures()).isEqualTo(AFTER + 10);
        assertThat(failing.reason()).contains("refused");
        assertThat(failing.lastGood()).isEmpty();

        Instant back = T0.plusSeconds(3600);
        store().record(List.of(watched(poll(HOST, back, ok(PORTS, "tcp 22\n")), "ok1")));
        store().record(List.of(watched(poll(HOST, back.plusSeconds(60), ok(PORTS, "tcp 22\n")), "ok2")));

        assertThat(raised()).containsExactly("failing-f" + (AFTER - 1), "recovered-ok1");
        HostHealth ok = store().health(HOST).orElseThrow();
        assertThat(ok.state()).isEqualTo(HostHealth.State.OK);
        assertThat(ok.failures()).isZero();
        assertThat(ok.lastGood()).contains(Polls.ended(back.plusSeconds(60)));
    }

    @Test
    default void failuresThatAGoodPollInterruptsNeverAddUp() {
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(60L * i);
            store().record(List.of(watched(i % AFTER == AFTER - 1 ? poll(HOST, at, ok(PORTS, "x\n"))
                    : unreachable(HOST, at, "refused"), "p" + i)));
        }
        assertThat(raised()).isEmpty();
    }

    @Test
    default void staleOnceWhenNoGoodPollForTooLongThenRecovered() {
        store().record(List.of(watched(poll(HOST, T0, ok(PORTS, "x\n")), "first")));
        Instant lastGood = Polls.ended(T0);

        assertThat(store().markStale(HOST, T0.plusSeconds(60), lastGood, Optional.of(alert("early", 199003, T0))))
                .isFalse();
        assertThat(store().markStale(HOST, T0.plusSeconds(900), lastGood.plusMillis(1),
                Optional.of(alert("stale-1", 199003, T0)))).isTrue();
        assertThat(store().markStale(HOST, T0.plusSeconds(960), lastGood.plusSeconds(60),
                Optional.of(alert("stale-2", 199003, T0)))).as("once per episode").isFalse();
        store().record(List.of(watched(unreachable(HOST, T0.plusSeconds(1000), "refused"), "f1")));
        store().record(List.of(watched(unreachable(HOST, T0.plusSeconds(1060), "refused"), "f2")));
        store().record(List.of(watched(unreachable(HOST, T0.plusSeconds(1120), "refused"), "f3")));
        assertThat(store().health(HOST).orElseThrow().state()).as("already out of the audit: no failing alert too")
                .isEqualTo(HostHealth.State.STALE);

        store().record(List.of(watched(poll(HOST, T0.plusSeconds(1200), ok(PORTS, "x\n")), "back")));
        assertThat(raised()).containsExactly("stale-1", "recovered-back");
    }

    @Test
    default void aHostNeverPolledGoesStaleFromWhenItWasFirstWatched() {
        store().watch(List.of(HOST, "db1"), T0);
        store().watch(List.of(HOST), T0.plusSeconds(600));

        assertThat(store().health(HOST).orElseThrow().firstSeen()).as("watching again keeps the first sighting")
                .isEqualTo(T0);
        assertThat(store().markStale(HOST, T0.plusSeconds(900), T0.plusSeconds(1),
                Optional.of(alert("s", 199003, T0)))).isTrue();
        assertThat(store().healths()).extracting(HostHealth::host, HostHealth::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("db1", HostHealth.State.OK),
                org.assertj.core.groups.Tuple.tuple(HOST, HostHealth.State.STALE));
    }

    @Test
    default void twoProcessesRecordingTheSameFailuresRaiseTheFailingAlertOnce() throws Exception {
        int rounds = 20;
        try (JdbcStore other = JdbcStore.open(url())) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < rounds; round++) {
                    String host = "h" + round;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<?>> done = new ArrayList<>();
                    for (JdbcStore writer : List.of(store(), other)) {
                        done.add(threads.submit(() -> {
                            start.await();
                            for (int i = 0; i < AFTER; i++) {
                                PollRecord failed = unreachable(host, T0.plusSeconds(i), "refused");
                                writer.record(List.of(new PollRecord(host, failed.started(), failed.ended(),
                                        failed.result(), failed.error(), List.of(), List.of(), Optional.of(
                                        new HealthAlerts(AFTER, new Alert(host + "-" + writer.hashCode() + "-" + i,
                                                T0, host, "", "", 199002, 10, "d", "", "", "", List.of(), false, true),
                                                alert("r", 199004, T0))))));
                            }
                            return null;
                        }));
                    }
                    start.countDown();
                    for (Future<?> f : done) {
                        f.get(30, SECONDS);
                    }
                }
            } finally {
                threads.shutdownNow();
            }
        }
        List<Alert> alerts = store().pending("log", T0.plus(Duration.ofDays(1)), 1_000);
        assertThat(alerts).hasSize(rounds);
        assertThat(alerts).extracting(Alert::host).doesNotHaveDuplicates();
    }
}
