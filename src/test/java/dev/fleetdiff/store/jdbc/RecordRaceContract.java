package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.alert;
import static dev.fleetdiff.store.jdbc.Polls.ended;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.withAlerts;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Writers racing to record the same host's outputs, part of the store contract ({@link StoreContract} implements it,
 * so it runs on SQLite and on PostgreSQL): a poll is stored only while the versions it was compared with are still
 * the latest, so each change is stored and alerted once. A second store on the same database stands for a second
 * process.
 */
interface RecordRaceContract {
    /** Writer threads per store in the concurrency test. */
    int WRITERS_PER_STORE = 3;
    /** Hosts every writer records the same change of. */
    int HOSTS = 20;
    /** Bound of attempts per poll in the concurrency test; one retry suffices when every writer sees one change. */
    int MAX_ATTEMPTS = 10;

    JdbcStore store();

    String url();

    long count(String sql);

    /** Waits until {@code requests} requests wait for the store's writer. */
    void awaitQueued(int requests) throws InterruptedException;

    /** A poll whose output was compared with version {@code comparedWith} and raised alert {@code id}. */
    private static PollRecord change(String host, String output, int comparedWith, Instant started, String id) {
        return withAlerts(poll(host, started, ok(PORTS, output, comparedWith)), alert(id, host, started, true, true));
    }

    private List<String> loggedAlerts() {
        return store().pending("log", T0.plusSeconds(3600), 1_000).stream().map(Alert::id).toList();
    }

    @Test
    default void aChangeAnotherWriterRecordedFirstIsHandedBackAndNotStoredTwice() {
        store().record(List.of(poll("web1", T0, ok(PORTS, "a\n", 0))));
        PollRecord first = change("web1", "b\n", 1, T0.plusSeconds(300), "a1");
        PollRecord second = change("web1", "b\n", 1, T0.plusSeconds(301), "a2");

        try (JdbcStore other = JdbcStore.open(url())) {
            assertThat(store().record(List.of(first))).isEmpty();
            assertThat(other.record(List.of(second))).containsExactly(second);
        }

        assertThat(loggedAlerts()).containsExactly("a1");
        assertThat(store().history("web1", PORTS)).extracting(Version::number, Version::output)
                .containsExactly(tuple(1, "a\n"), tuple(2, "b\n"));
        assertThat(count("SELECT SUM(polls) FROM runs")).as("the handed-back poll left no run either").isEqualTo(2);
    }

    @Test
    default void anotherOutputComparedWithAStaleVersionIsStoredOnceComparedWithTheNewOne() {
        store().record(List.of(poll("web1", T0, ok(PORTS, "a\n", 0))));
        PollRecord stale = change("web1", "c\n", 1, T0.plusSeconds(301), "late");

        try (JdbcStore other = JdbcStore.open(url())) {
            assertThat(store().record(List.of(change("web1", "b\n", 1, T0.plusSeconds(300), "b")))).isEmpty();
            assertThat(other.record(List.of(stale))).containsExactly(stale);
            assertThat(other.record(List.of(change("web1", "c\n", 2, T0.plusSeconds(301), "c")))).isEmpty();
        }

        assertThat(loggedAlerts()).containsExactly("b", "c");
        assertThat(store().history("web1", PORTS)).extracting(Version::number, Version::output)
                .containsExactly(tuple(1, "a\n"), tuple(2, "b\n"), tuple(3, "c\n"));
    }

    @Test
    default void twoFirstOutputsMakeOneBaseline() {
        try (JdbcStore other = JdbcStore.open(url())) {
            assertThat(store().record(List.of(poll("web1", T0, ok(PORTS, "a\n", 0))))).isEmpty();
            assertThat(other.record(List.of(poll("web1", T0, ok(PORTS, "a\n", 0))))).hasSize(1);
        }
        assertThat(store().history("web1", PORTS)).hasSize(1);
    }

    @Test
    default void aPollThatEndedEarlierButIsRecordedLaterNeverMovesLastSeenBack() {
        store().record(List.of(poll("web1", T0, ok(PORTS, "a\n", 0))));
        store().record(List.of(poll("web1", T0.plusSeconds(600), ok(PORTS, "b\n", 1))));
        store().record(List.of(poll("web1", T0.plusSeconds(300), ok(PORTS, "b\n", 2))));

        Version latest = store().latest("web1", PORTS).orElseThrow();
        assertThat(latest.firstSeen()).isEqualTo(ended(T0.plusSeconds(600)));
        assertThat(latest.lastSeen()).isEqualTo(latest.firstSeen());
        assertThat(count("SELECT COUNT(*) FROM versions WHERE last_seen < first_seen")).isZero();
    }

    /**
     * The other store's transaction starts while this store's has written the change but not yet committed it: on
     * PostgreSQL both run at once and the other's conditional write waits, then finds the latest version moved;
     * SQLite makes the other wait for the write lock. Either way the other's poll is handed back.
     */
    @Test
    default void aWriterWhoseTransactionOverlapsAnUncommittedChangeIsHandedBack() throws Exception {
        store().record(List.of(poll("web1", T0, ok(PORTS, "a\n", 0))));
        PollRecord first = change("web1", "b\n", 1, T0.plusSeconds(300), "a1");
        PollRecord second = change("web1", "b\n", 1, T0.plusSeconds(301), "a2");
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (JdbcStore other = JdbcStore.open(url())) {
            CountDownLatch holding = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> store().writer().submit(1, tx -> {
                holding.countDown();
                await(firstBatch);
            }));
            assertThat(holding.await(10, SECONDS)).isTrue();
            Future<List<PollRecord>> recorded = threads.submit(() -> store().record(List.of(first)));
            awaitQueued(1);
            Future<?> uncommitted = threads.submit(() -> store().writer().submit(1, tx -> {
                written.countDown();
                await(commit);
            }));
            awaitQueued(2);
            firstBatch.countDown();   // the next batch holds the change and then waits, uncommitted
            assertThat(written.await(10, SECONDS)).isTrue();

            Future<List<PollRecord>> late = threads.submit(() -> other.record(List.of(second)));
            Thread.sleep(300);   // let the other transaction reach its wait; the outcome is the same if it has not
            commit.countDown();

            holder.get(10, SECONDS);
            uncommitted.get(10, SECONDS);
            assertThat(recorded.get(10, SECONDS)).isEmpty();
            assertThat(late.get(20, SECONDS)).containsExactly(second);
        } finally {
            firstBatch.countDown();
            commit.countDown();
            threads.shutdownNow();
        }
        assertThat(loggedAlerts()).containsExactly("a1");
        assertThat(store().history("web1", PORTS)).hasSize(2);
    }

    /**
     * Writers on two stores record the same change of every host at once, each comparing again on a hand-back as the
     * poll pipeline does: every change is stored once with one alert, and every poll is recorded.
     */
    @Test
    default void concurrentWritersOnTwoStoresStoreAndAlertEachChangeOnce() throws Exception {
        List<PollRecord> baselines = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            baselines.add(poll("host-" + h, T0, ok(PORTS, "a\n", 0)));
        }
        store().record(baselines);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * WRITERS_PER_STORE);
        try (JdbcStore other = JdbcStore.open(url())) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2 * WRITERS_PER_STORE; w++) {
                JdbcStore writer = w % 2 == 0 ? store() : other;
                int id = w;
                writers.add(threads.submit(() -> {
                    await(start);
                    for (int h = 0; h < HOSTS; h++) {
                        recordAsThePipelineDoes(writer, "host-" + h, "w" + id + "-h" + h);
                    }
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, SECONDS);
            }
        } finally {
            start.countDown();
            threads.shutdownNow();
        }
        assertThat(loggedAlerts()).as("one alert per change").hasSize(HOSTS);
        assertThat(count("SELECT COUNT(*) FROM versions")).isEqualTo(2L * HOSTS);
        assertThat(count("SELECT COUNT(*) FROM versions WHERE last_seen < first_seen")).isZero();
        assertThat(count("SELECT SUM(polls) FROM runs")).as("every poll recorded")
                .isEqualTo(HOSTS + 2L * WRITERS_PER_STORE * HOSTS);
    }

    /** Compares "b\n" with the latest version, alerting if it differs, and records; again if handed back. */
    private static void recordAsThePipelineDoes(JdbcStore writer, String host, String alertId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Version latest = writer.latest(host, PORTS).orElseThrow();
            PollRecord poll = latest.output().equals("b\n")
                    ? poll(host, T0.plusSeconds(300), ok(PORTS, "b\n", latest.number()))
                    : change(host, "b\n", latest.number(), T0.plusSeconds(300), alertId);
            if (writer.record(List.of(poll)).isEmpty()) {
                return;
            }
        }
        throw new AssertionError(host + ": still handed back after " + MAX_ATTEMPTS + " attempts");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
