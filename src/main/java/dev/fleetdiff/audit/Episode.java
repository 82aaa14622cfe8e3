package dev.fleetdiff.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A time a host was out of the audit: failing (polls failed in a row, from the first failed poll to the next good
 * one) or stale (from its stale alert to the next good poll).
 *
 * @param end    the start of the next good poll; empty while it lasts at the end of the period
 * @param reason why the polls failed (the first failed run's error), or why it went stale
 */
public record Episode(String host, Kind kind, Instant start, Optional<Instant> end, String reason, Duration duration) {
    /** Which kind of episode. */
    public enum Kind { FAILING, STALE }
}
