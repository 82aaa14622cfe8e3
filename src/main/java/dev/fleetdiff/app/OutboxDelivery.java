package dev.fleetdiff.app;

import dev.fleetdiff.notify.AlertChannel;
import dev.fleetdiff.notify.DeliveryException;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands pending alerts from the store's outbox to their channels and records what was delivered. It claims each batch
 * first, so another process delivering the same outbox (a hand-started poll beside run, a second cluster node) never
 * gets the same alerts.
 */
public final class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** Alerts handed to a channel at once; small, since one alert can carry megabytes of output. */
    static final int BATCH = 50;
    /** Upper bound of batches per channel per call, so one call always ends. */
    static final int MAX_BATCHES = 10_000;
    /**
     * How long a claimed batch stays ours. The channels here append to local files: a batch of {@link #BATCH} takes
     * well under a second, so ten minutes outlasts even a stalled disk or network file system, and costs only a late
     * retry of that batch after a crash.
     */
    static final Duration LEASE = Duration.ofMinutes(10);
    /** Wait before a failed delivery is tried again. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final Store store;
    private final List<AlertChannel> channels;
    private final Clock clock;

    public OutboxDelivery(Store store, List<AlertChannel> channels, Clock clock) {
        this.store = store;
        this.channels = List.copyOf(channels);
        this.clock = clock;
    }

    /** Delivers everything due on every channel; returns how many alerts were delivered. */
    public int deliverPending() {
        int delivered = 0;
        for (AlertChannel channel : channels) {
            delivered += deliver(channel);
        }
        return delivered;
    }

    private int deliver(AlertChannel channel) {
        int delivered = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Instant now = clock.instant();
            List<Alert> alerts = store.claim(channel.name(), now, LEASE, BATCH);
            if (alerts.isEmpty()) {
                break;
            }
            List<String> ids = alerts.stream().map(Alert::id).toList();
            try {
                channel.deliver(alerts);
                store.delivered(channel.name(), ids, clock.instant());
                delivered += alerts.size();
            } catch (DeliveryException e) {
                LOG.warn("delivery of {} alerts to {} failed, retrying later: {}", alerts.size(), channel.name(),
                        e.getMessage());
                store.deliveryFailed(channel.name(), ids, e.getMessage(), now.plus(RETRY_AFTER));
                break;
            }
        }
        return delivered;
    }
}
