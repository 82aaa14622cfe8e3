package dev.fleetdiff.app;

import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.schedule.QuartzCron;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a host may go without a good poll before it is stale: its own stale_after, else three of its schedule's
 * periods when the daemon polls it, else a day for hosts polled by hand.
 */
final class Staleness {
    /** Schedule periods a host may miss before it is stale. */
    static final int PERIODS = 3;
    /** Staleness of a host polled by hand only ({@code poll}), without stale_after. */
    static final Duration BY_HAND = Duration.ofHours(24);

    private Staleness() {
    }

    /**
     * For the daemon: three times the longest gap between each host's polls, where each command fires on its own
     * schedule or the host's; the longest gap, not the shortest, so that an uneven schedule (weekdays only) does not
     * make a host stale every weekend. Each distinct schedule's gap is worked out once per function.
     */
    static Function<Host, Duration> scheduled(Inventory inventory) {
        Map<String, Optional<Duration>> gaps = new HashMap<>();
        return host -> {
            if (host.staleAfter().isPresent()) {
                return host.staleAfter().get();
            }
            Optional<Duration> period = inventory.commandsOf(host).stream()
                    .map(c -> c.schedule().orElse(host.schedule())).distinct()
                    .map(schedule -> gaps.computeIfAbsent(schedule, QuartzCron::longestGap))
                    .flatMap(Optional::stream).min(Duration::compareTo);
            return period.map(p -> p.multipliedBy(PERIODS)).orElse(BY_HAND);
        };
    }

    /** For {@code poll}: the host's stale_after, else a day. */
    static Duration byHand(Host host) {
        return host.staleAfter().orElse(BY_HAND);
    }
}
