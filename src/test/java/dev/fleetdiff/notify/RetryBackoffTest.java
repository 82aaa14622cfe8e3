package dev.fleetdiff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void delaysDoubleUpToAnHour() {
        assertThat(RetryBackoff.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryBackoff.delay(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryBackoff.delay(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(RetryBackoff.delay(8)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryBackoff.delay(1_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void attemptsAreCountedPerAlertAndForgottenOnDelivery() {
        RetryBackoff backoff = new RetryBackoff();
        assertThat(backoff.failed(List.of("a"), T)).isEqualTo(T.plusSeconds(30));
        assertThat(backoff.failed(List.of("a"), T)).isEqualTo(T.plusSeconds(60));
        assertThat(backoff.failed(List.of("a", "b"), T)).as("a group waits as long as its most tried alert")
                .isEqualTo(T.plusSeconds(120));

        backoff.delivered(List.of("a", "b"));

        assertThat(backoff.failed(List.of("a"), T)).isEqualTo(T.plusSeconds(30));
    }
}
