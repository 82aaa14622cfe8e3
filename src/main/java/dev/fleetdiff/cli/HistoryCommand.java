package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.ReviewLoop;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.ShownText;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetdiff history}: the distinct stored outputs of a host's commands, with their acceptances and acks. */
@Command(name = "history", description = "List the stored versions of a host's command outputs.")
final class HistoryCommand extends FleetCommand {
    @Option(names = "--host", required = true, paramLabel = "H")
    String host;

    @Option(names = "--command", paramLabel = "C", description = "only this command (default: all of the host's)")
    String command;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            var known = app.inventory().host(host).orElseThrow(() -> new dev.fleetdiff.app.UsageException(
                    "unknown host '" + host + "' (try: fleetdiff check)"));
            List<String> commands = command != null ? List.of(command) : known.commands();
            for (String name : commands) {
                List<Version> versions = app.history(host, name);
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
