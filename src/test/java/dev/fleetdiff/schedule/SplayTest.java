package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplayTest {
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void aHostKeepsItsOffsetAndNoSplayMeansNone() {
        assertThat(Splay.offset("web001", FIVE_MINUTES)).isEqualTo(Splay.offset("web001", FIVE_MINUTES))
                .isBetween(Duration.ZERO, FIVE_MINUTES);
        assertThat(Splay.offset("web001", Duration.ZERO)).isZero();
    }

    @Test
    void namesDifferingInOneCharacterSpreadEvenlyOverTheWindow() {
        int[] buckets = new int[10];
        IntStream.rangeClosed(1, 1000).mapToObj("web%04d"::formatted).forEach(name ->
                buckets[(int) (Splay.offset(name, FIVE_MINUTES).toMillis() * 10 / (FIVE_MINUTES.toMillis() + 1))]++);
        assertThat(IntStream.of(buckets).boxed().toList()).as("1000 hosts over 10 equal slices of the window")
                .allSatisfy(count -> assertThat(count).isBetween(60, 140));
    }
}
