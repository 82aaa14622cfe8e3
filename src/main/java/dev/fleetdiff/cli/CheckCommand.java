package dev.fleetdiff.cli;

import dev.fleetdiff.config.FleetConfig;
import picocli.CommandLine.Command;

/** {@code fleetdiff check}: validates hosts.yaml and the rules and says what was loaded. */
@Command(name = "check", description = "Validate hosts.yaml and rules; print what was loaded.")
final class CheckCommand extends FleetCommand {
    @Override
    int run() throws Exception {
        FleetConfig config = config();
        var inventory = config.inventory();
        out().printf("%s: ok%n", config.file());
        out().printf("  %d hosts, %d commands, %d groups%n", inventory.hosts().size(), inventory.commands().size(),
                inventory.groups().size());
        out().printf("  database: %s%n", config.settings().databaseUrl());
        out().printf("  known_hosts: %s (host_key_policy: %s)%n", config.settings().knownHosts(),
                config.settings().hostKeyPolicy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        out().printf("  mail: %s%n", config.settings().mail().map(m -> m.smtpHost() + ":" + m.smtpPort() + " ("
                + m.tls().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse("off (alerts go to "
                + config.settings().alertsLog() + ")"));
        return ExitCodes.OK;
    }
}
