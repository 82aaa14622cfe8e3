package dev.fleetdiff.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exponential backoff for failed deliveries (a mail, an alert the log could not take): 30s, 1m, 2m ... up to an hour.
 * Attempts are counted in memory, so a restart retries soon, which is what one wants after fixing a mail server.
 */
public final class RetryBackoff {
    public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    public static final Duration LONGEST_DELAY = Duration.ofHours(1);
    /** Alerts remembered before the counts start over, bounding memory if a server stays down for long. */
    static final int MAX_TRACKED = 100_000;

    private final Map<String, Integer> attempts = new HashMap<>();

    /** Counts one more failed attempt for these alerts and returns when to try them again. */
    public Instant failed(List<String> alertIds, Instant now) {
        if (attempts.size() > MAX_TRACKED) {
            attempts.clear();
        }
        int attempt = 1;
        for (String id : alertIds) {
            attempt = Math.max(attempt, attempts.getOrDefault(id, 0) + 1);
        }
        for (String id : alertIds) {
            attempts.put(id, attempt);
        }
        return now.plus(delay(attempt));
    }

    /** Forgets alerts that were delivered. */
    public void delivered(List<String> alertIds) {
        alertIds.forEach(attempts::remove);
    }

    /** The wait after the n-th failed attempt (1-based). */
    public static Duration delay(int attempt) {
        int doublings = Math.min(attempt - 1, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY : delay;
    }
}
