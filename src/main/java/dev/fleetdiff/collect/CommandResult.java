package dev.fleetdiff.collect;

import java.time.Duration;
import java.util.Optional;

/**
 * What one command printed and how it ended.
 *
 * @param output     stdout decoded by {@code text.HostBytes}, so it encodes back to the exact bytes; at most the
 *                   host's max_output bytes
 * @param stderr     stderr, capped like stdout
 * @param exitStatus the remote exit status, when the command ended by itself
 * @param truncated  true if the output went past max_output and the rest was discarded
 * @param totalBytes stdout bytes the host sent, including discarded ones
 * @param error      why the command failed, for FAILED/TIMEOUT/ERROR
 */
public record CommandResult(String command, Status status, Optional<Integer> exitStatus, String output,
                            String stderr, boolean truncated, long totalBytes, Optional<String> error,
                            Duration took) {

    /** How a command ended. Only OK outputs are compared; the others are recorded failures, never changes. */
    public enum Status {
        /** Exit status 0. */
        OK,
        /** Non-zero exit status or killed by a signal. */
        FAILED,
        /** Ran past command_timeout; the channel was closed. */
        TIMEOUT,
        /** The channel could not be opened or broke. */
        ERROR
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
