package dev.fleetdiff.audit;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.rules.BuiltinRules;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.CheckCount;
import dev.fleetdiff.store.PollRun;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a period held, per group and in total, computed from the store alone: coverage, checks, changes, failing and
 * stale episodes, reviews (acks and accepts) and the alerts still unacked at its end.
 *
 * @param since     start of the period (inclusive)
 * @param until     end of the period (exclusive)
 * @param groups    one section per group, in hosts.yaml order
 * @param total     every host of the report
 * @param changes   alerts raised in the period, oldest first, with their acks made by its end
 * @param episodes  failing and stale episodes, by start
 * @param accepts   outputs accepted in the period, oldest first
 */
public record Report(Instant since, Instant until, List<Section> groups, Section total, List<ChangeLine> changes,
                     List<Episode> episodes, List<Acceptance> accepts) {
    public Report {
        groups = List.copyOf(groups);
        changes = List.copyOf(changes);
        episodes = List.copyOf(episodes);
        accepts = List.copyOf(accepts);
    }

    /** Acks made in the period on its alerts, oldest first. */
    public List<Ack> acks() {
        return changes.stream().flatMap(c -> c.acks().stream()).filter(a -> !a.at().isBefore(since))
                .sorted(java.util.Comparator.comparing(Ack::at)).toList();
    }

    /** The period's alerts nobody had acked by its end. */
    public List<ChangeLine> unacked() {
        return changes.stream().filter(c -> !c.acked()).toList();
    }

    /**
     * Computes the report of {@code [since, until)} over the hosts of {@code groups} (group name to its hosts, in
     * order); the total covers each host once.
     */
    public static Report of(Store store, Map<String, List<String>> groups, Instant since, Instant until) {
        Set<String> all = new java.util.LinkedHashSet<>();
        groups.values().forEach(all::addAll);
        List<PollRun> runs = store.runs(since, until).stream().filter(r -> all.contains(r.host())).toList();
        Set<String> polled = new HashSet<>();
        for (PollRun run : runs) {
            if (run.ok() && !run.lastStarted().isBefore(since) && run.started().isBefore(until)) {
                polled.add(run.host());
            }
        }
        List<CheckCount> checks = store.checks(since, until).stream().filter(c -> all.contains(c.host())).toList();
        List<ChangeLine> changes = changes(store, all, since, until);
        List<Episode> episodes = Episodes.of(runs, changes, until);
        List<Section> sections = new ArrayList<>();
        groups.forEach((name, hosts) -> sections.add(section(name, hosts, polled, checks, changes, episodes)));
        Section total = section("total", all, polled, checks, changes, episodes);
        List<Acceptance> accepts = store.acceptances(since, until).stream().filter(a -> all.contains(a.host()))
                .toList();
        return new Report(since, until, sections, total, changes, episodes, accepts);
    }

    private static List<ChangeLine> changes(Store store, Set<String> hosts, Instant since, Instant until) {
        List<ChangeLine> lines = new ArrayList<>();
        for (ReviewedAlert reviewed : store.alerts(new AlertQuery(since, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), 0, false))) {
            Alert a = reviewed.alert();
            if (!hosts.contains(a.host()) || !a.time().isBefore(until)) {
                continue;
            }
            List<Ack> acks = reviewed.acks().stream().filter(k -> k.at().isBefore(until)).toList();
            lines.add(new ChangeLine(a.id(), a.time(), a.host(), a.command(), a.ruleId(), a.level(), a.description(),
                    diffCommand(a), acks));
        }
        return lines;
    }

    /** The command that shows an alert's diff, for an alert on a stored output of a command. */
    private static String diffCommand(Alert a) {
        if (a.command().isEmpty() || a.version() <= 0) {
            return "";
        }
        return "fleetdiff diff --host " + a.host() + " --command " + a.command()
                + (a.previousVersion() > 0 ? " --from " + a.previousVersion() : "") + " --to " + a.version();
    }

    private static Section section(String name, Collection<String> hosts, Set<String> polled, List<CheckCount> checks,
                                   List<ChangeLine> changes, List<Episode> episodes) {
        Set<String> members = new HashSet<>(hosts);
        List<String> missed = hosts.stream().filter(h -> !polled.contains(h)).toList();
        Map<String, Long> perCommand = new TreeMap<>();
        for (CheckCount count : checks) {
            if (members.contains(count.host())) {
                perCommand.merge(count.command(), count.ok() + count.failed(), Long::sum);
            }
        }
        Map<List<Integer>, Long> byRule = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? Integer.compare(a.get(1), b.get(1)) : Integer.compare(a.get(0), b.get(0)));
        int unacked = 0;
        for (ChangeLine change : changes) {
            if (members.contains(change.host())) {
                byRule.merge(List.of(change.rule(), change.level()), 1L, Long::sum);
                unacked += change.acked() ? 0 : 1;
            }
        }
        List<Section.RuleCount> rules = new ArrayList<>();
        byRule.forEach((key, n) -> rules.add(new Section.RuleCount(key.get(0), key.get(1), n)));
        Map<Episode.Kind, Integer> kinds = new LinkedHashMap<>();
        episodes.stream().filter(e -> members.contains(e.host())).forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
        return new Section(name, members.size(), members.size() - missed.size(), missed, perCommand, rules,
                kinds.getOrDefault(Episode.Kind.FAILING, 0), kinds.getOrDefault(Episode.Kind.STALE, 0), unacked);
    }

    /** True if the alert is fleetdiff's own stale alert: a stale episode starts with it. */
    static boolean staleAlert(ChangeLine change) {
        return change.rule() == BuiltinRules.HOST_STALE.id();
    }

    /** The period's length. */
    public Duration length() {
        return Duration.between(since, until);
    }
}
