package dev.fleetdiff.schedule;

import java.util.List;

/** What a scheduled job calls: poll one host for the commands due now. Implemented by the app. */
@FunctionalInterface
public interface PollTarget {
    /** Polls the host; must not throw for host trouble and returns within the host's poll deadline. */
    void poll(String host, List<String> commands);
}
