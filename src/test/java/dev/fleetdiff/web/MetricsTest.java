package dev.fleetdiff.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /metrics is valid Prometheus text and its counters move as the fake fleet is polled. */
@Timeout(120)
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void countersMoveAsTheFleetIsPolled() throws Exception {
        try (WebFleet fleet = new WebFleet(dir)) {
            String url = fleet.serve().url();

            Map<String, Double> before = scrape(url);
            fleet.pollTwiceWithAChange();
            Map<String, Double> after = scrape(url);

            assertThat(before.getOrDefault("fleetdiff_polls_total{result=\"ok\"}", 0.0)).isZero();
            assertThat(after).containsEntry("fleetdiff_polls_total{result=\"ok\"}", 6.0)
                    .containsEntry("fleetdiff_poll_duration_seconds_count", 6.0)
                    .containsEntry("fleetdiff_store_write_duration_seconds_count", 6.0)
                    .containsEntry("fleetdiff_hosts{state=\"ok\"}", 3.0)
                    .containsEntry("fleetdiff_hosts{state=\"failing\"}", 0.0)
                    .containsEntry("fleetdiff_alerts_total{level=\"7\"}", 2.0)
                    .containsKey("fleetdiff_outbox_pending{channel=\"log\"}")
                    .containsKey("fleetdiff_outbox_oldest_pending_age_seconds{channel=\"log\"}")
                    .containsKey("jvm_memory_used_bytes{area=\"heap\"}");
            assertThat(after.get("fleetdiff_last_sweep_completed_timestamp_seconds"))
                    .isGreaterThan(before.get("fleetdiff_last_sweep_completed_timestamp_seconds"));
            assertThat(after.get("fleetdiff_last_poll_completed_timestamp_seconds")).isPositive();
            assertThat(after).doesNotContainKey("fleetdiff_schedule_fires_total");
        }
    }

    @Test
    void theStrictParserRefusesWhatTheFormatDoesNotAllow() {
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE a counter\na_total 1\n# TYPE b gauge\nb 2\na_total 3\n"))
                .hasMessageContaining("outside its family");
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE a gauge\na{x=\"1\\t\"} 1\n"))
                .hasMessageContaining("bad label");
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE a gauge\na one\n")).hasMessageContaining("not a float");
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                + "h_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 0\n")).hasMessageContaining("below the bucket");
        assertThat(ExpositionParser.parse("# HELP a x\n# TYPE a gauge\na{b=\"q\\\"\"} +Inf\n"))
                .containsEntry("a{b=\"q\\\"\"}", Double.POSITIVE_INFINITY);
    }

    private static Map<String, Double> scrape(String url) throws Exception {
        HttpResponse<String> response = WebFleet.get(url + "metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        return ExpositionParser.parse(response.body());
    }
}
