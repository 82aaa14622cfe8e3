package dev.fleetdiff.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({"500ms", "90s", "0s", "5m", "2h", "1d", "36h"})
    void writesDurationsAsTheyAreReadInTheirLargestWholeUnit(String text) {
        assertThat(Units.text(Units.duration(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "10s,PT10S", "5m,PT5M", "1h,PT1H", "1d,PT24H", "0s,PT0S", "90 s,PT1M30S"})
    void parsesDurations(String text, String iso) {
        assertThat(Units.duration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "10 seconds", "1.5s", "-1s", "10S", "s", "", "999999999999999999d"})
    void rejectsMalformedDurations(String text) {
        assertThatThrownBy(() -> Units.duration(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"512,512", "512B,512", "64KiB,65536", "1MiB,1048576", "1GiB,1073741824"})
    void parsesSizes(String text, long bytes) {
        assertThat(Units.size(Units.GIB).apply(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1MB", "64KB", "1G", "64k"})
    void refusesUnitsThatCouldMeanPowersOf1000(String text) {
        assertThatThrownBy(() -> Units.size(Units.GIB).apply(text)).hasMessageStartingWith("is ambiguous");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1025MiB", "2GiB", "64kib", "lots", "1.5MiB"})
    void rejectsSizesOutOfRangeOrMalformed(String text) {
        assertThatThrownBy(() -> Units.size(Units.GIB).apply(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesSizesInTheLargestExactUnit() {
        assertThat(Units.bytes(Units.GIB)).isEqualTo("1GiB");
        assertThat(Units.bytes(3 * Units.MIB)).isEqualTo("3MiB");
        assertThat(Units.bytes(1000)).isEqualTo("1000");
    }

    @Test
    void readsWholeNumbersInRange() {
        assertThat(Units.integer(1, 65_535).apply("22")).isEqualTo(22);
        assertThatThrownBy(() -> Units.integer(1, 65_535).apply("0x16")).hasMessageStartingWith("is not a whole number");
        assertThatThrownBy(() -> Units.integer(1, Integer.MAX_VALUE).apply("99999999999"))
                .hasMessage("is out of range; write a whole number at least 1");
    }

    @Test
    void readsBooleansAsWritten() {
        assertThat(Units.bool("yes")).isTrue();
        assertThat(Units.bool("False")).isFalse();
        assertThatThrownBy(() -> Units.bool("maybe")).hasMessage("is not true or false; write true or false");
    }

    @Test
    void suggestsTheClosestKnownWordOnlyWhenItIsClose() {
        var keys = java.util.List.of("concurrency", "cluster", "database");
        assertThat(ClosestWord.to("concurency", keys)).contains("concurrency");
        assertThat(ClosestWord.to("databse", keys)).contains("database");
        assertThat(ClosestWord.to("colour", keys)).isEmpty();
        assertThat(ClosestWord.distance("kitten", "sitting")).isEqualTo(3);
    }
}
