package dev.fleetdiff.app;

import java.time.Duration;
import java.time.Instant;

/**
 * Hears what the poll pipeline did, for metrics: the pipeline reports here and knows nothing of who listens, so the
 * stages stay free of any metrics library. Called from many poll threads at once; a listener must be quick and
 * thread-safe.
 */
public interface PollListener {
    /** Hears nothing. */
    PollListener NONE = new PollListener() {
    };

    /**
     * A host's poll ended and was recorded.
     *
     * @param result "ok", or why it failed ("failed", "timeout", "connection_refused", "host_key_changed", ...)
     * @param took   from the first connection attempt to the last output
     */
    default void polled(String host, String result, Duration took) {
    }

    /** An alert of this level was raised and committed. */
    default void alerted(int level) {
    }

    /** One host's outputs and alerts were committed to the store, which took this long (its queue included). */
    default void stored(Duration took) {
    }

    /** Every host of a sweep (a scheduled round or a one-shot poll) was polled, at {@code at}. */
    default void sweepCompleted(Instant at) {
    }
}
