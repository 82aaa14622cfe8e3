package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.HostBytes;
import dev.fleetdiff.text.ShownText;
import java.io.PrintStream;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdiff show}: one stored output. To a pipe or file, or with {@code --raw}, the exact bytes the host
 * printed; on a terminal, control characters and invalid bytes escaped so that a host cannot drive the terminal.
 */
@Command(name = "show", description = "Print a stored output: the latest, a version by number, or the one current at"
        + " a time. Exact bytes to a pipe or file (or with --raw); control characters escaped on a terminal.")
final class ShowCommand extends FleetCommand {
    @Option(names = "--host", required = true, paramLabel = "H", description = "the host's name in hosts.yaml")
    String host;

    @Option(names = "--command", required = true, paramLabel = "C", description = "the command's name in hosts.yaml")
    String command;

    @ArgGroup(exclusive = true)
    Which which = new Which();

    @Option(names = "--raw", description = "print the exact bytes on a terminal too (they may contain escape codes)")
    boolean raw;

    /** --version or --at, not both. */
    static final class Which {
        @Option(names = "--version", paramLabel = "N", description = "this version (see fleetdiff history)")
        Integer version;

        @Option(names = "--at", paramLabel = "TIME", converter = TimePoint.Converter.class,
                description = "the version current at TIME: 2026-11-30T14:00:00Z, 2026-11-30 (UTC) or 24h (ago)")
        TimePoint at;
    }

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            Version shown = chosen(app, StoredVersions.of(app, host, command));
            if (shown.truncated()) {
                err().println("fleetdiff: v" + shown.number() + " holds the first max_output bytes only: the host"
                        + " printed more");
            }
            err().flush();
            if (raw || !Terminal.interactive()) {
                out().flush();
                PrintStream bytes = System.out;
                bytes.write(HostBytes.encode(shown.output()));
                bytes.flush();
            } else {
                out().print(ShownText.text(shown.output()));
            }
            return ExitCodes.OK;
        }
    }

    private Version chosen(Fleetdiff app, StoredVersions versions) {
        if (which.version != null) {
            return versions.numbered(app, which.version);
        }
        if (which.at == null) {
            return versions.latest();
        }
        Instant at = which.at.at(app.now());
        Version current = null;
        for (Version v : versions.all()) {
            if (!v.firstSeen().isAfter(at)) {
                current = v;
            }
        }
        if (current == null) {
            throw new UsageException("no output of " + command + " on " + host + " was stored by " + at
                    + "; the first is from " + versions.all().get(0).firstSeen() + "; " + versions.range());
        }
        return current;
    }
}
