package dev.fleetdiff.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A node of a cluster as the database knows it.
 *
 * @param id              its scheduler instance id (settings.node_name or made at start)
 * @param address         host name and address it runs on, as it said when it joined
 * @param joined          when it last joined
 * @param lastCheckin     its scheduler's last check-in; empty once another node found it dead and cleaned up
 * @param checkinInterval how often it checks in
 * @param polls           scheduled polls it started in the period asked for
 */
public record ClusterNode(String id, String address, Instant joined, Optional<Instant> lastCheckin,
                          Duration checkinInterval, long polls) {
}
