package dev.fleetdiff.app;

import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.rules.Alert;
import java.util.List;
import java.util.Optional;

/** One host's poll with every command's outcome and the alerts it raised. */
public record HostOutcome(HostPoll poll, List<CommandOutcome> commands, List<Alert> alerts) {
    public HostOutcome {
        commands = List.copyOf(commands);
        alerts = List.copyOf(alerts);
    }

    public String host() {
        return poll.host();
    }

    /** True if the host could not be polled or any of its commands failed. */
    public boolean failed() {
        return !poll.ok() || commands.stream().anyMatch(c -> !c.result().ok());
    }

    public boolean changed() {
        return commands.stream().anyMatch(CommandOutcome::changed);
    }

    /** One line saying why the host failed, if it did. */
    public Optional<String> failureReason() {
        if (poll.failure().isPresent()) {
            var failure = poll.failure().get();
            return Optional.of(failure.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + failure.message());
        }
        return commands.stream().filter(c -> !c.result().ok()).findFirst().map(c -> c.command() + ": "
                + c.result().status().name().toLowerCase(java.util.Locale.ROOT) + ": "
                + c.result().error().orElse("exit status " + c.result().exitStatus().map(String::valueOf).orElse("?")));
    }
}
