package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.alert;
import static dev.fleetdiff.store.jdbc.Polls.alertOn;
import static dev.fleetdiff.store.jdbc.Polls.ended;
import static dev.fleetdiff.store.jdbc.Polls.failed;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.unreachable;
import static dev.fleetdiff.store.jdbc.Polls.withAlerts;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.Pruned;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcStore} database must do; subclasses supply fresh databases of one dialect. */
abstract class StoreContract implements ClaimContract, HealthContract, RecordRaceContract, ReviewContract,
        WebQueryContract, AuditContract {
    String url;
    JdbcStore store;

    /** The URL of a new, empty database. */
    abstract String newDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        url = newDatabase();
        store = JdbcStore.open(url);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    public JdbcStore store() {
        return store;
    }

    @Override
    public String url() {
        return url;
    }

    @Test
    void unchangedOutputAddsNoVersionAndMovesLastSeen() {
        store.record(List.of(poll("web1", T0, ok(PORTS, "tcp 22\n"))));
        Version baseline = store.latest("web1", PORTS).orElseThrow();
        assertThat(baseline.number()).isEqualTo(1);
        assertThat(baseline.output()).isEqualTo("tcp 22\n");
        assertThat(baseline.hash()).isEqualTo(Outputs.sha256("tcp 22\n".getBytes(UTF_8)));

        store.record(List.of(poll("web1", T0.plusSeconds(300), ok(PORTS, "tcp 22\n"))));

        Version latest = store.latest("web1", PORTS).orElseThrow();
        assertThat(latest.number()).isEqualTo(1);
        assertThat(latest.firstSeen()).isEqualTo(baseline.firstSeen());
        assertThat(latest.lastSeen()).isEqualTo(ended(T0.plusSeconds(300)));
        assertThat(store.history("web1", PORTS)).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM versions")).isEqualTo(1);
    }

    @Test
    void changedOutputBecomesTheNextVersion() {
        store.record(List.of(poll("web1", T0, ok(PORTS, "tcp 22\n"))));
        store.record(List.of(poll("web1", T0.plusSeconds(300), ok(PORTS, "tcp 22\ntcp 4444\n"))));
        store.record(List.of(poll("web1", T0.plusSeconds(600), ok(PORTS, "tcp 22\n"))));

        assertThat(store.history("web1", PORTS)).extracting(Version::number, Version::output).containsExactly(
                tuple(1, "tcp 22\n"),
                tuple(2, "tcp 22\ntcp 4444\n"),
                tuple(3, "tcp 22\n"));
        assertThat(store.latest("web1", PORTS).orElseThrow().number()).isEqualTo(3);
        assertThat(store.version("web1", PORTS, 2).orElseThrow().firstSeen()).isEqualTo(ended(T0.plusSeconds(300)));
        assertThat(store.version("web1", PORTS, 4)).isEmpty();
        assertThat(store.latest("web1", "other")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM contents")).isEqualTo(2);
    }

    @Test
    void identicalOutputsOfHundredHostsAreStoredOnce() {
        List<PollRecord> polls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            polls.add(poll("host-" + i, T0, ok(PORTS, "tcp 22\ntcp 443\n")));
        }
        store.record(polls);

        assertThat(count("SELECT COUNT(*) FROM contents")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM versions")).isEqualTo(100);
        assertThat(store.latest("host-99", PORTS).orElseThrow().output()).isEqualTo("tcp 22\ntcp 443\n");
    }

    @Test
    void failureIsRecordedWithoutAVersion() {
        store.record(List.of(poll("web1", T0, ok(PORTS, "tcp 22\n"))));
        store.record(List.of(poll("web1", T0.plusSeconds(300), failed(PORTS, 127, "netstat: not found"))));
        store.record(List.of(poll("db1", T0, failed(PORTS, 1, "permission denied"))));

        assertThat(store.history("web1", PORTS)).hasSize(1);
        assertThat(store.latest("web1", PORTS).orElseThrow().output()).isEqualTo("tcp 22\n");
        assertThat(store.latest("db1", PORTS)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM latest WHERE host = 'web1' AND status = 'failed' AND exit_status = 127"
                + " AND error = 'netstat: not found' AND number = 1")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM versions")).isEqualTo(1);

        store.record(List.of(poll("web1", T0.plusSeconds(600), ok(PORTS, "tcp 22\n"))));
        assertThat(store.history("web1", PORTS)).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM latest WHERE host = 'web1' AND status = 'ok' AND error IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void alertsAreCommittedWithTheirOutputsAndWaitOnTheirChannels() {
        Alert both = alert("a1", "web1", T0, true, true);
        Alert logOnly = alert("a2", "web1", T0.plusSeconds(1), false, true);
        Alert mailOnly = alert("a3", "web2", T0.plusSeconds(2), true, false);
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "tcp 22\n")), both, logOnly),
                withAlerts(poll("web2", T0, ok(PORTS, "tcp 80\n")), mailOnly)));

        assertThat(store.pending("log", T0, 10)).containsExactly(both, logOnly);
        assertThat(store.pending("mail", T0, 10)).containsExactly(both, mailOnly);
        assertThat(store.pending("mail", T0, 1)).containsExactly(both);
        assertThat(store.outbox()).containsExactly(new OutboxCount("log", 2, 0), new OutboxCount("mail", 2, 0));
        assertThat(store.latest("web2", PORTS)).isPresent();
    }

    @Test
    void aFailingRecordStoresNeitherItsOutputsNorItsAlerts() {
        Alert broken = alert(null, "web1", T0, true, true);
        PollRecord good = withAlerts(poll("web1", T0, ok(PORTS, "tcp 22\n")), alert("a1", "web1", T0, true, true));

        assertThatThrownBy(() -> store.record(List.of(good, withAlerts(poll("web2", T0, ok(PORTS, "x")), broken))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing of it was stored");

        assertThat(store.latest("web1", PORTS)).isEmpty();
        assertThat(store.pending("log", T0, 10)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM runs")).isZero();
    }

    @Test
    void theWriterPreparesEachStatementOnceAcrossBatchesAndStartsAfreshAfterAFailure() {
        List<PreparedStatement> prepared = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM runs";
        store.writer().submit(1, tx -> prepared.add(tx.sql(sql)));
        store.writer().submit(1, tx -> prepared.add(tx.sql(sql)));
        assertThat(prepared.get(1)).as("the second batch reuses the first one's statement").isSameAs(prepared.get(0));

        assertThatThrownBy(() -> store.writer().submit(1, tx -> tx.sql("SELECT nonsense FROM nowhere").execute()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing of it was stored");
        store.writer().submit(1, tx -> prepared.add(tx.sql(sql)));
        assertThat(prepared.get(2)).as("after a failure the writer prepares anew").isNotSameAs(prepared.get(0));
        store.record(List.of(poll("web1", T0, ok(PORTS, "tcp 22\n"))));
        assertThat(store.latest("web1", PORTS)).isPresent();
    }

    @Test
    void aFailingCallerDoesNotSpoilTheOthersInItsBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?> holder = hold(callers, release);
            Future<?> good = callers.submit(() -> store.record(List.of(poll("web1", T0, ok(PORTS, "a")))));
            Future<?> bad = callers.submit(() -> store.record(List.of(
                    withAlerts(poll("web2", T0, ok(PORTS, "b")), alert(null, "web2", T0, true, true)))));
            awaitQueued(2);
            long before = store.writer().commits();
            release.countDown();
            holder.get(10, SECONDS);
            good.get(10, SECONDS);
            assertThatThrownBy(() -> bad.get(10, SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(store.writer().commits() - before).isEqualTo(2);
            assertThat(store.latest("web1", PORTS)).isPresent();
            assertThat(store.latest("web2", PORTS)).isEmpty();
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void deliveredAlertsLeavePendingOnThatChannelOnly() {
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")),
                alert("a1", "web1", T0, true, true), alert("a2", "web1", T0.plusSeconds(1), true, true))));

        store.delivered("log", HOLDER, held("log", List.of("a1", "a2")), T0.plusSeconds(5));
        store.delivered("mail", HOLDER, held("mail", List.of("a1")), T0.plusSeconds(5));

        assertThat(store.pending("log", T0.plusSeconds(10), 10)).isEmpty();
        assertThat(store.pending("mail", T0.plusSeconds(10), 10)).extracting(Alert::id).containsExactly("a2");
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND delivered_at = "
                + T0.plusSeconds(5).toEpochMilli())).isEqualTo(3);
    }

    @Test
    void deliveryTimesListEachMailOnceSinceTheGivenTime() {
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")), alert("a1", "web1", T0, true, true),
                alert("a2", "web1", T0, true, true), alert("a3", "web1", T0, true, true))));

        store.delivered("mail", HOLDER, held("mail", List.of("a1", "a2")), T0.plusSeconds(5));
        store.delivered("mail", HOLDER, held("mail", List.of("a3")), T0.plusSeconds(9));
        store.delivered("log", HOLDER, held("log", List.of("a1")), T0.plusSeconds(7));

        assertThat(store.deliveryTimes("mail", T0)).containsExactly(T0.plusSeconds(5), T0.plusSeconds(9));
        assertThat(store.deliveryTimes("mail", T0.plusSeconds(5))).containsExactly(T0.plusSeconds(9));
    }

    @Test
    void failedDeliveryWaitsUntilRetryAt() {
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")), alert("a1", "web1", T0, true, true))));
        Instant retryAt = T0.plusSeconds(120);

        store.deliveryFailed("mail", HOLDER, held("mail", List.of("a1")), "421 try later", retryAt);
        store.deliveryFailed("mail", HOLDER, held("mail", List.of("a1")), "421 try later again", retryAt);

        assertThat(store.pending("mail", retryAt.minusMillis(1), 10)).isEmpty();
        assertThat(store.pending("mail", retryAt, 10)).extracting(Alert::id).containsExactly("a1");
        assertThat(store.pending("log", T0, 10)).extracting(Alert::id).containsExactly("a1");
        assertThat(store.outbox()).contains(new OutboxCount("mail", 1, 1), new OutboxCount("log", 1, 0));
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE channel = 'mail' AND attempts = 2"
                + " AND last_error = '421 try later again'")).isEqualTo(1);
    }

    @Test
    void statusCountsConsecutiveFailuresAndPendingAlerts() {
        store.record(List.of(poll("web1", T0, ok(PORTS, "a")), unreachable("db1", T0, "refused")));
        store.record(List.of(withAlerts(unreachable("web1", T0.plusSeconds(300), "refused"),
                alert("a1", "web1", T0, false, true), alert("a2", "web1", T0, true, false)),
                unreachable("db1", T0.plusSeconds(300), "refused")));
        store.record(List.of(unreachable("web1", T0.plusSeconds(600), "timed out"),
                poll("db1", T0.plusSeconds(600), ok(PORTS, "b"))));
        store.delivered("log", HOLDER, held("log", List.of("a1")), T0.plusSeconds(700));

        assertThat(store.status()).containsExactly(
                new HostStatus("db1", T0.plusSeconds(600), ended(T0.plusSeconds(600)), "ok", Optional.empty(), 0, 0),
                new HostStatus("web1", T0.plusSeconds(600), T0.plusSeconds(610), "connection_refused",
                        Optional.of("timed out"), 2, 1));
    }

    @Test
    void identicalPollsShareOneRun() {
        for (int i = 0; i < 100; i++) {
            store.record(List.of(poll("web1", T0.plusSeconds(i * 300L), ok(PORTS, "a"))));
        }
        assertThat(count("SELECT COUNT(*) FROM runs")).isEqualTo(1);
        assertThat(count("SELECT polls FROM runs WHERE host = 'web1' AND started = " + T0.toEpochMilli()))
                .isEqualTo(100);
        assertThat(store.status()).singleElement().extracting(HostStatus::lastStarted)
                .isEqualTo(T0.plusSeconds(99 * 300L));

        store.record(List.of(unreachable("web1", T0.plusSeconds(100 * 300L), "refused")));
        assertThat(count("SELECT COUNT(*) FROM runs")).isEqualTo(2);
    }

    @Test
    void concurrentCallersAreCommittedInOneTransaction() throws Exception {
        int callers = 50;
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(callers + 1);
        try {
            Future<?> holder = hold(threads, release);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String host = "host-" + i;
                calls.add(threads.submit(() -> store.record(List.of(poll(host, T0, ok(PORTS, host.substring(5)))))));
            }
            awaitQueued(callers);
            long before = store.writer().commits();
            release.countDown();
            holder.get(10, SECONDS);
            for (Future<?> call : calls) {
                call.get(10, SECONDS);
            }
            assertThat(store.writer().commits() - before).as("the holder's commit, then one for all callers")
                    .isEqualTo(2);
            for (int i = 0; i < callers; i++) {
                assertThat(store.latest("host-" + i, PORTS).orElseThrow().output()).isEqualTo(String.valueOf(i));
            }
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void reopenedStoreKeepsEverything() {
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")), alert("a1", "web1", T0, true, true))));
        store.record(List.of(poll("web1", T0.plusSeconds(300), ok(PORTS, "b"))));
        List<Version> history = store.history("web1", PORTS);
        List<HostStatus> status = store.status();
        store.close();

        store = JdbcStore.open(url);

        assertThat(store.history("web1", PORTS)).isEqualTo(history);
        assertThat(store.status()).isEqualTo(status);
        assertThat(store.pending("mail", T0, 10)).extracting(Alert::id).containsExactly("a1");
        assertThat(count("SELECT MAX(version) FROM schema_version")).isEqualTo(Schema.LATEST);
    }

    @Test
    void closedStoreRefusesWrites() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.record(List.of(poll("web1", T0, ok(PORTS, "a")))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.status()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void newerSchemaIsRefused() throws SQLException {
        store.close();
        execute("INSERT INTO schema_version (version, applied) VALUES (99, 0)");

        assertThatThrownBy(() -> JdbcStore.open(url)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has schema version 99 but this fleetdiff knows up to " + Schema.LATEST)
                .hasMessageContaining("settings.database");
        execute("DELETE FROM schema_version WHERE version = 99");
        store = JdbcStore.open(url);
    }

    @Test
    void aDeliveryThatFailedMaxAttemptsTimesIsMarkedFailedKeptAndRetriedDaily() {
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")), alert("a1", "web1", T0, false, true))));
        for (int i = 1; i <= Store.MAX_ATTEMPTS; i++) {
            assertThat(store.outbox()).contains(new OutboxCount("log", 1, i == 1 ? 0 : 1, 0));
            store.deliveryFailed("log", HOLDER, held("log", List.of("a1")), "boom " + i, T0.plusSeconds(i));
        }
        Instant last = T0.plusSeconds(Store.MAX_ATTEMPTS);

        assertThat(store.outbox()).contains(new OutboxCount("log", 0, 0, 1));
        assertThat(store.status()).singleElement().extracting(HostStatus::pendingAlerts).isEqualTo(1);
        assertThat(store.claim("log", HOLDER, last.plus(Duration.ofHours(23)), Duration.ofMinutes(1), 10))
                .isEmpty();
        assertThat(store.claim("log", HOLDER, last.plus(Store.FAILED_RETRY), Duration.ofMinutes(1), 10))
                .extracting(Alert::id).containsExactly("a1");
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE status = 'failed' AND last_error = 'boom "
                + Store.MAX_ATTEMPTS + "'")).isEqualTo(1);

        store.delivered("log", HOLDER, held("log", List.of("a1")), last.plus(Store.FAILED_RETRY));
        assertThat(store.outbox()).contains(new OutboxCount("log", 0, 0, 0));
    }

    @Test
    void alertsKeepTheirWholeSizesAndVersions() {
        Alert bounded = alertOn("a1", "web1", T0, 7, 6);
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")), bounded)));
        assertThat(store.pending("log", T0, 10)).containsExactly(bounded);
    }

    @Test
    void aVersionOneDatabaseIsUpgradedAndItsAlertsStillDeliver() throws Exception {
        store.close();
        String old = newDatabase();
        try (Connection connection = DriverManager.getConnection(old);
             Statement statement = connection.createStatement();
             var script = Schema.class.getResourceAsStream("V1.sql")) {
            statement.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)");
            String v1 = new String(script.readAllBytes(), UTF_8);
            for (String sql : Schema.statements(Dialect.of(old).ddl(v1))) {
                statement.execute(sql);
            }
            statement.execute("INSERT INTO schema_version (version, applied) VALUES (1, 0)");
            statement.execute("INSERT INTO alerts (id, raised_at, host, command, command_line, rule_id, level,"
                    + " description, output, previous_output, diff, alert_groups, to_mail, to_log) VALUES ('a1', "
                    + T0.toEpochMilli() + ", 'web1', 'ports', 'netstat', 7, 7, 'changed', 'new', 'old', '-old', 'local',"
                    + " 0, 1)");
            statement.execute("INSERT INTO deliveries (alert_id, channel, status, attempts, next_attempt)"
                    + " VALUES ('a1', 'log', 'pending', 0, 0)");
        }
        url = old;
        store = JdbcStore.open(old);

        assertThat(count("SELECT MAX(version) FROM schema_version")).isEqualTo(Schema.LATEST);
        Alert upgraded = store.pending("log", T0, 10).get(0);
        assertThat(upgraded.output()).isEqualTo("new");
        assertThat(upgraded.outputChars()).isZero();
        assertThat(upgraded.version()).isZero();
        assertThat(store.prune(1, T0.plus(Duration.ofDays(1))).alerts()).as("still pending").isZero();
    }

    @Test
    void pruneRemovesVersionsPastBothLimitsButNeverTheLatest() {
        recordVersions("web1", 5);

        Pruned pruned = store.prune(2, T0.plus(Duration.ofDays(30)));

        assertThat(pruned.outputs()).containsExactly(new Pruned.Output("web1", PORTS, 3));
        assertThat(pruned.contents()).isEqualTo(3);
        assertThat(pruned.contentBytes()).isEqualTo(3 * "v1\n".length());
        assertThat(store.history("web1", PORTS)).extracting(Version::number).containsExactly(4, 5);
        assertThat(count("SELECT COUNT(*) FROM contents")).isEqualTo(2);

        assertThat(store.prune(1, T0.plus(Duration.ofDays(30))).versions()).isEqualTo(1);
        assertThat(store.latest("web1", PORTS).orElseThrow().output()).isEqualTo("v5\n");
        assertThat(store.prune(1, T0.plus(Duration.ofDays(30))).versions()).isZero();
        store.record(List.of(poll("web1", T0.plus(Duration.ofDays(31)), ok(PORTS, "v6\n"))));
        assertThat(store.latest("web1", PORTS).orElseThrow().number()).as("numbers go on after pruning").isEqualTo(6);
    }

    @Test
    void pruneKeepsVersionsSeenWithinKeepDays() {
        recordVersions("web1", 5);

        store.prune(1, T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));

        assertThat(store.history("web1", PORTS)).extracting(Version::number).containsExactly(4, 5);
    }

    @Test
    void pruneKeepsVersionsThatAnUndeliveredAlertNames() {
        recordVersions("web1", 5);
        store.record(List.of(withAlerts(poll("web1", T0.plus(Duration.ofDays(6)), ok(PORTS, "v5\n")),
                alertOn("a1", "web1", T0, 2, 1))));

        store.prune(1, T0.plus(Duration.ofDays(30)));
        assertThat(store.history("web1", PORTS)).extracting(Version::number).containsExactly(1, 2, 5);

        store.delivered("log", HOLDER, held("log", List.of("a1")), T0.plus(Duration.ofDays(7)));
        store.prune(1, T0.plus(Duration.ofDays(30)));
        assertThat(store.history("web1", PORTS)).extracting(Version::number).containsExactly(5);
    }

    @Test
    void pruneKeepsContentsOtherOutputsStillUse() {
        store.record(List.of(poll("web1", T0, ok(PORTS, "same\n")), poll("web2", T0, ok(PORTS, "same\n"))));
        store.record(List.of(poll("web1", T0.plus(Duration.ofDays(1)), ok(PORTS, "changed\n"))));

        Pruned pruned = store.prune(1, T0.plus(Duration.ofDays(30)));

        assertThat(pruned.outputs()).containsExactly(new Pruned.Output("web1", PORTS, 1));
        assertThat(pruned.contents()).isZero();
        assertThat(store.latest("web2", PORTS).orElseThrow().output()).isEqualTo("same\n");
        assertThat(count("SELECT COUNT(*) FROM contents")).isEqualTo(2);
    }

    @Test
    void pruneRemovesOldAlertsOnlyOnceEveryChannelHasThem() {
        Instant recent = T0.plus(Duration.ofDays(2));
        store.record(List.of(withAlerts(poll("web1", T0, ok(PORTS, "a")), alert("old-sent", "web1", T0, true, true),
                alert("old-half", "web1", T0, true, true), alert("old-none", "web1", T0, false, false),
                alert("old-failed", "web1", T0, false, true), alert("new-sent", "web1", recent, false, true))));
        store.delivered("log", HOLDER, held("log", List.of("old-sent", "old-half", "new-sent")), recent);
        store.delivered("mail", HOLDER, held("mail", List.of("old-sent")), recent);
        for (int i = 0; i < Store.MAX_ATTEMPTS; i++) {
            store.deliveryFailed("log", HOLDER, held("log", List.of("old-failed")), "boom", T0);
        }

        Pruned pruned = store.prune(1, T0.plus(Duration.ofDays(1)));

        assertThat(pruned.alerts()).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM alerts WHERE id IN ('old-half', 'old-failed', 'new-sent')"))
                .isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM alerts")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE alert_id = 'old-sent'")).isZero();
    }

    /** Versions 1 to n of PORTS on a host, version i printed "vi" and polled on day i only. */
    private void recordVersions(String host, int n) {
        for (int i = 1; i <= n; i++) {
            store.record(List.of(poll(host, T0.plus(Duration.ofDays(i)), ok(PORTS, "v" + i + "\n"))));
        }
    }

    /** Occupies the writer with a transaction that waits for {@code release}, so that callers queue up behind it. */
    Future<?> hold(ExecutorService threads, CountDownLatch release) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> store.writer().submit(1, tx -> {
            entered.countDown();
            try {
                release.await(30, SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(entered.await(10, SECONDS)).as("writer picked up the holder").isTrue();
        return holder;
    }

    @Override
    public void awaitQueued(int requests) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (store.writer().queued() < requests && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.writer().queued()).isEqualTo(requests);
    }

    @Override
    public long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
