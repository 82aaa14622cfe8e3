package dev.fleetdiff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.rules.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationTextTest {
    private static Alert alert(String host, String output) {
        return new Alert("1", Instant.parse("2026-11-27T19:56:30Z"), host, "ports", "netstat -tan", 140123, 7,
                "Listened ports have changed.", output, "old\n", "-old\n+" + output, List.of(), true, true);
    }

    @Test
    void aGroupNamesItsHostsButTheCutNoteNamesARealOne() {
        String text = new NotificationText(ZoneOffset.UTC).render(alert("web001", "z".repeat(30)), "web[001-412]", 10);

        assertThat(text).contains("Received From: web[001-412]->netstat -tan\n")
                .contains("zzzzzzzzzz\n[... 20 more characters not shown; run: fleetdiff diff --host web001"
                        + " --command ports ]\n");
    }

    @Test
    void theDiffCommandQuotesHostsAShellWouldSplitAndDropsControls() {
        assertThat(AlertText.diffCommand(alert("web1", "")))
                .isEqualTo("fleetdiff diff --host web1 --command ports");
        assertThat(AlertText.diffCommand(alert("it's;\u001b[2J\nrm -rf", "")))
                .isEqualTo("fleetdiff diff --host 'it'\\''s;?[2J rm -rf' --command ports");
    }
}
