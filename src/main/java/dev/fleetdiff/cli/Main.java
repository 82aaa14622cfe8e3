package dev.fleetdiff.cli;

import dev.fleetdiff.text.ShownText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code fleetdiff} command and the one place where exceptions become exit codes. */
@Command(name = "fleetdiff", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Agentless SSH poller: runs commands on a fleet, keeps every output, alerts on change.",
        subcommands = {PollCommand.class, HistoryCommand.class, DiffCommand.class, StatusCommand.class,
                CheckCommand.class, RunCommand.class, MailCommand.class, RulesCommand.class, PruneCommand.class,
                AlertsCommand.class, AckCommand.class, AcceptCommand.class, ShowCommand.class, ServeCommand.class,
                OutliersCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Mixin
    GlobalOptions global;

    /** The version the build wrote into the jar's manifest (the pom's); "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fleetdiff " + (version == null ? "development build" : version)};
        }
    }

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
            int exit = ExitCodes.of(e);
            PrintWriter err = commandLine.getErr();
            err.println("fleetdiff: " + message(e, exit));
            if (exit == ExitCodes.INTERNAL && verbose(commandLine)) {
                e.printStackTrace(err);
            }
            err.flush();
            return exit;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine commandLine = e.getCommandLine();
            commandLine.getErr().println("fleetdiff: " + e.getMessage());
            commandLine.usage(commandLine.getErr());
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /** Whether the failed command was given -v, which asks for the stack trace of an internal error. */
    private static boolean verbose(CommandLine commandLine) {
        return commandLine.getCommand() instanceof FleetCommand command && command.verbosity() > 0;
    }

    /** One line: a user error as it is; an internal error with its kind and the hint to rerun with -v. */
    private static String message(Exception e, int exit) {
        String text = ShownText.line(String.valueOf(e.getMessage()));
        if (exit != ExitCodes.INTERNAL) {
            return text;
        }
        return "internal error (exit " + ExitCodes.INTERNAL + "): " + text + " (" + e.getClass().getSimpleName()
                + "); rerun with -v for the stack trace";
    }
}
