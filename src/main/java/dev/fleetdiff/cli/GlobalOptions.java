package dev.fleetdiff.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command accepts, before or after the subcommand's name. */
final class GlobalOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "hosts.yaml to use (default: ./hosts.yaml)")
    Path config;

    @Option(names = "--db", paramLabel = "DB", description = "SQLite file or jdbc: URL, instead of settings.database")
    String database;

    @Option(names = "--rules", paramLabel = "DIR", description = "rule folder, instead of settings.rules")
    Path rules;

    @Option(names = {"-v", "--verbose"}, description = "more log output (repeat for debug)")
    boolean[] verbose = new boolean[0];

    /** This command's value, else the parent's (options given before the subcommand). */
    GlobalOptions over(GlobalOptions parent) {
        GlobalOptions merged = new GlobalOptions();
        merged.config = config != null ? config : parent.config;
        merged.database = database != null ? database : parent.database;
        merged.rules = rules != null ? rules : parent.rules;
        merged.verbose = verbose.length > 0 ? verbose : parent.verbose;
        return merged;
    }

    Path configFile() {
        return config != null ? config : Path.of("hosts.yaml");
    }

    Optional<String> databaseOverride() {
        return Optional.ofNullable(database);
    }

    Optional<Path> rulesOverride() {
        return Optional.ofNullable(rules);
    }
}
