package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.alert;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How deliverers claim the outbox, part of the store contract: {@link StoreContract} implements it, so it runs on
 * SQLite and on PostgreSQL.
 */
interface ClaimContract {
    Duration LEASE = Duration.ofMinutes(1);
    /** Two claimants, as two processes would be. */
    String A = "node-a:101:0a0a/mail-1";
    String B = "node-b:202:0b0b/mail-1";
    /** The claimant {@link #held} makes the holder of alerts, for tests that only need them held. */
    String HOLDER = "holder";
    /** Claiming threads per store in the concurrency test; two stores stand for two processes. */
    int THREADS_PER_STORE = 2;
    /** Bound of claims per thread, far above the 300 / 7 needed when every alert is claimed once. */
    int MAX_CLAIMS = 1_000;

    /** The store under test, opened on a new database before each test. */
    JdbcStore store();

    /** The URL of that database, for a second store on it as a second process would open. */
    String url();

    @Test
    default void twoClaimsAtTheSameInstantGetDisjointSets() {
        outbox(10);

        List<String> first = ids(store().claim("mail", A, T0, LEASE, 4));
        List<String> second = ids(store().claim("mail", B, T0, LEASE, 10));

        assertThat(first).containsExactly("a000", "a001", "a002", "a003");
        assertThat(second).containsExactly("a004", "a005", "a006", "a007", "a008", "a009");
        assertThat(store().claim("mail", A, T0, LEASE, 10)).isEmpty();
        assertThat(ids(store().claim("log", A, T0, LEASE, 10))).as("each channel is claimed on its own").hasSize(10);
        assertThat(store().renew("mail", A, T0, LEASE)).containsExactlyInAnyOrder("a000", "a001", "a002", "a003");
    }

    @Test
    default void aLeaseThatEndsHandsTheAlertToAnotherClaimant() {
        outbox(1);

        assertThat(ids(store().claim("mail", A, T0, LEASE, 10))).containsExactly("a000");
        assertThat(store().claim("mail", B, T0.plus(LEASE).minusMillis(1), LEASE, 10)).isEmpty();
        assertThat(store().outbox()).as("claimed is still pending").anyMatch(c -> c.channel().equals("mail")
                && c.pending() == 1);
        assertThat(ids(store().claim("mail", B, T0.plus(LEASE), LEASE, 10))).as("its claimer died")
                .containsExactly("a000");
        assertThat(store().claim("mail", A, T0.plus(LEASE), LEASE, 10)).as("and it has a new claimer").isEmpty();
        assertThat(store().renew("mail", A, T0.plus(LEASE), LEASE)).as("no longer the first one's").isEmpty();
        assertThat(store().renew("mail", B, T0.plus(LEASE), LEASE)).containsExactly("a000");
    }

    @Test
    default void aClaimantThatLostItsAlertsToAnotherCannotRecordThem() {
        outbox(2);
        store().claim("mail", A, T0, LEASE, 10);
        Instant late = T0.plus(LEASE);
        assertThat(ids(store().claim("mail", B, late, LEASE, 10))).containsExactly("a000", "a001");

        assertThat(store().delivered("mail", A, List.of("a000"), late)).as("the stale claimant is refused").isZero();
        assertThat(store().deliveryFailed("mail", A, List.of("a001"), "421 try later", late)).isZero();

        assertThat(store().renew("mail", B, late, LEASE)).as("both still the new claimant's")
                .containsExactlyInAnyOrder("a000", "a001");
        assertThat(store().pending("mail", T0.plus(Duration.ofDays(1)), 10)).hasSize(2);
        assertThat(store().outbox()).contains(new OutboxCount("mail", 2, 0, 0));
        assertThat(store().delivered("mail", B, List.of("a000", "a001"), late)).isEqualTo(2);
        assertThat(store().pending("mail", T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    default void renewingBeforeEachMailKeepsASlowRoundsAlertsPastTheFirstLease() {
        outbox(3);
        assertThat(store().claim("mail", A, T0, LEASE, 10)).hasSize(3);
        Instant slow = T0;
        for (String id : List.of("a000", "a001", "a002")) {
            slow = slow.plus(LEASE).minusSeconds(1);   // each mail takes almost a whole lease
            assertThat(store().renew("mail", A, slow, LEASE)).contains(id);
            assertThat(store().claim("mail", B, slow.plus(LEASE).minusMillis(1), LEASE, 10))
                    .as("renewed, so nobody takes it while it is being mailed").isEmpty();
            assertThat(store().delivered("mail", A, List.of(id), slow.plus(LEASE).minusMillis(1))).isEqualTo(1);
        }
        assertThat(store().pending("mail", T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    default void aLeaseThatRanOutWithoutATakeoverIsStillTheClaimantsToRecord() {
        outbox(1);
        store().claim("mail", A, T0, LEASE, 10);
        Instant late = T0.plus(LEASE.multipliedBy(3));

        assertThat(store().delivered("mail", A, List.of("a000"), late))
                .as("a mail the server took is recorded, not sent again").isEqualTo(1);
        assertThat(store().claim("mail", B, late, LEASE, 10)).isEmpty();
    }

    @Test
    default void aReleasedAlertIsDueAtOnceForAnyClaimant() {
        outbox(2);
        store().claim("mail", A, T0, LEASE, 10);

        store().release("mail", A, List.of("a001"), T0.plusSeconds(1));
        store().release("mail", B, List.of("a000"), T0.plusSeconds(1));

        assertThat(ids(store().claim("mail", B, T0.plusSeconds(1), LEASE, 10))).as("only the holder releases")
                .containsExactly("a001");
        assertThat(store().renew("mail", A, T0.plusSeconds(1), LEASE)).containsExactly("a000");
    }

    @Test
    default void deliveredAlertsAreNeverClaimed() {
        outbox(3);
        store().claim("mail", A, T0, LEASE, 1);
        store().delivered("mail", A, List.of("a000"), T0);

        assertThat(ids(store().claim("mail", A, T0, LEASE, 10))).containsExactly("a001", "a002");
        store().delivered("mail", A, List.of("a001"), T0.plusSeconds(1));

        assertThat(store().claim("mail", B, T0.plusSeconds(1), LEASE, 10)).as("a002 is still claimed").isEmpty();
        assertThat(ids(store().claim("mail", B, T0.plus(Duration.ofDays(1)), LEASE, 10))).containsExactly("a002");
    }

    @Test
    default void aFailedDeliveryEndsTheClaimAndIsClaimableAtItsRetryTimeEvenBeforeTheLeaseEnds() {
        outbox(1);
        Instant retryAt = T0.plusSeconds(60);
        assertThat(ids(store().claim("mail", A, T0, LEASE, 10))).containsExactly("a000");

        assertThat(store().deliveryFailed("mail", A, List.of("a000"), "421 try later", retryAt)).isEqualTo(1);

        assertThat(store().renew("mail", A, T0.plusSeconds(1), LEASE)).as("the claim ended").isEmpty();
        assertThat(store().claim("mail", B, retryAt.minusMillis(1), LEASE, 10)).isEmpty();
        assertThat(ids(store().claim("mail", B, retryAt, LEASE, 10))).containsExactly("a000");
        assertThat(store().claim("mail", A, retryAt, LEASE, 10)).isEmpty();
    }

    @Test
    default void concurrentClaimersOnTwoStoresClaimEveryAlertExactlyOnce() throws Exception {
        int alerts = 300;
        outbox(alerts);
        Queue<String> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_STORE);
        try (JdbcStore other = JdbcStore.open(url())) {
            List<Future<?>> claimers = new ArrayList<>();
            for (JdbcStore process : List.of(store(), other)) {
                for (int i = 0; i < THREADS_PER_STORE; i++) {
                    String claimant = "claimer-" + claimers.size();
                    claimers.add(threads.submit(() -> claimUntilEmpty(process, claimant, start, claimed)));
                }
            }
            start.countDown();
            for (Future<?> claimer : claimers) {
                claimer.get(60, SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(claimed).hasSize(alerts);
        assertThat(new HashSet<>(claimed)).hasSize(alerts);
    }

    private static Void claimUntilEmpty(JdbcStore process, String claimant, CountDownLatch start,
            Queue<String> claimed) throws InterruptedException {
        assertThat(start.await(10, SECONDS)).isTrue();
        for (int i = 0; i < MAX_CLAIMS; i++) {
            List<Alert> batch = process.claim("mail", claimant, T0, LEASE, 7);
            if (batch.isEmpty()) {
                return null;
            }
            claimed.addAll(ids(batch));
        }
        return null;
    }

    /** Alerts a000, a001, ... raised a millisecond apart, waiting on both channels. */
    private void outbox(int count) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(alert(String.format("a%03d", i), "web1", T0.plusMillis(i), true, true));
        }
        PollRecord poll = poll("web1", T0, ok(PORTS, "a"));
        store().record(List.of(new PollRecord(poll.host(), poll.started(), poll.ended(), poll.result(), poll.error(),
                poll.outputs(), alerts)));
    }

    /**
     * Makes {@link #HOLDER} the claimant of these alerts on the channel, as a claim would, but leaving their due
     * times: for tests of what happens to held alerts, not of claiming.
     */
    default List<String> held(String channel, List<String> alertIds) {
        try (Connection connection = DriverManager.getConnection(url());
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE deliveries SET claimed_by = ? WHERE channel = ? AND alert_id = ?")) {
            for (String id : alertIds) {
                update.setString(1, HOLDER);
                update.setString(2, channel);
                update.setString(3, id);
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return alertIds;
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::id).toList();
    }
}
