package dev.fleetdiff.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourlyCapTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void eachMailGetsADistinctTimeAndUsesASlot() {
        HourlyCap cap = new HourlyCap(3);
        Instant first = cap.stamp(T);
        Instant second = cap.stamp(T);

        assertThat(second).isEqualTo(first.plusMillis(1));
        assertThat(cap.slotsLeft(T, List.of())).isEqualTo(1);
    }

    @Test
    void timesFromTheStoreCountOnceAlongsideOurOwn() {
        HourlyCap cap = new HourlyCap(3);
        Instant ours = cap.stamp(T);

        assertThat(cap.slotsLeft(T, List.of(ours, T.minusSeconds(60)))).isEqualTo(1);
        assertThat(cap.slotsLeft(T, List.of(ours, T.minusSeconds(60), T.minusSeconds(30)))).isZero();
    }

    @Test
    void aSlotOpensAnHourAfterTheOldestCountedMail() {
        HourlyCap cap = new HourlyCap(1);
        List<Instant> recorded = List.of(T.minusSeconds(600));

        assertThat(cap.slotsLeft(T, recorded)).isZero();
        assertThat(cap.nextSlot(T, recorded)).isEqualTo(T.minusSeconds(600).plus(Duration.ofHours(1)));
        assertThat(cap.slotsLeft(T.plus(Duration.ofMinutes(50)), recorded)).isEqualTo(1);
    }

    @Test
    void alertsDoneWithoutAMailUseNoSlot() {
        HourlyCap cap = new HourlyCap(1);
        Instant skipped = cap.stampNotMailed(T);
        assertThat(cap.slotsLeft(T, List.of(skipped))).as("the store's record of it is left out").isEqualTo(1);

        Instant mail = cap.stamp(T);

        assertThat(mail).isAfter(skipped);
        assertThat(cap.slotsLeft(T, List.of(skipped, mail))).isZero();
    }
}
