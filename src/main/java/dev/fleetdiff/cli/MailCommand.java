package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fleetdiff mail test}: sends a test message and reports exactly what the SMTP server said. */
@Command(name = "mail", description = "Mail tools.", mixinStandardHelpOptions = true,
        subcommands = {MailCommand.Test.class, CommandLine.HelpCommand.class})
final class MailCommand {

    @Command(name = "test", description = "Send a test mail to the configured recipients and print the server's reply.")
    static final class Test extends FleetCommand {
        @Override
        int run() throws Exception {
            try (Fleetdiff app = open()) {
                Fleetdiff.MailTest reply = app.mailTest().orElseThrow(() -> new UsageException(
                        "no mail section in " + app.config().file() + "; add settings.mail (docs/CONFIGURATION.md)"));
                out().println((reply.accepted() ? "accepted: " : "refused: ") + reply.reply());
                return reply.accepted() ? ExitCodes.OK : ExitCodes.HOST_FAILED;
            }
        }
    }
}
