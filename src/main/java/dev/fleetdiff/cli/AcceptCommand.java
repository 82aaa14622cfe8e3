package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.ReviewLoop;
import dev.fleetdiff.inventory.Baseline;
import dev.fleetdiff.text.ShownText;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetdiff accept}: records that one stored output of a command on a host is its reviewed baseline. */
@Command(name = "accept", description = "Accept a stored output as the reviewed baseline of a command on a host.")
final class AcceptCommand extends FleetCommand {
    @Option(names = "--host", required = true, paramLabel = "H")
    String host;

    @Option(names = "--command", required = true, paramLabel = "C")
    String command;

    @Option(names = "--version", paramLabel = "N", description = "version number, as history prints it (default: the latest)")
    Integer version;

    @Option(names = "--hash", paramLabel = "sha256:HEX",
            description = "the output's hash, or its first 12 or more hex digits as history prints them")
    String hash;

    @Mixin
    ReviewerOptions reviewer;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            ReviewLoop.Accepted accepted = app.reviews().accept(host, command,
                    version == null ? OptionalInt.empty() : OptionalInt.of(version), Optional.ofNullable(hash),
                    reviewer.by, reviewer.note());
            out().printf("accepted %s %s v%d (sha256:%s) by %s; %d alerts that reported this output acked%n",
                    ShownText.line(host), ShownText.line(command), accepted.version().number(),
                    accepted.version().hash().substring(0, 12), ShownText.line(reviewer.by.strip()),
                    accepted.acked());
            if (accepted.baseline() != Baseline.ACCEPTED) {
                out().println("note: " + ShownText.line(command) + " has baseline: previous, so polls compare"
                        + " with the output before; set baseline: accepted under commands to compare with this one");
            }
            return ExitCodes.OK;
        }
    }
}
