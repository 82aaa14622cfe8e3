package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/** The state of one host for {@code fleetdiff status}. */
public record HostStatus(String host, Instant lastStarted, Instant lastEnded, String result, Optional<String> error,
                         int consecutiveFailures, int pendingAlerts) {
}
