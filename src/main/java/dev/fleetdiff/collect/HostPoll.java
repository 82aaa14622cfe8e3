package dev.fleetdiff.collect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of polling one host.
 *
 * @param failure set when the host could not be polled at all (no command results then)
 * @param results one per command that was attempted, in the order asked
 */
public record HostPoll(String host, Instant started, Instant ended, Optional<HostFailure> failure,
                       List<CommandResult> results) {
    public HostPoll {
        results = List.copyOf(results);
    }

    public static HostPoll failed(String host, Instant started, HostFailure failure) {
        return new HostPoll(host, started, Instant.now(), Optional.of(failure), List.of());
    }

    public boolean ok() {
        return failure.isEmpty();
    }
}
