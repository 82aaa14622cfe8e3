package dev.fleetdiff.store;

/** Alerts waiting on one delivery channel, and how many of them have failed at least once. */
public record OutboxCount(String channel, int pending, int failing) {
}
