package dev.fleetdiff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostRangesTest {

    @Test
    void aPaddedRunFoldsIntoOneRange() {
        List<String> hosts = new ArrayList<>();
        for (int i = 412; i >= 1; i--) {
            hosts.add(String.format("web%03d", i));
        }
        assertThat(HostRanges.compact(hosts)).isEqualTo("web[001-412]");
    }

    @Test
    void gapsSuffixesAndPlainNamesAreKept() {
        assertThat(HostRanges.compact(List.of("web3.example.com", "web1.example.com", "web2.example.com",
                "web7.example.com", "db", "web9", "web10", "web11", "db")))
                .isEqualTo("db,web[1-3,7].example.com,web[9-11]");
    }

    @Test
    void zeroPaddingIsNotMixedWithUnpaddedNumbers() {
        assertThat(HostRanges.compact(List.of("n01", "n02", "n3", "n4", "n099", "n100")))
                .isEqualTo("n[01-02,3-4,099-100]");
    }

    @Test
    void aSingleNumberedHostStaysAsItIs() {
        assertThat(HostRanges.compact(List.of("10.0.0.12", "10.0.0.13", "rack2-sw1")))
                .isEqualTo("10.0.0.[12-13],rack2-sw1");
    }

    @Test
    void hugeDigitRunsAreNotFolded() {
        assertThat(HostRanges.compact(List.of("h12345678901234567890", "h12345678901234567891")))
                .isEqualTo("h12345678901234567890,h12345678901234567891");
    }
}
