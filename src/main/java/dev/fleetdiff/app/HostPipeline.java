package dev.fleetdiff.app;

import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.notify.AlertText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.rules.BuiltinRules;
import dev.fleetdiff.rules.Event;
import dev.fleetdiff.rules.Rule;
import dev.fleetdiff.rules.RuleEngine;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Polls one host and turns what it printed into stored versions and alerts: collect, compare with the stored output,
 * evaluate rules, then record outputs and alerts in one transaction.
 */
public final class HostPipeline {
    private final Collector collector;
    private final Store store;
    private final RuleEngine rules;
    private final OptionalInt mailMinLevel;
    private final Clock clock;

    /**
     * @param mailMinLevel alerts at or above this level are mailed unless their rule says otherwise; empty when no
     *                     mail is configured, so that nothing waits in the outbox for a channel that does not exist
     */
    public HostPipeline(Collector collector, Store store, RuleEngine rules, OptionalInt mailMinLevel, Clock clock) {
        this.collector = collector;
        this.store = store;
        this.rules = rules;
        this.mailMinLevel = mailMinLevel;
        this.clock = clock;
    }

    /** Polls the host for the given commands; with {@code dryRun} nothing is stored and no alert is raised. */
    public HostOutcome poll(Host host, List<Command> commands, boolean dryRun) {
        HostPoll poll = collector.poll(host, commands);
        List<CommandOutcome> outcomes = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        List<OutputRecord> outputs = new ArrayList<>();
        poll.failure().filter(f -> f.kind() == HostFailure.Kind.HOST_KEY_CHANGED)
                .filter(f -> !repeatsLastPoll(host, new HostOutcome(poll, List.of(), List.of())))
                .ifPresent(f -> alerts.add(hostAlert(host, BuiltinRules.HOST_KEY_CHANGED, f.message())));
        for (CommandResult result : poll.results()) {
            Command command = commands.stream().filter(c -> c.name().equals(result.command())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("result for a command not asked: " + result.command()));
            Optional<Version> previous = result.ok() ? store.latest(host.name(), command.name()) : Optional.empty();
            Optional<Change> change = previous.map(p -> OutputComparer.compare(command.name(), p.output(),
                    result.output(), command.compare(), command.ignore(), AlertText.MAX_CHARS));
            outcomes.add(new CommandOutcome(command.name(), command.run(), result, change));
            // An output that differs only in ignored lines is not a new version: the stored one stays current.
            String kept = change.filter(c -> !c.changed()).flatMap(c -> previous).map(Version::output)
                    .orElse(result.output());
            outputs.add(new OutputRecord(command.name(), result.status().name().toLowerCase(Locale.ROOT),
                    result.exitStatus(), kept, result.truncated(), result.error()));
            if (result.ok()) {
                Event event = new Event(host.name(), command.name(), command.run(), result.output());
                rules.evaluate(event, change).ifPresent(rule -> alerts.add(outputAlert(host, command, rule,
                        result.output(), previous, change)));
            }
        }
        HostOutcome outcome = new HostOutcome(poll, outcomes, alerts);
        if (!dryRun) {
            store.record(List.of(new PollRecord(host.name(), poll.started(), poll.ended(), result(outcome),
                    outcome.failureReason(), outputs, alerts)));
        }
        return outcome;
    }

    /**
     * True if the host's latest recorded poll failed exactly this way (same result and message, so for a changed host
     * key the same presented key): its alert was raised then, and repeating it every poll would only bury it.
     */
    private boolean repeatsLastPoll(Host host, HostOutcome failed) {
        return store.lastPoll(host.name())
                .filter(last -> last.result().equals(result(failed)) && last.error().equals(failed.failureReason()))
                .isPresent();
    }

    private static String result(HostOutcome outcome) {
        if (outcome.poll().failure().isPresent()) {
            return outcome.poll().failure().get().kind().name().toLowerCase(Locale.ROOT);
        }
        return outcome.failed() ? "failed" : "ok";
    }

    /**
     * An alert about an output: it carries the start of the output, previous output and diff (at most
     * {@link AlertText#MAX_CHARS} each) with their whole lengths, and the versions the store keeps them under.
     */
    private Alert outputAlert(Host host, Command command, Rule rule, String output, Optional<Version> previous,
                              Optional<Change> change) {
        String before = previous.map(Version::output).orElse("");
        String diff = change.map(Change::diff).orElse("");
        int previousVersion = previous.map(Version::number).orElse(0);
        int version = change.filter(Change::changed).isPresent() ? previousVersion + 1 : Math.max(1, previousVersion);
        return new Alert(UUID.randomUUID().toString(), clock.instant(), host.name(), command.name(), command.run(),
                rule.id(), rule.level(), rule.describe(host.name(), command.name()),
                AlertText.head(output, AlertText.MAX_CHARS), AlertText.head(before, AlertText.MAX_CHARS),
                AlertText.head(diff, AlertText.MAX_CHARS), rule.groups(), email(rule), rule.log(), output.length(),
                before.length(), change.map(Change::diffChars).orElse(0L), version, previousVersion);
    }

    private Alert hostAlert(Host host, Rule rule, String detail) {
        return new Alert(UUID.randomUUID().toString(), clock.instant(), host.name(), "", "", rule.id(), rule.level(),
                rule.describe(host.name(), ""), detail, "", "", rule.groups(), email(rule), rule.log());
    }

    private boolean email(Rule rule) {
        return mailMinLevel.isPresent()
                && (rule.email() != null ? rule.email() : rule.level() >= mailMinLevel.getAsInt());
    }
}
