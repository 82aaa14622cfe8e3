package dev.fleetdiff.cli;

import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.rules.RulesException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code fleetdiff} command and the one place where exceptions become exit codes. */
@Command(name = "fleetdiff", mixinStandardHelpOptions = true, version = "fleetdiff 0.1.0",
        description = "Agentless SSH poller: runs commands on a fleet, keeps every output, alerts on change.",
        subcommands = {PollCommand.class, HistoryCommand.class, DiffCommand.class, StatusCommand.class,
                CheckCommand.class, RunCommand.class, MailCommand.class, RulesCommand.class, AlertsCommand.class,
                AckCommand.class, AcceptCommand.class})
public final class Main implements Runnable {
    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required (try: fleetdiff --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests and the launcher). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("fleetdiff: " + message(e));
            if (!(userError(e))) {
                if (System.getProperty(LogLevel.PROPERTY, "WARN").equals("DEBUG")) {
                    e.printStackTrace(commandLine.getErr());
                }
            }
            return ExitCodes.USAGE;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine commandLine = e.getCommandLine();
            commandLine.getErr().println("fleetdiff: " + e.getMessage());
            commandLine.usage(commandLine.getErr());
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /** A mistake in the user's input rather than a fault of fleetdiff. */
    private static boolean userError(Exception e) {
        return e instanceof ConfigException || e instanceof RulesException || e instanceof UsageException;
    }

    private static String message(Exception e) {
        if (userError(e)) {
            return e.getMessage();
        }
        return "error: " + e.getMessage() + " (" + e.getClass().getSimpleName() + "; -vv shows the stack trace)";
    }
}
