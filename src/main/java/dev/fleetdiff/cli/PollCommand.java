package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.HostOutcome;
import dev.fleetdiff.app.Selection;
import dev.fleetdiff.app.SweepReport;
import dev.fleetdiff.app.UsageException;
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

    @Option(names = {"-q", "--quiet"}, description = "one summary line per alert instead of its notification and diff")
    boolean quiet;

    @Option(names = "--repeat", hidden = true, paramLabel = "N",
            description = "for benchmarks: poll N times in one process, printing each sweep's cost to stderr")
    Integer repeat;

    @Override
    int run() throws Exception {
        Selection selection = new Selection(hosts, groups, all, Optional.ofNullable(command));
        int sweeps = repeat == null ? 1 : repeat;
        if (sweeps < 1) {
            throw new UsageException("--repeat must be at least 1, was " + repeat);
        }
        try (Fleetdiff app = open()) {
            int total = selection.hostsIn(app.inventory()).size();
            int exit = ExitCodes.OK;
            for (int sweep = 1; sweep <= sweeps; sweep++) {
                exit = Math.max(exit, sweepOnce(app, selection, total, sweep));   // 3 wins over 1 over 0
            }
            return exit;
        }
    }

    private int sweepOnce(Fleetdiff app, Selection selection, int total, int sweep) {
        SweepCost cost = repeat == null ? null : new SweepCost();
        if (cost != null) {
            cost.start();
        }
        SweepPrinter printer = new SweepPrinter(out(), err(), json, total).quiet(quiet);
        Consumer<HostOutcome> onHost = printer::hostDone;
        SweepReport report = app.poll(selection, dryRun, onHost);
        printer.finish(report, dryRun);
        if (cost != null) {
            err().println(cost.line(sweep, total));
            err().flush();
        }
        return ExitCodes.of(report);
    }
}
