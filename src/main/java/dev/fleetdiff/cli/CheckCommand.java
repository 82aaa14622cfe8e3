package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.rules.OssecRuleEngine;
import dev.fleetdiff.rules.RuleEngine;
import dev.fleetdiff.rules.RuleFile;
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
        RuleEngine rules = Fleetdiff.loadRules(config.settings().rules());
        if (rules instanceof OssecRuleEngine loaded) {
            out().printf("  rules: %d from %s%n", loaded.rules().size(), config.settings().rules());
            for (RuleFile file : loaded.files()) {
                out().printf("    %-40s %3d rules%n", file.file().getFileName(), file.rules());
            }
            for (String unknown : loaded.unknownCommands(inventory.commands().keySet())) {
                out().printf("  warning: a rule names command '%s', which hosts.yaml does not define%n", unknown);
            }
        } else {
            out().printf("  rules: %s not found; every command is check_diff at level 7 (rule %d)%n",
                    config.settings().rules(), rules.rules().get(0).id());
        }
        return ExitCodes.OK;
    }
}
