package dev.fleetdiff.store;

import java.util.Optional;

/**
 * One command's outcome within a poll. Only successful outputs become versions; failures update the status only.
 *
 * @param status     "ok", "failed", "timeout" or "error"
 * @param output     the output compared and kept (ignored for failures)
 */
public record OutputRecord(String command, String status, Optional<Integer> exitStatus, String output,
                           boolean truncated, Optional<String> error) {
    public boolean ok() {
        return "ok".equals(status);
    }
}
