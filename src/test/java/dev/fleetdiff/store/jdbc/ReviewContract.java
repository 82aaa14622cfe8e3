package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.withAlerts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Acks and accepted outputs, part of the store contract ({@link StoreContract} implements it, so it runs on SQLite and
 * on PostgreSQL): every review is added, none is changed or deleted; an accept acks the alerts that reported its output.
 */
interface ReviewContract {
    String HOST = "web1";
    String BEFORE = "tcp 22\n";
    String AFTER = "tcp 22\ntcp 4444\n";
    AlertQuery EVERYTHING = new AlertQuery(Instant.EPOCH, Optional.empty(), Optional.empty(), OptionalInt.empty(), 0,
            false);

    JdbcStore store();

    private static Alert change(String id, Instant time, String output, int rule, int level) {
        return new Alert(id, time, HOST, PORTS, "netstat -tan", rule, level, "Listened ports have changed.", output,
                BEFORE, "+tcp 4444\n", List.of("local"), false, true);
    }

    /** Two versions of the ports command (BEFORE, then AFTER), the second reported by alert "c1". */
    private void twoVersions() {
        store().record(List.of(poll(HOST, T0, ok(PORTS, BEFORE))));
        store().record(List.of(withAlerts(poll(HOST, T0.plusSeconds(60), ok(PORTS, AFTER)),
                change("c1", T0.plusSeconds(61), AFTER, 140123, 7))));
    }

    private Version version(int number) {
        return store().version(HOST, PORTS, number).orElseThrow();
    }

    private static Acceptance accept(Version v, String by, Instant at, boolean automatic) {
        return new Acceptance(HOST, PORTS, v.number(), v.hash(), by, at, Optional.of("planned upgrade"), automatic);
    }

    @Test
    default void ackingTwiceKeepsBothAcksAndUnackedListsOnlyAlertsNobodyAcked() {
        store().record(List.of(withAlerts(poll(HOST, T0, ok(PORTS, BEFORE)), change("a1", T0, AFTER, 140123, 7),
                change("a2", T0.plusSeconds(1), AFTER, 140123, 7))));

        store().ack(List.of("a1"), "alice", T0.plusSeconds(10), Optional.of("CHG-1"));
        store().ack(List.of("a1"), "bob", T0.plusSeconds(20), Optional.empty());

        assertThat(store().alerts(EVERYTHING)).extracting(a -> a.alert().id(), ReviewedAlert::acked)
                .containsExactly(tuple("a1", true), tuple("a2", false));
        assertThat(store().alert("a1").orElseThrow().acks()).containsExactly(
                new Ack("a1", "alice", T0.plusSeconds(10), Optional.of("CHG-1")),
                new Ack("a1", "bob", T0.plusSeconds(20), Optional.empty()));
        assertThat(store().unackedPerHost()).containsExactly(java.util.Map.entry(HOST, 1));
        AlertQuery unacked = new AlertQuery(Instant.EPOCH, Optional.empty(), Optional.empty(), OptionalInt.empty(), 0,
                true);
        assertThat(store().alerts(unacked)).extracting(a -> a.alert().id()).containsExactly("a2");
        assertThat(store().alert("nope")).isEmpty();
    }

    @Test
    default void alertsAreFilteredByTimeHostCommandRuleAndLevel() {
        store().record(List.of(withAlerts(poll(HOST, T0, ok(PORTS, BEFORE)), change("old", T0, AFTER, 140123, 7),
                change("high", T0.plusSeconds(100), AFTER, 199001, 12))));
        store().record(List.of(withAlerts(poll("db1", T0, ok(PORTS, BEFORE)),
                new Alert("db", T0.plusSeconds(101), "db1", "", "", 199002, 10, "failing", "", "", "", List.of(),
                        false, true))));

        assertThat(ids(new AlertQuery(T0.plusSeconds(50), Optional.empty(), Optional.empty(), OptionalInt.empty(), 0,
                false))).containsExactly("high", "db");
        assertThat(ids(new AlertQuery(Instant.EPOCH, Optional.of("db1"), Optional.empty(), OptionalInt.empty(), 0,
                false))).containsExactly("db");
        assertThat(ids(AlertQuery.of(HOST, PORTS))).containsExactly("old", "high");
        assertThat(ids(new AlertQuery(Instant.EPOCH, Optional.empty(), Optional.empty(), OptionalInt.of(140123), 0,
                false))).containsExactly("old");
        assertThat(ids(new AlertQuery(Instant.EPOCH, Optional.empty(), Optional.empty(), OptionalInt.empty(), 10,
                false))).containsExactly("high", "db");
    }

    private List<String> ids(AlertQuery query) {
        return store().alerts(query).stream().map(a -> a.alert().id()).toList();
    }

    @Test
    default void alertIdsMatchExactlyOrByTheirStart() {
        store().record(List.of(withAlerts(poll(HOST, T0, ok(PORTS, BEFORE)),
                change("3f2a1b4c-0001", T0, AFTER, 140123, 7), change("3f2a1b4c-0002", T0, AFTER, 140123, 7),
                change("3f2a", T0, AFTER, 140123, 7))));

        assertThat(store().alertIds("3f2a", 5)).containsExactly("3f2a");
        assertThat(store().alertIds("3f2a1b4c-0", 5)).containsExactly("3f2a1b4c-0001", "3f2a1b4c-0002");
        assertThat(store().alertIds("3f2a1b4c-0002", 5)).containsExactly("3f2a1b4c-0002");
        assertThat(store().alertIds("3f2a1b4c-0", 1)).hasSize(1);
        assertThat(store().alertIds("ffff", 5)).isEmpty();
    }

    @Test
    default void acceptingAnOutputAcksTheUnackedAlertsThatReportedExactlyIt() {
        twoVersions();
        store().record(List.of(withAlerts(poll(HOST, T0.plusSeconds(120), ok(PORTS, AFTER)),
                change("other", T0.plusSeconds(121), "tcp 22\ntcp 5555\n", 140123, 7))));

        int acked = store().accept(accept(version(2), "alice", T0.plusSeconds(300), false));

        assertThat(acked).isEqualTo(1);
        assertThat(store().accepted(HOST, PORTS)).contains(accept(version(2), "alice", T0.plusSeconds(300), false));
        assertThat(store().alert("c1").orElseThrow().acks()).containsExactly(
                new Ack("c1", "alice", T0.plusSeconds(300), Optional.of("accepted v2: planned upgrade")));
        assertThat(store().alert("other").orElseThrow().acked()).as("it reported another output").isFalse();
        assertThat(store().accept(accept(version(2), "bob", T0.plusSeconds(400), false)))
                .as("already acked alerts are not acked again").isZero();
        assertThat(store().acceptances(HOST, PORTS)).extracting(Acceptance::by).containsExactly("alice", "bob");
        assertThat(store().accepted(HOST, PORTS).orElseThrow().by()).isEqualTo("bob");
    }

    @Test
    default void anAutomaticAcceptanceIsTakenOnlyWhileNobodyAcceptedAnythingAndAcksNothing() {
        twoVersions();

        store().accept(accept(version(1), "fleetdiff", T0.plusSeconds(100), true));
        store().accept(accept(version(2), "fleetdiff", T0.plusSeconds(200), true));

        assertThat(store().acceptances(HOST, PORTS)).singleElement()
                .satisfies(a -> assertThat(a.version()).isEqualTo(1)).satisfies(a -> assertThat(a.automatic()).isTrue());
        assertThat(store().accept(accept(version(2), "fleetdiff", T0.plusSeconds(300), true))).isZero();
        assertThat(store().alert("c1").orElseThrow().acked()).isFalse();

        store().accept(accept(version(2), "alice", T0.plusSeconds(400), false));
        assertThat(store().accepted(HOST, PORTS).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    default void acceptingAVersionThatWasNeverStoredIsRefusedAndWritesNothing() {
        twoVersions();
        Version v2 = version(2);

        assertThatThrownBy(() -> store().accept(new Acceptance(HOST, PORTS, 3, v2.hash(), "alice", T0, Optional.empty(),
                false))).hasMessageContaining("no version 3 with sha256:" + v2.hash());
        assertThatThrownBy(() -> store().accept(new Acceptance(HOST, PORTS, 2, "00" + v2.hash().substring(2), "alice",
                T0, Optional.empty(), false))).hasMessageContaining("nothing of it was stored");

        assertThat(store().acceptances(HOST, PORTS)).isEmpty();
        assertThat(store().accepted(HOST, PORTS)).isEmpty();
        assertThat(store().alert("c1").orElseThrow().acked()).isFalse();
    }
}
