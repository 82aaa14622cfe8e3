package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.text.ShownText;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetdiff ack}: records who reviewed which alerts, when and why. */
@Command(name = "ack", description = "Acknowledge alerts: record who reviewed them, when and why.")
final class AckCommand extends FleetCommand {
    @Parameters(arity = "1..*", paramLabel = "ALERT_ID",
            description = "alert ids as fleetdiff alerts prints them (a unique start of 8 or more characters will do)")
    List<String> ids;

    @Mixin
    ReviewerOptions reviewer;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            for (ReviewedAlert acked : app.reviews().ack(ids, reviewer.by, reviewer.note())) {
                out().print("acked " + AlertsCommand.line(acked));
                Optional<Ack> first = acked.acks().size() > 1 ? Optional.of(acked.acks().get(0)) : Optional.empty();
                out().println(first.map(a -> " (acked before by " + ShownText.line(a.by()) + " at " + a.at()
                        + "; both acks are kept)").orElse(""));
            }
            return ExitCodes.OK;
        }
    }
}
