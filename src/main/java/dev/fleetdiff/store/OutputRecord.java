package dev.fleetdiff.store;

import java.util.Optional;

/**
 * One command's outcome within a poll. Only successful outputs become versions; failures update the status only.
 *
 * @param status       "ok", "failed", "timeout" or "error"
 * @param output       the output compared and kept (ignored for failures)
 * @param comparedWith the number of the version the output was compared with, 0 if none was stored: the store records
 *                     the poll only while that is still the latest version, so that a change another writer recorded
 *                     meanwhile is neither stored nor alerted twice; empty for an outcome that compared nothing
 */
public record OutputRecord(String command, String status, Optional<Integer> exitStatus, String output,
                           boolean truncated, Optional<String> error, Optional<Integer> comparedWith) {
    /** The version number {@code comparedWith} gives when no version was stored yet. */
    public static final int NO_VERSION = 0;

    /** An outcome that compared nothing, recorded whatever the latest version is. */
    public OutputRecord(String command, String status, Optional<Integer> exitStatus, String output,
                        boolean truncated, Optional<String> error) {
        this(command, status, exitStatus, output, truncated, error, Optional.empty());
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
