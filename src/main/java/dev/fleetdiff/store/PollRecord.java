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
 * @param health the alerts to raise if this poll starts or ends the host's failing or stale episode; empty for a
 *               poll that must not move the episode
 */
public record PollRecord(String host, Instant started, Instant ended, String result, Optional<String> error,
                         List<OutputRecord> outputs, List<Alert> alerts, Optional<HealthAlerts> health) {
    /** The result of a poll in which the host answered and every command succeeded. */
    public static final String OK = "ok";

    public PollRecord {
        outputs = List.copyOf(outputs);
        alerts = List.copyOf(alerts);
    }

    /** A poll that leaves the host's episode as it is. */
    public PollRecord(String host, Instant started, Instant ended, String result, Optional<String> error,
                      List<OutputRecord> outputs, List<Alert> alerts) {
        this(host, started, ended, result, error, outputs, alerts, Optional.empty());
    }

    public boolean ok() {
        return OK.equals(result);
    }
}
