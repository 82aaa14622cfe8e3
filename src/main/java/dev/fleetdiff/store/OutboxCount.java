package dev.fleetdiff.store;

/**
 * Alerts waiting on one delivery channel.
 *
 * @param pending alerts waiting to be delivered
 * @param failing of those, how many have failed at least once
 * @param failed  alerts whose delivery failed {@link Store#MAX_ATTEMPTS} times: kept, and retried once a day
 */
public record OutboxCount(String channel, int pending, int failing, int failed) {
    public OutboxCount(String channel, int pending, int failing) {
        this(channel, pending, failing, 0);
    }
}
