package dev.fleetdiff.notify;

import dev.fleetdiff.rules.Alert;
import java.util.List;

/** A destination for alerts, fed from the store's outbox; an alert is marked delivered only after this returns. */
public interface AlertChannel extends AutoCloseable {

    /** The outbox channel name, e.g. "log" or "mail". */
    String name();

    /**
     * Delivers alerts, all or nothing as far as the channel can tell.
     *
     * @throws DeliveryException if they were not delivered; they stay pending and are retried later
     */
    void deliver(List<Alert> alerts) throws DeliveryException;

    @Override
    default void close() {
    }
}
