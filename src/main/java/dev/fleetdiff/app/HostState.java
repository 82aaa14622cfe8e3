package dev.fleetdiff.app;

import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One inventory host as {@code status} shows it: its latest poll and its health episode, each empty while unknown.
 *
 * @param groups        the host's groups in hosts.yaml
 * @param unackedAlerts alerts raised for the host that nobody has acked yet
 */
public record HostState(String host, List<String> groups, Optional<HostStatus> lastPoll, Optional<HostHealth> health,
                        int unackedAlerts) {
    public HostState {
        groups = List.copyOf(groups);
    }

    /** ok, failing, stale, or "never polled" for a host the store has no poll of. */
    public String state() {
        if (lastPoll.isEmpty() && health.map(h -> h.state() == HostHealth.State.OK).orElse(true)) {
            return "never polled";
        }
        return health.map(h -> h.state().name().toLowerCase(Locale.ROOT)).orElse("ok");
    }

    /** When the host entered a failing or stale episode. */
    public Optional<Instant> troubleSince() {
        return health.filter(h -> h.state() != HostHealth.State.OK).map(HostHealth::since);
    }

    public Optional<Instant> lastGood() {
        return health.flatMap(HostHealth::lastGood);
    }

    /** Time since the last good poll, at {@code now}. */
    public Optional<Duration> lastGoodAge(Instant now) {
        return lastGood().map(t -> Duration.between(t, now));
    }

    public boolean failing() {
        return health.map(h -> h.state() == HostHealth.State.FAILING).orElse(false);
    }

    public boolean stale() {
        return health.map(h -> h.state() == HostHealth.State.STALE).orElse(false);
    }
}
