package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.config.Retention;
import dev.fleetdiff.store.Pruned;
import dev.fleetdiff.text.ShownText;
import picocli.CommandLine.Command;

/** {@code fleetdiff prune}: apply settings.retention now (run does it daily) and print what was removed. */
@Command(name = "prune", description = "Apply settings.retention now (run does it daily) and print what was removed.")
final class PruneCommand extends FleetCommand {
    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            Retention retention = app.config().settings().retention();
            Pruned pruned = app.prune();
            for (Pruned.Output output : pruned.outputs()) {
                out().printf("%s %s: %d versions removed%n", ShownText.line(output.host()),
                        ShownText.line(output.command()), output.versions());
            }
            out().printf("pruned %d versions of %d outputs, %d unused contents (%d bytes), %d delivered alerts;"
                            + " kept the newest %d versions of each output and all seen in the last %d days%n",
                    pruned.versions(), pruned.outputs().size(), pruned.contents(), pruned.contentBytes(),
                    pruned.alerts(), retention.keepVersions(), retention.keepDays());
            return ExitCodes.OK;
        }
    }
}
