package dev.fleetdiff.inventory;

import dev.fleetdiff.regex.LinearRegex;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A command run on hosts, keyed by its name in hosts.yaml.
 *
 * @param name         key in hosts.yaml, used in the store, alerts and the CLI
 * @param run          the command line sent to the host's shell
 * @param compare      how outputs are compared
 * @param ignore       lines matching any of these are dropped before comparing; linear-time, since they run over
 *                     host output
 * @param schedule     Quartz cron overriding the host's schedule, if set
 * @param timeout      command_timeout for this command, overriding the host's
 * @param maxOutput    max_output for this command, overriding the host's
 * @param successExits exit statuses whose output is compared; 0 unless the command says otherwise (grep's "no match"
 *                     with nothing printed always counts as an empty output, see {@link #GREP_NO_MATCH})
 * @param baseline     what a new output is compared with: the previous one, or the last accepted one
 */
public record Command(String name, String run, CompareMode compare, List<LinearRegex> ignore, Optional<String> schedule,
                      Optional<Duration> timeout, OptionalLong maxOutput, Set<Integer> successExits,
                      Baseline baseline) {
    /** The exit status that counts as success unless the command lists others. */
    public static final Set<Integer> DEFAULT_SUCCESS_EXITS = Set.of(0);
    /** grep's "no match": with empty stdout and stderr it is an empty output, whatever the success set says. */
    public static final int GREP_NO_MATCH = 1;

    public Command {
        ignore = List.copyOf(ignore);
        successExits = Set.copyOf(successExits);
    }

    /** A command with default comparison and limits and no ignore rules, for tests and one-off use. */
    public static Command of(String name, String run) {
        return new Command(name, run, CompareMode.LINES, List.of(), Optional.empty());
    }

    /** A command compared with its previous output. */
    public Command(String name, String run, CompareMode compare, List<LinearRegex> ignore, Optional<String> schedule,
                   Optional<Duration> timeout, OptionalLong maxOutput, Set<Integer> successExits) {
        this(name, run, compare, ignore, schedule, timeout, maxOutput, successExits, Baseline.PREVIOUS);
    }

    /** A command with the host's limits and the default success set. */
    public Command(String name, String run, CompareMode compare, List<LinearRegex> ignore, Optional<String> schedule) {
        this(name, run, compare, ignore, schedule, Optional.empty(), OptionalLong.empty(), DEFAULT_SUCCESS_EXITS);
    }

    /** The time this command may run on the host. */
    public Duration timeoutOn(Host host) {
        return timeout.orElse(host.commandTimeout());
    }

    /** The output bytes kept and compared when this command runs on the host. */
    public long maxOutputOn(Host host) {
        return maxOutput.orElse(host.maxOutput());
    }

    /**
     * True if a command that exited with {@code exitStatus} printed an output to compare: the status is in the success
     * set, or it is grep's "no match" with nothing on stdout and stderr (the pipeline {@code ... | grep X} on a host
     * where nothing matches), which is an empty output, not a failure.
     */
    public boolean succeeded(int exitStatus, long stdoutBytes, long stderrBytes) {
        return successExits.contains(exitStatus)
                || (exitStatus == GREP_NO_MATCH && stdoutBytes == 0 && stderrBytes == 0);
    }
}
