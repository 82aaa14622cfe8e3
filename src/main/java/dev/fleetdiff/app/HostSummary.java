package dev.fleetdiff.app;

import dev.fleetdiff.store.HostHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One inventory host as the fleet overview shows it, read from its health episode alone (one cheap query for 10,000
 * hosts, where {@link HostState} also reads every host's poll runs).
 *
 * @param groups        the host's groups in hosts.yaml
 * @param unackedAlerts alerts raised for the host that nobody has acked yet
 */
public record HostSummary(String host, List<String> groups, Optional<HostHealth> health, int unackedAlerts) {
    public HostSummary {
        groups = List.copyOf(groups);
    }

    /**
     * ok, failing, stale, or "never polled" for a host without a good poll or a failure yet (its health row is made
     * when the store first hears of it, before any poll).
     */
    public String state() {
        if (health.isEmpty() || health.get().state() == HostHealth.State.OK
                && health.get().lastGood().isEmpty() && health.get().failures() == 0) {
            return "never polled";
        }
        return health.get().state().name().toLowerCase(Locale.ROOT);
    }

    public Optional<Instant> lastGood() {
        return health.flatMap(HostHealth::lastGood);
    }

    /** Time since the last good poll, at {@code now}. */
    public Optional<Duration> lastGoodAge(Instant now) {
        return lastGood().map(t -> Duration.between(t, now));
    }
}
