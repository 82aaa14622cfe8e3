package dev.fleetdiff.store;

import dev.fleetdiff.rules.Alert;
import java.util.Optional;

/**
 * The alerts a poll raises if it starts or ends its host's episode; the store decides which, in the poll's own
 * transaction, so that two processes polling the same host raise each one once.
 *
 * @param failureAlertAfter polls failed in a row that make the host failing
 * @param ifFailing         recorded when this failed poll makes the host failing; empty when a local rule silenced it
 *                          (the episode still starts)
 * @param ifRecovered       recorded when this good poll ends a failing or stale episode; empty when silenced
 */
public record HealthAlerts(int failureAlertAfter, Optional<Alert> ifFailing, Optional<Alert> ifRecovered) {

    /** Both alerts raised as they come. */
    public HealthAlerts(int failureAlertAfter, Alert ifFailing, Alert ifRecovered) {
        this(failureAlertAfter, Optional.of(ifFailing), Optional.of(ifRecovered));
    }
}
