package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/** Someone's acknowledgement that they reviewed an alert: who, when and why. */
public record Ack(String alertId, String by, Instant at, Optional<String> note) {
}
