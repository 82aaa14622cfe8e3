package dev.fleetdiff.store;

import dev.fleetdiff.rules.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One host poll to record: its run, every command's outcome, and the alerts raised.
 *
 * @param result "ok", "failed" (some command failed) or the host failure kind in lower case
 * @param error  why the host or a command failed, if so
 */
public record PollRecord(String host, Instant started, Instant ended, String result, Optional<String> error,
                         List<OutputRecord> outputs, List<Alert> alerts) {
    public PollRecord {
        outputs = List.copyOf(outputs);
        alerts = List.copyOf(alerts);
    }
}
