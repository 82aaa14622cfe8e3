package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.Units;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.schedule.QuartzCron;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
        out().printf("  database: %s%n", Fleetdiff.shownDatabaseUrl(config.settings()));
        out().printf("  known_hosts: %s (host_key_policy: %s)%n", config.settings().knownHosts(),
                config.settings().hostKeyPolicy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        out().printf("  mail: %s%n", config.settings().mail().map(m -> m.smtpHost() + ":" + m.smtpPort() + " ("
                + m.tls().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse("off (alerts go to "
                + config.settings().alertsLog() + ")"));
        warnAboutSplay(inventory);
        warnAboutUnsetPassphrases(inventory);
        RuleEngine rules = Fleetdiff.loadRules(config.settings().rules());
        if (rules instanceof OssecRuleEngine loaded) {
            out().printf("  rules: %d from %s%n", loaded.rules().size(), config.settings().rules().orElseThrow());
            for (RuleFile file : loaded.files()) {
                out().printf("    %-40s %3d rules%n", file.file().getFileName(), file.rules());
            }
            for (String unknown : loaded.unknownCommands(inventory.commands().keySet())) {
                out().printf("  warning: %s%n", unknown);
            }
        } else {
            out().printf("  rules: builtin; every command is check_diff at level 7 (rule %d)%n",
                    rules.rules().get(0).id());
        }
        return ExitCodes.OK;
    }

    /** An identity_passphrase_env naming a variable this environment lacks makes every poll of its hosts fail. */
    private void warnAboutUnsetPassphrases(Inventory inventory) {
        Map<String, List<String>> hostsByVariable = new TreeMap<>();
        for (Host host : inventory.hosts()) {
            host.identityPassphraseEnv().filter(name -> System.getenv(name) == null)
                    .ifPresent(name -> hostsByVariable.computeIfAbsent(name, k -> new ArrayList<>()).add(host.name()));
        }
        hostsByVariable.forEach((variable, hosts) -> out().printf("  warning: identity_passphrase_env %s is not set"
                        + " in this environment (%s%s); polls of these hosts fail until it is set where fleetdiff"
                        + " runs%n", variable, String.join(", ", hosts.subList(0, Math.min(3, hosts.size()))),
                hosts.size() > 3 ? " and " + (hosts.size() - 3) + " more" : ""));
    }

    /** A splay as long as the schedule's period spreads one cron time's polls into the next: legal, rarely meant. */
    private void warnAboutSplay(Inventory inventory) {
        Map<String, Optional<Duration>> periods = new HashMap<>();
        Map<String, List<String>> hostsByWarning = new TreeMap<>();
        for (Host host : inventory.hosts()) {
            if (host.splay().isZero()) {
                continue;
            }
            inventory.commandsOf(host).stream().map(command -> command.schedule().orElse(host.schedule())).distinct()
                    .filter(schedule -> periods.computeIfAbsent(schedule, QuartzCron::shortestGap)
                            .filter(period -> host.splay().compareTo(period) >= 0).isPresent())
                    .findFirst()
                    .ifPresent(schedule -> hostsByWarning.computeIfAbsent("splay " + Units.text(host.splay())
                            + " is not shorter than \"" + schedule + "\", which can fire "
                            + Units.text(periods.get(schedule).orElseThrow()) + " apart", k -> new ArrayList<>())
                            .add(host.name()));
        }
        hostsByWarning.forEach((warning, hosts) -> out().printf("  warning: %s (%s%s); a host's poll may then"
                        + " come after the next fire time; use a splay below the period%n", warning,
                String.join(", ", hosts.subList(0, Math.min(3, hosts.size()))),
                hosts.size() > 3 ? " and " + (hosts.size() - 3) + " more" : ""));
    }
}
