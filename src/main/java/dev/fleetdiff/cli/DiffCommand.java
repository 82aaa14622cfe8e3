package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.ShownText;
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

    @Option(names = "--json", description = "one JSON object with both versions and the whole diff (see docs/JSON.md)")
    boolean json;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            StoredVersions versions = StoredVersions.of(app, host, command);
            int newer = to != null ? to : versions.latest().number();
            int older = from != null ? from : app.reviews().acceptedBaseline(host, command).map(Version::number)
                    .filter(accepted -> accepted < newer)
                    .orElse(versions.all().stream().mapToInt(Version::number).filter(n -> n < newer).max()
                            .orElse(newer));
            Version b = versions.numbered(app, newer);
            Version a = versions.numbered(app, older);
            Command cmd = app.inventory().command(command).orElse(Command.of(command, command));
            Change change = OutputComparer.compare(command, a.output(), b.output(), cmd.compare(), cmd.ignore());
            if (json) {
                out().println(VersionJson.diff(a, b, change));
                return change.changed() ? ExitCodes.CHANGED : ExitCodes.OK;
            }
            out().printf("%s %s: v%d (%s) -> v%d (%s)%n", ShownText.line(host), command, a.number(),
                    a.firstSeen(), b.number(), b.firstSeen());
            out().print(change.changed() ? ShownText.text(change.diff()) : "(no difference)\n");
            return change.changed() ? ExitCodes.CHANGED : ExitCodes.OK;
        }
    }
}
