package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.notify.TerminalText;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.Store;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code fleetdiff status}: per host the last poll, its result, failures and pending alerts; then the outbox. */
@Command(name = "status", description = "Show each host's last poll, failures and pending alerts.")
final class StatusCommand extends FleetCommand {
    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            Map<String, HostStatus> byHost = app.status().stream()
                    .collect(Collectors.toMap(HostStatus::host, Function.identity()));
            out().printf("%-30s %-24s %-20s %8s %8s  %s%n", "HOST", "LAST POLL", "RESULT", "FAILURES", "PENDING",
                    "ERROR");
            for (var host : app.inventory().hosts()) {
                HostStatus s = byHost.get(host.name());
                if (s == null) {
                    out().printf("%-30s %-24s %-20s%n", TerminalText.oneLine(host.name()), "never", "-");
                    continue;
                }
                out().printf("%-30s %-24s %-20s %8d %8d  %s%n", TerminalText.oneLine(host.name()), s.lastEnded(),
                        s.result(), s.consecutiveFailures(), s.pendingAlerts(),
                        TerminalText.oneLine(s.error().orElse("")));
            }
            for (OutboxCount count : app.outbox()) {
                out().printf("outbox %s: %d pending, %d failing%s%n", count.channel(), count.pending(),
                        count.failing(), count.failed() == 0 ? "" : ", " + count.failed()
                                + " failed " + Store.MAX_ATTEMPTS + " times (retried daily; see the log for why)");
            }
            return ExitCodes.OK;
        }
    }
}
