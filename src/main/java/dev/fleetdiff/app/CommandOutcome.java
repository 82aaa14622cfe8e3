package dev.fleetdiff.app;

import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.compare.Change;
import java.util.Optional;

/**
 * What happened to one command of a host poll.
 *
 * @param change     empty for a baseline or a failed command; otherwise the comparison with the stored output (with
 *                   {@code baseline: accepted}, with the accepted output when the output is new, else no change)
 * @param unaccepted with {@code baseline: accepted}, the output differs from the last accepted one
 */
public record CommandOutcome(String command, String commandLine, CommandResult result, Optional<Change> change,
                             boolean unaccepted) {

    public boolean baseline() {
        return result.ok() && change.isEmpty();
    }

    public boolean changed() {
        return change.map(Change::changed).orElse(false);
    }
}
