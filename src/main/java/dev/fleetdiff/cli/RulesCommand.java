package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.text.HostBytes;
import dev.fleetdiff.text.ShownText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetdiff rules test}: which rules an output would match and fire, like OSSEC's logtest. */
@Command(name = "rules", description = "Rule tools.", mixinStandardHelpOptions = true,
        subcommands = {RulesCommand.Test.class, CommandLine.HelpCommand.class})
final class RulesCommand {
    /** Most output read from standard input, as a poll's default max_output. */
    static final int MAX_INPUT = 1024 * 1024;

    @Command(name = "test", description = "Read an output on stdin and show which rules match and fire, "
            + "and the diff against the stored output.")
    static final class Test extends FleetCommand {
        @Option(names = "--host", required = true, paramLabel = "H")
        String host;

        @Option(names = "--command", required = true, paramLabel = "C")
        String command;

        @Override
        int run() throws Exception {
            String output = read(System.in);
            try (Fleetdiff app = open()) {
                var trace = app.testRules(host, command, output);
                out().print(ShownText.text(trace.render()));
                return trace.evaluation().fired().isPresent() ? ExitCodes.CHANGED : ExitCodes.OK;
            }
        }

        private static String read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0 && bytes.size() < MAX_INPUT; ) {
                bytes.write(buffer, 0, n);
            }
            return HostBytes.decode(bytes.toByteArray());
        }
    }
}
