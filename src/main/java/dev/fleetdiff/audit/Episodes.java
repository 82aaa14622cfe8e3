package dev.fleetdiff.audit;

import dev.fleetdiff.store.PollRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Failing episodes from the runs of each host, stale ones from fleetdiff's stale alerts, each ended by a good poll. */
final class Episodes {
    private Episodes() {
    }

    /** The episodes in the runs (by host, oldest first) and alerts of a period ending at {@code until}. */
    static List<Episode> of(List<PollRun> runs, List<ChangeLine> alerts, Instant until) {
        Map<String, List<PollRun>> byHost = new LinkedHashMap<>();
        runs.forEach(run -> byHost.computeIfAbsent(run.host(), h -> new ArrayList<>()).add(run));
        List<Episode> episodes = new ArrayList<>();
        byHost.forEach((host, own) -> {
            PollRun first = null;
            for (PollRun run : own) {
                if (!run.ok() && first == null) {
                    first = run;
                } else if (run.ok() && first != null) {
                    episodes.add(episode(host, Episode.Kind.FAILING, first.started(), Optional.of(run.started()),
                            first.error().orElse(first.result()), until));
                    first = null;
                }
            }
            if (first != null) {
                episodes.add(episode(host, Episode.Kind.FAILING, first.started(), Optional.empty(),
                        first.error().orElse(first.result()), until));
            }
        });
        for (ChangeLine alert : alerts) {
            if (Report.staleAlert(alert)) {
                Optional<Instant> end = byHost.getOrDefault(alert.host(), List.of()).stream()
                        .filter(r -> r.ok() && r.started().isAfter(alert.time())).map(PollRun::started).findFirst();
                episodes.add(episode(alert.host(), Episode.Kind.STALE, alert.time(), end, alert.description(), until));
            }
        }
        episodes.sort(Comparator.comparing(Episode::start).thenComparing(Episode::host));
        return episodes;
    }

    private static Episode episode(String host, Episode.Kind kind, Instant start, Optional<Instant> end,
                                   String reason, Instant until) {
        return new Episode(host, kind, start, end, reason, Duration.between(start, end.orElse(until)));
    }
}
