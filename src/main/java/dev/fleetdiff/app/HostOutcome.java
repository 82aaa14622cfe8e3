package dev.fleetdiff.app;

import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.rules.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /** The same outcome with one more alert, raised for the host after its poll. */
    public HostOutcome with(Alert alert) {
        List<Alert> all = new ArrayList<>(alerts);
        all.add(alert);
        return new HostOutcome(poll, commands, all);
    }

    public boolean changed() {
        return commands.stream().anyMatch(CommandOutcome::changed);
    }

    /** One line saying why the host failed, if it did: the host's failure, or every failed command's. */
    public Optional<String> failureReason() {
        if (poll.failure().isPresent()) {
            var failure = poll.failure().get();
            return Optional.of(failure.kind().name().toLowerCase(Locale.ROOT) + ": " + failure.message());
        }
        String failed = commands.stream().filter(c -> !c.result().ok()).map(c -> c.command() + ": "
                + c.result().status().name().toLowerCase(Locale.ROOT) + ": "
                + c.result().error().orElse("exit status " + c.result().exitStatus().map(String::valueOf).orElse("?")))
                .collect(Collectors.joining("; "));
        return failed.isEmpty() ? Optional.empty() : Optional.of(failed);
    }
}
