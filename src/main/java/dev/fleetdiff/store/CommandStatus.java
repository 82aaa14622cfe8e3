package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/**
 * How the latest poll of a command on a host ended, good or not, for {@code history}.
 *
 * @param status "ok", "failed", "timeout" or "error"
 * @param error  why it failed (with the first line of its stderr), or a note on a good output (cut at max_output)
 */
public record CommandStatus(String status, Optional<String> error, Instant polled) {
    public boolean ok() {
        return "ok".equals(status);
    }
}
