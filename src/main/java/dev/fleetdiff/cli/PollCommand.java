package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.HostOutcome;
import dev.fleetdiff.app.Selection;
import dev.fleetdiff.app.SweepReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetdiff poll}: poll hosts now, store, alert, and print the changes as diffs. */
@Command(name = "poll", description = "Poll hosts now: store outputs, raise and deliver alerts, print changes.")
final class PollCommand extends FleetCommand {
    @Option(names = "--host", paramLabel = "H", description = "host to poll (repeatable)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--group", paramLabel = "G", description = "every host of a group (repeatable)")
    List<String> groups = new ArrayList<>();

    @Option(names = "--all", description = "every host")
    boolean all;

    @Option(names = "--command", paramLabel = "C", description = "run only this command")
    String command;

    @Option(names = "--dry-run", description = "poll and compare, but store nothing and raise no alert")
    boolean dryRun;

    @Option(names = "--json", description = "print one JSON object per host instead of text")
    boolean json;

    @Override
    int run() throws Exception {
        Selection selection = new Selection(hosts, groups, all, Optional.ofNullable(command));
        try (Fleetdiff app = open()) {
            int total = selection.hostsIn(app.inventory()).size();
            SweepPrinter printer = new SweepPrinter(out(), err(), json, total);
            Consumer<HostOutcome> onHost = printer::hostDone;
            SweepReport report = app.poll(selection, dryRun, onHost);
            printer.finish(report, dryRun);
            return report.exitCode();
        }
    }
}
