package dev.fleetdiff.schedule;

import java.time.Instant;
import java.util.List;

/** What a scheduled job calls: poll one host for the commands due now. Implemented by the app. */
@FunctionalInterface
public interface PollTarget {
    /**
     * Polls the host; must not throw for host trouble and returns within the host's poll deadline.
     *
     * @param fireTime the scheduled fire time this poll is for (not when it started): with the host, its identity
     */
    void poll(String host, List<String> commands, Instant fireTime);
}
