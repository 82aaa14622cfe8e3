package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.ReviewLoop;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.ShownText;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetdiff history}: the distinct stored outputs of a host's commands, with their acceptances and acks. */
@Command(name = "history", description = "List the stored versions of a host's command outputs.")
final class HistoryCommand extends FleetCommand {
    @Option(names = "--host", required = true, paramLabel = "H")
    String host;

    @Option(names = "--command", paramLabel = "C", description = "only this command (default: all of the host's)")
    String command;

    @Option(names = "--since", paramLabel = "TIME", converter = TimePoint.Converter.class,
            description = "only versions seen at or after TIME: 2026-11-30T14:00:00Z, 2026-11-30 (UTC) or 24h (ago)")
    TimePoint since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimePoint.Converter.class,
            description = "only versions first seen at or before TIME (same forms as --since)")
    TimePoint until;

    @Option(names = "--json", description = "one JSON object per version (see docs/JSON.md)")
    boolean json;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            var known = app.inventory().host(host).orElseThrow(() -> new dev.fleetdiff.app.UsageException(
                    "unknown host '" + host + "' (try: fleetdiff check)"));
            List<String> commands = command != null ? List.of(command) : known.commands();
            Instant now = app.now();
            for (String name : commands) {
                List<Version> versions = app.history(host, name).stream().filter(v -> within(v, now)).toList();
                if (json) {
                    Set<Integer> accepted = app.reviews().acceptances(host, name).stream().map(Acceptance::version)
                            .collect(Collectors.toSet());
                    versions.forEach(v -> out().println(VersionJson.version(v, accepted.contains(v.number()))));
                    continue;
                }
                out().println(ShownText.line(host) + " " + name + ": " + versions.size() + " versions");
                for (Version v : versions) {
                    out().printf("  v%-4d %s .. %s  sha256:%s  %d lines%s%n", v.number(), v.firstSeen(),
                            v.lastSeen(), v.hash().substring(0, 12), OutputComparer.lines(v.output()).size(),
                            v.truncated() ? "  truncated" : "");
                }
                app.lastOutcome(host, name).filter(o -> o.error().isPresent()).ifPresent(o -> out().println(
                        "  latest poll " + o.polled() + ": " + o.status() + ": " + ShownText.line(o.error().get())));
                printReviews(app.reviews(), name);
            }
            return ExitCodes.OK;
        }
    }

    /** Whether the version was seen in the --since/--until window: it overlaps, not only starts in it. */
    private boolean within(Version v, Instant now) {
        return (since == null || !v.lastSeen().isBefore(since.at(now)))
                && (until == null || !v.firstSeen().isAfter(until.at(now)));
    }

    /** Who accepted which version, and every alert of the command with who acked it, when and why. */
    private void printReviews(ReviewLoop reviews, String name) {
        for (Acceptance a : reviews.acceptances(host, name)) {
            out().printf("  accepted v%d at %s by %s%s%s%n", a.version(), a.at(), ShownText.line(a.by()),
                    a.automatic() ? " (automatic)" : "", a.note().map(n -> ": " + ShownText.line(n)).orElse(""));
        }
        for (ReviewedAlert alert : reviews.alertsOf(host, name)) {
            out().println("  alert " + AlertsCommand.line(alert));
            alert.acks().forEach(ack -> out().println("      " + AlertsCommand.ackLine(ack)));
        }
    }
}
