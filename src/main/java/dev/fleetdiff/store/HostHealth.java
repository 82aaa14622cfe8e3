package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A host's health episode, kept in the store so that each episode raises its alerts once, across restarts and
 * processes.
 *
 * @param state     ok, failing (failure_alert_after polls in a row failed) or stale (no good poll for stale_after)
 * @param since     when the host entered this state
 * @param failures  polls failed in a row, 0 after a good one
 * @param firstSeen when the store first heard of the host: the clock of staleness for a host never polled well
 * @param lastGood  when the host's last good poll ended
 * @param reason    why its last poll failed, while it fails
 */
public record HostHealth(String host, State state, Instant since, int failures, Instant firstSeen,
                         Optional<Instant> lastGood, Optional<String> reason) {

    /** The episode a host is in. */
    public enum State { OK, FAILING, STALE }

    /** The time from which the host counts as not polled well: its last good poll, else when it was first seen. */
    public Instant goodOrFirstSeen() {
        return lastGood.orElse(firstSeen);
    }
}
