package dev.fleetdiff.app;

import dev.fleetdiff.notify.AlertChannel;
import dev.fleetdiff.notify.DeliveryException;
import dev.fleetdiff.notify.RetryBackoff;
import dev.fleetdiff.text.ShownText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands pending alerts from the store's outbox to their channels and records what was delivered. It claims each batch
 * first, so another process delivering the same outbox (a hand-started poll beside run, a second cluster node) never
 * gets the same alerts; the claim's lease is renewed before each hand-over, and only alerts still its own are handed
 * over and recorded. One alert that makes a channel throw (anything, an OutOfMemoryError included) costs only its
 * own delivery: it is recorded as failed with the error and retried with backoff, and the alerts behind it go on.
 */
public final class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** Alerts handed to a channel at once; small, since one alert can carry megabytes of output. */
    static final int BATCH = 50;
    /** Upper bound of batches per channel per call, so one call always ends. */
    static final int MAX_BATCHES = 10_000;
    /**
     * How long a claimed batch stays ours after a claim or renewal. The channels here append to local files: a batch
     * of {@link #BATCH} takes well under a second, so a minute outlasts a stalled disk or network file system, and
     * the alerts of a process that died are delivered by another a minute later.
     */
    static final Duration LEASE = Duration.ofMinutes(1);

    private final Store store;
    private final List<AlertChannel> channels;
    private final Clock clock;
    private final RetryBackoff backoff = new RetryBackoff();
    private final String claimant;

    /** @param claimant who this deliverer is when it claims alerts: unique per process and deliverer */
    public OutboxDelivery(Store store, List<AlertChannel> channels, Clock clock, String claimant) {
        this.store = store;
        this.claimant = claimant;
        this.channels = List.copyOf(channels);
        this.clock = clock;
    }

    /** Delivers everything due on every channel; returns how many alerts were delivered. */
    public synchronized int deliverPending() {
        int delivered = 0;
        for (AlertChannel channel : channels) {
            delivered += deliver(channel);
        }
        return delivered;
    }

    private int deliver(AlertChannel channel) {
        int delivered = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Alert> alerts = store.claim(channel.name(), claimant, clock.instant(), LEASE, BATCH);
            if (alerts.isEmpty()) {
                break;
            }
            Optional<String> error = attempt(channel, alerts);
            int done = error.isEmpty() ? alerts.size() : oneByOne(channel, alerts, error.get());
            delivered += done;
            if (done == 0) {
                break;   // not one alert went through: the channel itself is down, so the rest waits too
            }
        }
        return delivered;
    }

    /**
     * After a batch failed, each alert alone: one that fails by itself (an output the channel cannot take, an error
     * while writing it) is recorded as failed with its error and retried later, and the others go through.
     */
    private int oneByOne(AlertChannel channel, List<Alert> alerts, String batchError) {
        int delivered = 0;
        for (Alert alert : alerts) {
            Optional<String> error = alerts.size() > 1 ? attempt(channel, List.of(alert)) : Optional.of(batchError);
            if (error.isEmpty()) {
                delivered++;
            } else {
                failed(channel, alert, error.get());
            }
        }
        return delivered;
    }

    /**
     * Hands alerts to the channel and, if it took them, marks them delivered; else says what it threw. The lease is
     * renewed first, and alerts another process took over meanwhile are left to it: they count as delivered here,
     * since this deliverer is done with them.
     */
    private Optional<String> attempt(AlertChannel channel, List<Alert> claimed) {
        Set<String> held = store.renew(channel.name(), claimant, clock.instant(), LEASE);
        List<Alert> alerts = claimed.stream().filter(alert -> held.contains(alert.id())).toList();
        if (alerts.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = alerts.stream().map(Alert::id).toList();
        try {
            channel.deliver(alerts);
        } catch (DeliveryException | RuntimeException | Error e) {
            // anything one alert can cause, an OutOfMemoryError included, must cost only that alert's delivery
            return Optional.of(e instanceof DeliveryException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int marked = store.delivered(channel.name(), claimant, ids, clock.instant());
        if (marked < ids.size()) {
            LOG.warn("{} of {} alerts handed to {} had been taken over by another process meanwhile, which may"
                    + " deliver them again", ids.size() - marked, ids.size(), channel.name());
        }
        backoff.delivered(ids);
        return Optional.empty();
    }

    private void failed(AlertChannel channel, Alert alert, String error) {
        List<String> id = List.of(alert.id());
        LOG.warn("delivery of alert {} ({} on {}) to {} failed, retrying later: {}", alert.id(),
                ShownText.line(alert.command()), ShownText.line(alert.host()), channel.name(), error);
        store.deliveryFailed(channel.name(), claimant, id, error, backoff.failed(id, clock.instant()));
    }
}
