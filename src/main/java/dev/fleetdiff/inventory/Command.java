package dev.fleetdiff.inventory;

import dev.fleetdiff.regex.LinearRegex;
import java.util.List;
import java.util.Optional;

/**
 * A command run on hosts, keyed by its name in hosts.yaml.
 *
 * @param name     key in hosts.yaml, used in the store, alerts and the CLI
 * @param run      the command line sent to the host's shell
 * @param compare  how outputs are compared
 * @param ignore   lines matching any of these are dropped before comparing; linear-time, since they run over host output
 * @param schedule Quartz cron overriding the host's schedule, if set
 */
public record Command(String name, String run, CompareMode compare, List<LinearRegex> ignore, Optional<String> schedule) {
    public Command {
        ignore = List.copyOf(ignore);
    }

    /** A command with default comparison and no ignore rules, for tests and one-off use. */
    public static Command of(String name, String run) {
        return new Command(name, run, CompareMode.LINES, List.of(), Optional.empty());
    }
}
