package dev.fleetdiff.notify;

import dev.fleetdiff.rules.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Alerts reporting the same change (same rule, command and diff) on one or more hosts, so that a change rolled out
 * to 400 hosts is told once.
 *
 * @param alerts at least one, in the order they were given
 */
public record ChangeGroup(List<Alert> alerts) {

    public ChangeGroup {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a change group needs at least one alert");
        }
        alerts = List.copyOf(alerts);
    }

    /**
     * Groups alerts by change, in the order each change was first seen. Alerts without a diff (host-level alerts)
     * group only when their outputs are the same too, so no differing output is hidden.
     */
    public static List<ChangeGroup> byChange(List<Alert> alerts) {
        Map<Key, List<Alert>> groups = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            groups.computeIfAbsent(Key.of(alert), k -> new ArrayList<>()).add(alert);
        }
        return groups.values().stream().map(ChangeGroup::new).toList();
    }

    /** The alert whose outputs are shown for the group. */
    public Alert first() {
        return alerts.get(0);
    }

    /** Distinct host names, in alert order. */
    public List<String> hosts() {
        return List.copyOf(new LinkedHashSet<>(alerts.stream().map(Alert::host).toList()));
    }

    /** The hosts folded, such as web[001-412]. */
    public String compactHosts() {
        return HostRanges.compact(hosts());
    }

    public List<String> ids() {
        return alerts.stream().map(Alert::id).toList();
    }

    /** The highest level among the alerts. */
    public int level() {
        return alerts.stream().mapToInt(Alert::level).max().orElseThrow();
    }

    /** When the earliest of these alerts was raised. */
    public Instant oldest() {
        return alerts.stream().map(Alert::time).min(Comparator.naturalOrder()).orElseThrow();
    }

    private record Key(String command, String commandLine, int ruleId, int level, String description, String diff,
                       String output, String previousOutput) {
        static Key of(Alert a) {
            boolean hasDiff = !a.diff().isEmpty();
            return new Key(a.command(), a.commandLine(), a.ruleId(), a.level(), a.description(), a.diff(),
                    hasDiff ? "" : a.output(), hasDiff ? "" : a.previousOutput());
        }
    }
}
