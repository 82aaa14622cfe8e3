package dev.fleetdiff.audit;

import java.util.List;
import java.util.Map;

/**
 * One group's part of a report (or the whole fleet's).
 *
 * @param name        the group's name, or "total"
 * @param expected    hosts hosts.yaml lists in it
 * @param polled      of those, hosts with at least one successful poll in the period
 * @param neverPolled hosts expected but without a successful poll in the period, by name
 * @param checks      checks run per command (outputs stored plus failed runs), by command name
 * @param changes     alerts raised in the period per rule and level
 * @param failing     failing episodes of its hosts that overlap the period
 * @param stale       stale episodes of its hosts that started in the period
 * @param unacked     alerts of the period nobody had acked by its end
 */
public record Section(String name, int expected, int polled, List<String> neverPolled, Map<String, Long> checks,
                      List<RuleCount> changes, int failing, int stale, int unacked) {
    public Section {
        neverPolled = List.copyOf(neverPolled);
        checks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(checks));
        changes = List.copyOf(changes);
    }

    /** Hosts polled successfully as a percentage of those expected, one decimal; 100 when none are expected. */
    public double coverage() {
        return expected == 0 ? 100.0 : Math.floor(polled * 1000.0 / expected) / 10.0;
    }

    /** Alerts raised at one rule and level. */
    public record RuleCount(int rule, int level, long alerts) {
    }
}
