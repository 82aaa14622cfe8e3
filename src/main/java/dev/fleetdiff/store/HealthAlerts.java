package dev.fleetdiff.store;

import dev.fleetdiff.rules.Alert;

/**
 * The alerts a poll raises if it starts or ends its host's episode; the store decides which, in the poll's own
 * transaction, so that two processes polling the same host raise each one once.
 *
 * @param failureAlertAfter polls failed in a row that make the host failing
 * @param ifFailing         recorded when this failed poll makes the host failing
 * @param ifRecovered       recorded when this good poll ends a failing or stale episode
 */
public record HealthAlerts(int failureAlertAfter, Alert ifFailing, Alert ifRecovered) {
}
