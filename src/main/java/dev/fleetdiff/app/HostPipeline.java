package dev.fleetdiff.app;

import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one host and turns what it printed into stored versions and alerts: collect, compare with the stored output,
 * evaluate rules, then record outputs and alerts in one transaction.
 */
public final class HostPipeline {
    /**
     * Times one poll is compared and recorded before giving up: each retry means another writer recorded a newer
     * output of the same host in between, which two or three writers polling one host at once cannot do this often.
     */
    static final int MAX_RECORD_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(HostPipeline.class);

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

    /**
     * Polls the host for the given commands; with {@code dryRun} nothing is stored and no alert is raised. If another
     * writer recorded a newer version of an output meanwhile, the outputs are compared again with the new latest
     * versions before they are recorded, so that a change seen by both is alerted once and any other still is.
     */
    public HostOutcome poll(Host host, List<Command> commands, boolean dryRun) {
        HostPoll poll = collector.poll(host, commands);
        for (int attempt = 1; ; attempt++) {
            Evaluated evaluated = evaluate(host, commands, poll);
            if (dryRun || store.record(List.of(evaluated.record())).isEmpty()) {
                return evaluated.outcome();
            }
            if (attempt == MAX_RECORD_ATTEMPTS) {
                throw new IllegalStateException(host.name() + ": not recorded: other writers recorded newer outputs"
                        + " of its commands " + attempt + " times while this poll was being compared");
            }
            LOG.debug("{}: another writer recorded a newer output meanwhile; comparing again", host.name());
        }
    }

    /** What one poll comes to against the versions stored now, and the record that stores it. */
    private record Evaluated(HostOutcome outcome, PollRecord record) {
    }

    private Evaluated evaluate(Host host, List<Command> commands, HostPoll poll) {
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
                    result.output(), command.compare(), command.ignore()));
            outcomes.add(new CommandOutcome(command.name(), command.run(), result, change));
            // An output that differs only in ignored lines is not a new version: the stored one stays current.
            String kept = change.filter(c -> !c.changed()).flatMap(c -> previous).map(Version::output)
                    .orElse(result.output());
            Optional<Integer> comparedWith = result.ok()
                    ? Optional.of(previous.map(Version::number).orElse(OutputRecord.NO_VERSION))
                    : Optional.empty();
            outputs.add(new OutputRecord(command.name(), result.status().name().toLowerCase(Locale.ROOT),
                    result.exitStatus(), kept, result.truncated(), result.error(), comparedWith));
            if (result.ok()) {
                Event event = new Event(host.name(), command.name(), command.run(), result.output());
                rules.evaluate(event, change).ifPresent(rule -> alerts.add(outputAlert(host, command, rule,
                        result.output(), previous.map(Version::output).orElse(""),
                        change.map(Change::diff).orElse(""))));
            }
        }
        HostOutcome outcome = new HostOutcome(poll, outcomes, alerts);
        return new Evaluated(outcome, new PollRecord(host.name(), poll.started(), poll.ended(), result(outcome),
                outcome.failureReason(), outputs, alerts));
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

    private Alert outputAlert(Host host, Command command, Rule rule, String output, String previous, String diff) {
        return alert(host, command.name(), command.run(), rule, output, previous, diff);
    }

    private Alert hostAlert(Host host, Rule rule, String detail) {
        return alert(host, "", "", rule, detail, "", "");
    }

    private Alert alert(Host host, String command, String commandLine, Rule rule, String output, String previous,
                        String diff) {
        boolean email = mailMinLevel.isPresent()
                && (rule.email() != null ? rule.email() : rule.level() >= mailMinLevel.getAsInt());
        return new Alert(UUID.randomUUID().toString(), clock.instant(), host.name(), command, commandLine, rule.id(),
                rule.level(), rule.describe(host.name(), command), output, previous, diff, rule.groups(), email,
                rule.log());
    }
}
