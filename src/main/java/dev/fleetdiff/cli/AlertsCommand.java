package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.ReviewLoop;
import dev.fleetdiff.audit.ReportText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.text.ShownText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetdiff alerts}: the raised alerts kept in the store, with who acknowledged them, when and why. */
@Command(name = "alerts", description = "List raised alerts from the store with their ack state.")
final class AlertsCommand extends FleetCommand {
    @Option(names = "--since", paramLabel = "DURATION", converter = SinceConverter.class, defaultValue = "24h",
            description = "raised within this time (default: ${DEFAULT-VALUE}; e.g. 30m, 7d)")
    Duration since;

    @Option(names = "--host", paramLabel = "H", description = "only this host's alerts")
    String host;

    @Option(names = "--group", paramLabel = "G", description = "only alerts of this group's hosts")
    String group;

    @Option(names = "--rule", paramLabel = "N", description = "only alerts of this rule id")
    Integer rule;

    @Option(names = "--min-level", paramLabel = "N", defaultValue = "0", description = "only alerts at this level or above")
    int minLevel;

    @Option(names = "--unacked", description = "only alerts nobody has acked yet")
    boolean unacked;

    @Option(names = "--json", description = "print one JSON object per alert (alerts.jsonl's fields, acked, acks)")
    boolean json;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            List<ReviewedAlert> alerts = app.reviews().alerts(new ReviewLoop.Filter(since, Optional.ofNullable(host),
                    Optional.ofNullable(group), rule == null ? OptionalInt.empty() : OptionalInt.of(rule), minLevel,
                    unacked));
            for (ReviewedAlert reviewed : alerts) {
                out().println(json ? ReviewJson.alert(reviewed) : line(reviewed));
                if (!json) {
                    reviewed.acks().forEach(ack -> out().println("    " + ackLine(ack)));
                }
            }
            if (!json) {
                long open = alerts.stream().filter(a -> !a.acked()).count();
                out().printf("%d alerts, %d unacked, raised in the last %s%n", alerts.size(), open,
                        since.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            }
            return ExitCodes.OK;
        }
    }

    /** One alert on one line: time, id, host, command, rule, level, ack state and description. */
    static String line(ReviewedAlert reviewed) {
        Alert a = reviewed.alert();
        return String.format("%s  %s  %s  %s  rule %d level %d  %s  %s", a.time(), ShownText.line(a.id()),
                ShownText.line(a.host()), a.command().isEmpty() ? "-" : ShownText.line(a.command()),
                a.ruleId(), a.level(), reviewed.acked() ? "acked" : "UNACKED", ShownText.line(a.description()));
    }

    /** Who acked, when and why, on one line. */
    static String ackLine(Ack ack) {
        return ReportText.ackLine(ack);
    }
}
