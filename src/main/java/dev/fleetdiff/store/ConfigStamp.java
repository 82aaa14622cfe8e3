package dev.fleetdiff.store;

import java.time.Instant;

/**
 * The configuration a cluster's schedule was last made from.
 *
 * @param hash  sha256 of its inventory and rules
 * @param setBy the node that made it
 * @param setAt when
 */
public record ConfigStamp(String hash, String setBy, Instant setAt) {
}
