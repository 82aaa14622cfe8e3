package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which raised alerts to list: those raised at or after {@code since}, optionally of one host, command or rule, at
 * {@code minLevel} or above, and with {@code unackedOnly} only those nobody has acknowledged yet.
 */
public record AlertQuery(Instant since, Optional<String> host, Optional<String> command, OptionalInt rule,
                         int minLevel, boolean unackedOnly) {
    /** Every alert of a command on a host, acknowledged or not, for its history. */
    public static AlertQuery of(String host, String command) {
        return new AlertQuery(Instant.EPOCH, Optional.of(host), Optional.of(command), OptionalInt.empty(), 0, false);
    }
}
