package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.alert;
import static dev.fleetdiff.store.jdbc.Polls.failed;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.withAlerts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetdiff.store.LatestOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queries of the web view, part of the store contract (runs on SQLite and PostgreSQL): a fleet search reads each
 * distinct latest output once with its hosts, and /metrics reads the age of the oldest alert waiting per channel.
 */
interface WebQueryContract {
    JdbcStore store();

    @Test
    default void latestOutputsGroupHostsByTheirLatestOutputOnly() {
        store().record(List.of(poll("a", T0, ok(PORTS, "tcp 22\n")), poll("b", T0, ok(PORTS, "tcp 22\n")),
                poll("c", T0, ok(PORTS, "tcp 22\n"))));
        store().record(List.of(poll("c", T0.plusSeconds(60), ok(PORTS, "tcp 22\ntcp 23456\n", 1)),
                poll("d", T0.plusSeconds(60), failed(PORTS, 127, "netstat: not found"))));

        List<LatestOutput> outputs = store().latestOutputs(PORTS);

        assertThat(outputs).extracting(LatestOutput::output, LatestOutput::hosts).containsExactlyInAnyOrder(
                tuple("tcp 22\n", List.of("a", "b")), tuple("tcp 22\ntcp 23456\n", List.of("c")));
        assertThat(store().latestOutputs("no-such-command")).isEmpty();
    }

    @Test
    default void oldestPendingIsPerChannelAndForgetsDeliveredAlerts() {
        store().record(List.of(withAlerts(poll("a", T0, ok(PORTS, "x\n")),
                alert("old", "a", T0, true, true), alert("new", "a", T0.plusSeconds(30), false, true))));

        assertThat(store().oldestPending()).isEqualTo(Map.of("log", T0, "mail", T0));

        Instant claimed = T0.plusSeconds(40);
        store().claim("log", "web-test", claimed, Duration.ofMinutes(1), 10);
        store().claim("mail", "web-test", claimed, Duration.ofMinutes(1), 10);
        store().delivered("log", "web-test", List.of("old"), claimed);
        store().delivered("mail", "web-test", List.of("old"), claimed);

        assertThat(store().oldestPending()).isEqualTo(Map.of("log", T0.plusSeconds(30)));
        store().claim("log", "web-test", T0.plusSeconds(50), Duration.ofMinutes(1), 10);
        store().delivered("log", "web-test", List.of("new"), T0.plusSeconds(50));
        assertThat(store().oldestPending()).isEqualTo(Map.<String, Instant>of());
    }
}
