package dev.fleetdiff.app;

import dev.fleetdiff.store.ClusterNode;

/**
 * A cluster node as {@code fleetdiff status} shows it.
 *
 * @param node  what the database knows of it
 * @param alive whether it checked in within its interval and Quartz's grace, by the database's clock
 */
public record NodeState(ClusterNode node, boolean alive) {
}
