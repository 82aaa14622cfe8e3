package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.notify.TerminalText;
import dev.fleetdiff.store.Version;
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
            int newer = to != null ? to : versions.size();
            int older = from != null ? from : app.reviews().acceptedBaseline(host, command).map(Version::number)
                    .filter(accepted -> accepted < newer).orElse(Math.max(1, newer - 1));
            Version b = version(app, newer, versions.size());
            Version a = version(app, older, versions.size());
            Command cmd = app.inventory().command(command).orElse(Command.of(command, command));
            Change change = OutputComparer.compare(command, a.output(), b.output(), cmd.compare(), cmd.ignore());
            out().printf("%s %s: v%d (%s) -> v%d (%s)%n", TerminalText.oneLine(host), command, a.number(),
                    a.firstSeen(), b.number(), b.firstSeen());
            out().print(change.changed() ? TerminalText.safe(change.diff()) : "(no difference)\n");
            return change.changed() ? ExitCodes.CHANGED : ExitCodes.OK;
        }
    }

    private Version version(Fleetdiff app, int number, int count) {
        return app.version(host, command, number).orElseThrow(() -> new UsageException(
                "no version " + number + " of " + command + " on " + host + "; versions are 1.." + count));
    }
}
