package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.Overrides;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.rules.RulesException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Base of every subcommand: merges global options, loads the config, opens the app; errors become exit codes. */
abstract class FleetCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions local;

    @Spec
    CommandSpec spec;

    /** Every command answers --help, also when its required options are missing. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private GlobalOptions options;

    @Override
    public final Integer call() throws Exception {
        options = local.over(((Main) spec.root().userObject()).global);
        LogLevel.set(options.verbose.length);
        try {
            return run();
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The command's work; returns its exit code. Exceptions are mapped to exit codes by {@link Main}. */
    abstract int run() throws Exception;

    /** How many -v the command was given; 0 before it ran. */
    int verbosity() {
        return options == null ? 0 : options.verbose.length;
    }

    GlobalOptions options() {
        return options;
    }

    /** hosts.yaml with the command-line overrides applied. */
    FleetConfig config() throws ConfigException {
        FleetConfig loaded = YamlConfigLoader.load(options.configFile());
        return new Overrides(options.databaseOverride(), options.rulesOverride()).applyTo(loaded);
    }

    /** The app built from the config; close it when done. */
    Fleetdiff open() throws ConfigException, RulesException {
        return Fleetdiff.open(config());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
