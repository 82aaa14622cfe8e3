package dev.fleetdiff.store;

import java.util.Optional;

/** How a host's latest poll ended: its result ("ok", "failed", "host_key_changed", ...) and error. */
public record LastPoll(String result, Optional<String> error) {
}
