package dev.fleetdiff.app;

import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.config.Units;
import dev.fleetdiff.inventory.Baseline;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.notify.AlertText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.rules.BuiltinRules;
import dev.fleetdiff.rules.Event;
import dev.fleetdiff.rules.Rule;
import dev.fleetdiff.rules.RuleEngine;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.HealthAlerts;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
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
    /** Who accepts the first baseline of a command with {@code baseline: accepted}, on nobody's behalf. */
    static final String AUTOMATIC_REVIEWER = "fleetdiff";
    static final String AUTOMATIC_NOTE = "no output was accepted yet; the latest stored output is the baseline";

    private final Collector collector;
    private final Store store;
    private final RuleEngine rules;
    private final OptionalInt mailMinLevel;
    private final Clock clock;
    private final PollListener listener;

    /**
     * @param mailMinLevel alerts at or above this level are mailed unless their rule says otherwise; empty when no
     *                     mail is configured, so that nothing waits in the outbox for a channel that does not exist
     */
    public HostPipeline(Collector collector, Store store, RuleEngine rules, OptionalInt mailMinLevel, Clock clock) {
        this(collector, store, rules, mailMinLevel, clock, PollListener.NONE);
    }

    /** A pipeline that reports each recorded poll, its alerts and its store write to {@code listener}. */
    HostPipeline(Collector collector, Store store, RuleEngine rules, OptionalInt mailMinLevel, Clock clock,
                 PollListener listener) {
        this.collector = collector;
        this.store = store;
        this.rules = rules;
        this.mailMinLevel = mailMinLevel;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Polls the host for the given commands; with {@code dryRun} nothing is stored and no alert is raised. If another
     * writer recorded a newer version of an output meanwhile, the outputs are compared again with the new latest
     * versions before they are recorded, so that a change seen by both is alerted once and any other still is.
     */
    public HostOutcome poll(Host host, List<Command> commands, boolean dryRun) {
        HostPoll poll = collector.poll(host, commands);
        for (int attempt = 1; ; attempt++) {
            Evaluated evaluated = evaluate(host, commands, poll, dryRun);
            HostOutcome outcome = evaluated.outcome();
            if (dryRun) {
                return outcome;
            }
            Optional<HostHealth> before = store.health(host.name());
            HealthAlerts health = healthAlerts(host, outcome, before);
            long writeStarted = System.nanoTime();
            List<PollRecord> stale = store.record(List.of(new PollRecord(host.name(), poll.started(), poll.ended(),
                    result(outcome), outcome.failureReason(), evaluated.outputs(), outcome.alerts(),
                    Optional.of(health))));
            listener.stored(Duration.ofNanos(System.nanoTime() - writeStarted));
            if (stale.isEmpty()) {
                HostOutcome recorded = episodeAlert(host, outcome, before, health).map(outcome::with).orElse(outcome);
                listener.polled(host.name(), result(outcome), Duration.between(poll.started(), poll.ended()));
                recorded.alerts().forEach(alert -> listener.alerted(alert.level()));
                return recorded;
            }
            if (attempt == MAX_RECORD_ATTEMPTS) {
                throw new IllegalStateException(host.name() + ": not recorded: other writers recorded newer outputs"
                        + " of its commands " + attempt + " times while this poll was being compared");
            }
            LOG.debug("{}: another writer recorded a newer output meanwhile; comparing again", host.name());
        }
    }

    /** What one poll comes to against the versions stored now, and the outputs to record. */
    private record Evaluated(HostOutcome outcome, List<OutputRecord> outputs) {
    }

    private Evaluated evaluate(Host host, List<Command> commands, HostPoll poll, boolean dryRun) {
        List<CommandOutcome> outcomes = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        List<OutputRecord> outputs = new ArrayList<>();
        poll.failure().filter(f -> f.kind() == HostFailure.Kind.HOST_KEY_CHANGED)
                .filter(f -> !repeatsLastPoll(host, new HostOutcome(poll, List.of(), List.of())))
                .flatMap(f -> hostAlert(host, BuiltinRules.HOST_KEY_CHANGED, f.message())).ifPresent(alerts::add);
        for (CommandResult result : poll.results()) {
            Command command = commands.stream().filter(c -> c.name().equals(result.command())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("result for a command not asked: " + result.command()));
            Optional<Version> previous = result.ok() ? store.latest(host.name(), command.name()) : Optional.empty();
            Compared compared = comparison(host, command, result, previous, dryRun);
            Optional<Change> change = compared.change();
            outcomes.add(new CommandOutcome(command.name(), command.run(), result, change, compared.unaccepted()));
            if (result.truncated() && previous.filter(Version::truncated).isEmpty()) {
                alert(host, command.name(), command.run(), BuiltinRules.OUTPUT_CUT,
                        result.error().orElse("output exceeded max_output")).ifPresent(alerts::add);
            }
            // An output that differs only in ignored lines is not a new version: the stored one stays current.
            String kept = compared.newOutput() ? result.output() : previous.map(Version::output).orElse(result.output());
            Optional<Integer> comparedWith = result.ok()
                    ? Optional.of(previous.map(Version::number).orElse(OutputRecord.NO_VERSION))
                    : Optional.empty();
            outputs.add(new OutputRecord(command.name(), result.status().name().toLowerCase(Locale.ROOT),
                    result.exitStatus(), kept, result.truncated(), result.error(), comparedWith));
            if (result.ok()) {
                Event event = new Event(host.name(), command.name(), command.run(), result.output());
                rules.evaluate(event, change).ifPresent(rule -> alerts.add(outputAlert(host, command, rule,
                        result.output(), compared, previous, change)));
            }
        }
        HostOutcome outcome = new HostOutcome(poll, outcomes, alerts);
        return new Evaluated(outcome, outputs);
    }

    /**
     * The episode alert this poll raised, for showing with the poll's alerts: worked out from the episode read before
     * the record, as the store moved it. Only for display; the store alone decides, once, whether the alert is raised
     * (another process recording the same host in between may have raised it instead).
     */
    private static Optional<Alert> episodeAlert(Host host, HostOutcome outcome, Optional<HostHealth> before,
                                                HealthAlerts health) {
        HostHealth.State state = before.map(HostHealth::state).orElse(HostHealth.State.OK);
        if (result(outcome).equals(PollRecord.OK)) {
            return state == HostHealth.State.OK ? Optional.empty() : health.ifRecovered();
        }
        int failures = before.map(HostHealth::failures).orElse(0) + 1;
        return state == HostHealth.State.OK && failures >= host.failureAlertAfter() ? health.ifFailing()
                : Optional.empty();
    }

    /** The alerts this poll raises if the store finds that it starts a failing episode or ends one. */
    private HealthAlerts healthAlerts(Host host, HostOutcome outcome, Optional<HostHealth> health) {
        String lastGood = "last good poll: " + health.flatMap(HostHealth::lastGood).map(Instant::toString)
                .orElse("never");
        String failing = host.name() + ": " + host.failureAlertAfter() + " polls in a row failed.\n"
                + "Last failure: " + outcome.failureReason().orElse("") + "\n" + lastGood + "\n";
        String recovered = host.name() + ": polled well again at " + outcome.poll().ended() + ".\n"
                + health.map(h -> "It was " + h.state().name().toLowerCase(Locale.ROOT) + " since " + h.since()
                + (h.reason().map(r -> "; last failure: " + r).orElse("")) + ".\n").orElse("");
        return new HealthAlerts(host.failureAlertAfter(), hostAlert(host, BuiltinRules.HOST_FAILING, failing),
                hostAlert(host, BuiltinRules.HOST_RECOVERED, recovered));
    }

    /**
     * Raises the stale alert of each host whose last good poll (or, never polled well, its first sighting) is older
     * than its {@code staleAfter}, once per episode, and returns the hosts it raised one for with the alert (empty
     * when a local rule silenced it). One read of every host's health; only hosts due are written to.
     */
    public Map<String, Optional<Alert>> checkStale(Collection<Host> hosts, Function<Host, Duration> staleAfter) {
        Instant now = clock.instant();
        Map<String, HostHealth> healths = new HashMap<>();
        store.healths().forEach(h -> healths.put(h.host(), h));
        Map<String, Optional<Alert>> raised = new LinkedHashMap<>();
        for (Host host : hosts) {
            HostHealth health = healths.get(host.name());
            Duration after = staleAfter.apply(host);
            if (health == null || health.state() != HostHealth.State.OK
                    || !health.goodOrFirstSeen().isBefore(now.minus(after))) {
                continue;
            }
            String since = health.lastGood().map(t -> "last good poll: " + t)
                    .orElse("never polled well; first seen " + health.firstSeen());
            Optional<Alert> alert = hostAlert(host, BuiltinRules.HOST_STALE, host.name() + ": no good poll for "
                    + Units.text(after) + " or more (" + since + ").\n"
                    + health.reason().map(r -> "Last failure: " + r + "\n").orElse(""));
            if (store.markStale(host.name(), now, now.minus(after), alert)) {
                raised.put(host.name(), alert);
            }
        }
        return raised;
    }

    /**
     * What a command's outcome is compared with and what that shows.
     *
     * @param change     the change to report: empty for a silent baseline or a failure
     * @param newOutput  false when the output equals the stored latest one (ignored lines aside): no new version
     * @param baseline   the output compared with, shown as the alert's previous output
     * @param baselineVersion the stored version of that output, 0 for none
     * @param unaccepted with {@code baseline: accepted}, the output differs from the last accepted one
     */
    private record Compared(Optional<Change> change, boolean newOutput, String baseline, int baselineVersion,
                            boolean unaccepted) {
    }

    /**
     * How a good output compares with the stored one: with the latest version when there is one; with nothing when
     * every earlier outcome of the command failed, so that a failure never turns the next output into a silent
     * baseline; and no comparison (a silent baseline) for the very first outcome of the command, or a failed one.
     * With {@code baseline: accepted} a new output is compared with the last accepted output instead, and an output
     * equal to the latest one reports nothing, however far it is from the accepted one: each distinct output is
     * reported once.
     */
    private Compared comparison(Host host, Command command, CommandResult result, Optional<Version> previous,
                                boolean dryRun) {
        if (!result.ok()) {
            return new Compared(Optional.empty(), true, "", 0, false);
        }
        Optional<String> before = previous.map(Version::output)
                .or(() -> store.onlyFailures(host.name(), command.name()) ? Optional.of("") : Optional.empty());
        Optional<Change> sincePrevious = before.map(p -> compare(command, p, result.output()));
        boolean newOutput = sincePrevious.map(Change::changed).orElse(true);
        if (command.baseline() == Baseline.PREVIOUS || previous.isEmpty()) {
            return new Compared(sincePrevious, newOutput, before.orElse(""), previous.map(Version::number).orElse(0),
                    false);
        }
        Version accepted = acceptedBaseline(host, command, previous.get(), dryRun);
        Change sinceAccepted = accepted.number() == previous.get().number() ? sincePrevious.orElseThrow()
                : compare(command, accepted.output(), result.output());
        Change reported = newOutput ? sinceAccepted : Change.NONE;
        return new Compared(Optional.of(reported), newOutput, accepted.output(), accepted.number(),
                sinceAccepted.changed());
    }

    private static Change compare(Command command, String before, String after) {
        return OutputComparer.compare(command.name(), before, after, command.compare(), command.ignore(),
                AlertText.MAX_CHARS);
    }

    /**
     * The last accepted version of the command on the host; when nobody accepted one yet, the latest stored version,
     * which is then recorded as accepted by fleetdiff (not in a dry run), so that it stays the baseline until someone
     * accepts another.
     */
    private Version acceptedBaseline(Host host, Command command, Version latest, boolean dryRun) {
        Optional<Acceptance> accepted = store.accepted(host.name(), command.name());
        if (accepted.isEmpty()) {
            if (!dryRun) {
                store.accept(new Acceptance(host.name(), command.name(), latest.number(), latest.hash(),
                        AUTOMATIC_REVIEWER, clock.instant(), Optional.of(AUTOMATIC_NOTE), true));
            }
            return latest;
        }
        int number = accepted.get().version();
        return number == latest.number() ? latest : store.version(host.name(), command.name(), number)
                .orElseThrow(() -> new IllegalStateException("accepted version " + number + " of " + command.name()
                        + " on " + host.name() + " is missing from the store"));
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
        return outcome.failed() ? "failed" : PollRecord.OK;
    }

    /**
     * An alert about an output: it carries the start of the output, previous output and diff (at most
     * {@link AlertText#MAX_CHARS} each) with their whole lengths, and the versions the store keeps them under.
     */
    private Alert outputAlert(Host host, Command command, Rule rule, String output, Compared compared,
                              Optional<Version> latest, Optional<Change> change) {
        String before = compared.baseline();
        String diff = change.map(Change::diff).orElse("");
        int previousVersion = compared.baselineVersion();
        int latestVersion = latest.map(Version::number).orElse(0);
        int version = compared.newOutput() ? latestVersion + 1 : Math.max(1, latestVersion);
        return new Alert(UUID.randomUUID().toString(), clock.instant(), host.name(), command.name(), command.run(),
                rule.id(), rule.level(), rule.describe(host.name(), command.name()),
                AlertText.head(output, AlertText.MAX_CHARS), AlertText.head(before, AlertText.MAX_CHARS),
                AlertText.head(diff, AlertText.MAX_CHARS), rule.groups(), email(rule), rule.log(), output.length(),
                before.length(), change.map(Change::diffChars).orElse(0L), version, previousVersion);
    }

    private Optional<Alert> hostAlert(Host host, Rule rule, String detail) {
        return alert(host, "", "", rule, detail);
    }

    /**
     * An alert fleetdiff raises itself, about the host or one of its commands, with what it found as its output; a
     * local rule below the built-in one ({@code <if_sid>}) may refine it, or silence it with level 0 (then empty).
     */
    private Optional<Alert> alert(Host host, String command, String commandLine, Rule builtin, String detail) {
        return rules.refine(builtin, new Event(host.name(), command, commandLine, detail)).map(rule -> new Alert(
                UUID.randomUUID().toString(), clock.instant(), host.name(), command, commandLine, rule.id(),
                rule.level(), rule.describe(host.name(), command), detail, "", "", rule.groups(), email(rule),
                rule.log()));
    }

    private boolean email(Rule rule) {
        return mailMinLevel.isPresent()
                && (rule.email() != null ? rule.email() : rule.level() >= mailMinLevel.getAsInt());
    }
}
