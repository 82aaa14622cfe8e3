package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.ShownText;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code fleetdiff diff}: the whole diff between two stored versions (default: the last two; for a command with
 * {@code baseline: accepted}, the last accepted version and the latest).
 */
@picocli.CommandLine.Command(name = "diff", description = "Print the diff between two stored versions of an output.")
final class DiffCommand extends FleetCommand {
    @Option(names = "--host", required = true, paramLabel = "H")
    String host;

    @Option(names = "--command", required = true, paramLabel = "C")
    String command;

    @Option(names = "--from", paramLabel = "V",
            description = "older version number (default: the one before --to, or the accepted one with baseline: accepted)")
    Integer from;

    @Option(names = "--to", paramLabel = "V", description = "newer version number (default: the latest)")
    Integer to;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            List<Version> versions = app.history(host, command);
            if (versions.isEmpty()) {
                throw new UsageException("no stored output for host '" + host + "' and command '" + command
                        + "' (try: fleetdiff history --host " + host + ")");
            }
            // numbers are not 1..size once retention has removed old versions
            int newer = to != null ? to : versions.get(versions.size() - 1).number();
            int older = from != null ? from : app.reviews().acceptedBaseline(host, command).map(Version::number)
                    .filter(accepted -> accepted < newer)
                    .orElse(versions.stream().mapToInt(Version::number).filter(n -> n < newer).max().orElse(newer));
            String range = versions.get(0).number() + ".." + versions.get(versions.size() - 1).number();
            Version b = version(app, newer, range);
            Version a = version(app, older, range);
            Command cmd = app.inventory().command(command).orElse(Command.of(command, command));
            Change change = OutputComparer.compare(command, a.output(), b.output(), cmd.compare(), cmd.ignore());
            out().printf("%s %s: v%d (%s) -> v%d (%s)%n", ShownText.line(host), command, a.number(),
                    a.firstSeen(), b.number(), b.firstSeen());
            out().print(change.changed() ? ShownText.text(change.diff()) : "(no difference)\n");
            return change.changed() ? ExitCodes.CHANGED : ExitCodes.OK;
        }
    }

    private Version version(Fleetdiff app, int number, String range) {
        return app.version(host, command, number).orElseThrow(() -> new UsageException(
                "no version " + number + " of " + command + " on " + host + "; versions are " + range
                        + " (see fleetdiff history)"));
    }
}
