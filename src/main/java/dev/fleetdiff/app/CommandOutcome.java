package dev.fleetdiff.app;

import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.compare.Change;
import java.util.Optional;

/**
 * What happened to one command of a host poll.
 *
 * @param change empty for a baseline or a failed command; otherwise the comparison with the stored output
 */
public record CommandOutcome(String command, String commandLine, CommandResult result, Optional<Change> change) {

    public boolean baseline() {
        return result.ok() && change.isEmpty();
    }

    public boolean changed() {
        return change.map(Change::changed).orElse(false);
    }
}
