package dev.fleetdiff.app;

import dev.fleetdiff.audit.Outliers;
import dev.fleetdiff.audit.Report;
import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.ssh.SshOptions;
import dev.fleetdiff.collect.ssh.SshjCollector;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.Retention;
import dev.fleetdiff.config.Settings;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.notify.AlertChannel;
import dev.fleetdiff.notify.AlertLog;
import dev.fleetdiff.notify.mail.MailDispatcher;
import dev.fleetdiff.notify.mail.SmtpSender;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.rules.CheckDiffEveryCommand;
import dev.fleetdiff.rules.RuleEngine;
import dev.fleetdiff.rules.RuleTrace;
import dev.fleetdiff.rules.RulesException;
import dev.fleetdiff.rules.xml.XmlRuleLoader;
import dev.fleetdiff.store.CommandStatus;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.LatestOutput;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.Pruned;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place that builds the pipeline's parts from settings and holds them for one command or daemon. The parts
 * made from hosts.yaml and the rules folder are swapped together on a reload; the store, the SSH client and the alert
 * log stay as opened.
 */
public final class Fleetdiff implements AutoCloseable {
    private final Store store;
    private final Collector collector;
    private final List<AlertChannel> channels;
    private final OutboxDelivery delivery;
    private final Clock clock;
    /** Names of this process's deliverers; a reload's new mail dispatcher gets a new one. */
    private final Claimants claimants = Claimants.ofThisProcess();
    /** The settings opened with: those a reload cannot change keep these values until a restart. */
    private final Settings opened;
    private volatile Loaded loaded;
    private volatile PollListener listener = PollListener.NONE;

    /**
     * The inventory, rules and mail sender made from hosts.yaml and the rules folder, checked and built together so
     * that a reload puts all of them in use or none.
     */
    record Loaded(FleetConfig config, RuleEngine rules, Optional<SmtpSender> smtp, Optional<MailDispatcher> mail) {
        /** Loads the rules and checks the mail settings (the password included); the mail dispatcher comes later. */
        static Loaded check(FleetConfig config) throws ConfigException, RulesException {
            Settings settings = config.settings();
            RuleEngine rules = loadRules(settings.rules());
            Optional<SmtpSender> smtp = Optional.empty();
            if (settings.mail().isPresent()) {
                smtp = Optional.of(SmtpSender.create(settings.mail().get(), config.file(), System::getenv));
            }
            return new Loaded(config, rules, smtp, Optional.empty());
        }

        Loaded delivering(Store store, Clock clock, Claimants claimants) {
            return new Loaded(config, rules, smtp, smtp.map(sender ->
                    new MailDispatcher(store, sender, clock, clock.getZone(), claimants.next(MailDispatcher.CHANNEL))));
        }
    }

    private Fleetdiff(Loaded loaded, Store store, Collector collector, List<AlertChannel> channels, Clock clock) {
        this.store = store;
        this.collector = collector;
        this.channels = channels;
        this.delivery = new OutboxDelivery(store, channels, clock, claimants.next("outbox"));
        this.clock = clock;
        this.opened = loaded.config().settings();
        this.loaded = loaded.delivering(store, clock, claimants);
    }

    /** Opens the store and builds the collector, rules and alert channels the settings ask for. */
    public static Fleetdiff open(FleetConfig config) throws ConfigException, RulesException {
        return open(config, Clock.systemDefaultZone());
    }

    /** As {@link #open(FleetConfig)}, on a given clock (tests move it past retry delays). */
    static Fleetdiff open(FleetConfig config, Clock clock) throws ConfigException, RulesException {
        Settings settings = config.settings();
        Loaded loaded = Loaded.check(config);
        Store store = openStore(settings.databaseUrl());
        try {
            Collector collector = new SshjCollector(new SshOptions(settings.knownHosts(), settings.hostKeyPolicy(),
                    System::getenv).withLimits(settings.connectsPerAddress(), settings.pollsPerJumpHost()));
            List<AlertChannel> channels = new ArrayList<>();
            channels.add(new AlertLog(settings.alertsLog()));
            return new Fleetdiff(loaded, store, collector, channels, clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Loads and checks a new hosts.yaml's rules and mail settings for a reload, without putting anything in use: a
     * mistake anywhere throws here and leaves the running parts as they are.
     */
    Loaded prepare(FleetConfig config) throws ConfigException, RulesException {
        return Loaded.check(config).delivering(store, clock, claimants);
    }

    /**
     * Puts prepared parts in use, all at once; polls and deliveries in flight finish with the parts they started
     * with.
     *
     * @return the settings whose new values differ from those running, which they replace only at a restart
     */
    synchronized List<String> use(Loaded prepared) {
        List<String> needRestart = FixedSettings.changed(opened, prepared.config().settings());
        loaded = prepared;
        return needRestart;
    }

    /** The store at the URL; a URL of no supported kind is the user's mistake, not a store failure. */
    private static Store openStore(String databaseUrl) {
        try {
            return JdbcStore.open(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The rules in a folder (every *.xml, in name order; a missing folder is an error, never a silent fallback that
     * would drop every local silencer, level and route), or for {@code rules: builtin} (empty) the one built-in rule
     * that makes every command check_diff at level 7.
     */
    public static RuleEngine loadRules(Optional<Path> dir) throws RulesException {
        return dir.isPresent() ? XmlRuleLoader.load(dir.get()) : new CheckDiffEveryCommand();
    }

    /** The database URL as it may be shown: with its passwords masked. */
    public static String shownDatabaseUrl(Settings settings) {
        return JdbcStore.redact(settings.databaseUrl());
    }

    /**
     * What the rules would do with this output of a command on a host, compared with the stored output it would be
     * compared with: the last accepted one for {@code baseline: accepted}, else the latest.
     */
    public RuleTrace testRules(String host, String command, String output) {
        Loaded now = loaded;
        Inventory inventory = now.config().inventory();
        var cmd = inventory.command(command).orElseThrow(() -> new UsageException("unknown command '"
                + command + "'; known commands: " + String.join(", ", inventory.commands().keySet())));
        var previous = reviews().acceptedBaseline(host, command).or(() -> store.latest(host, command))
                .map(Version::output);
        return RuleTrace.run(now.rules(), host, cmd, previous, output);
    }

    public Inventory inventory() {
        return loaded.config().inventory();
    }

    public FleetConfig config() {
        return loaded.config();
    }

    public RuleEngine rules() {
        return loaded.rules();
    }

    /** The per-host pipeline over this app's collector and store, with the rules and mail level in use now. */
    HostPipeline pipeline() {
        Loaded now = loaded;
        OptionalInt minLevel = now.config().settings().mail().map(m -> OptionalInt.of(m.minLevel()))
                .orElse(OptionalInt.empty());
        return new HostPipeline(collector, store, now.rules(), minLevel, clock, listener);
    }

    /** Polls the selected hosts now, stores outputs and alerts, then delivers what is pending. */
    public SweepReport poll(Selection selection, boolean dryRun, Consumer<HostOutcome> onHost) {
        FleetConfig config = loaded.config();
        Inventory inventory = config.inventory();
        var hosts = selection.hostsIn(inventory);
        Settings settings = config.settings();
        HostPipeline pipeline = pipeline();
        SweepReport report = new Sweep(pipeline, settings.concurrency(), settings.pollsPerJumpHost())
                .run(hosts, h -> selection.commandsFor(h, inventory), dryRun, onHost);
        if (!dryRun) {
            listener.sweepCompleted(clock.instant());
            report = withStaleAlerts(report, pipeline);
            Delivered delivered = deliverPending(true);
            report = new SweepReport(report.hosts(), report.took(), delivered.mailError());
        }
        return report;
    }

    /** Reports every poll recorded from now on to {@code listener} (metrics), in place of the one before. */
    public void listen(PollListener listener) {
        this.listener = listener;
    }

    PollListener listener() {
        return listener;
    }

    /** The latest output of a command on every host, each distinct output once with its hosts. */
    public List<LatestOutput> latestOutputs(String command) {
        return store.latestOutputs(command);
    }

    /** Per channel, when the oldest alert still waiting there was raised. */
    public Map<String, Instant> oldestPending() {
        return store.oldestPending();
    }

    /** Every host's health episode, by host name, for metrics. */
    public List<HostHealth> healths() {
        return store.healths();
    }

    /** Starts the staleness clock of the inventory's hosts the store has not heard of yet. */
    void watch(Inventory inventory) {
        store.watch(inventory.hosts().stream().map(Host::name).toList(), clock.instant());
    }

    /** Checks each polled host for staleness (a failed poll of a host long without a good one) and adds its alert. */
    private SweepReport withStaleAlerts(SweepReport report, HostPipeline pipeline) {
        List<Host> polled = report.hosts().stream().map(HostOutcome::host).map(inventory()::host)
                .flatMap(Optional::stream).toList();
        Map<String, Optional<Alert>> stale = pipeline.checkStale(polled, Staleness::byHand);
        List<HostOutcome> outcomes = report.hosts().stream().map(outcome -> stale.getOrDefault(outcome.host(),
                Optional.empty()).map(outcome::with).orElse(outcome)).toList();
        return new SweepReport(outcomes, report.took());
    }

    /**
     * Delivers alerts still pending in the outbox (for example after the mail server was down).
     *
     * @param now true for a one-shot command that will not be around when the mail batching window closes
     */
    public Delivered deliverPending(boolean now) {
        int logged = delivery.deliverPending();
        var report = loaded.mail().map(m -> now ? m.flushPending() : m.deliverPending());
        return new Delivered(logged, report.map(r -> r.mails()).orElse(0), report.flatMap(r -> r.error()));
    }

    /** Sends a test mail and returns what the server said; empty when no mail is configured. */
    public Optional<MailTest> mailTest() {
        return loaded.smtp().map(s -> s.sendTest(clock.instant())).map(r -> new MailTest(r.accepted(), r.reply()));
    }

    /** The outcome of {@link #mailTest()}: whether the server accepted the message, and its exact words. */
    public record MailTest(boolean accepted, String reply) {
    }

    /** Alerts, acks and accepted outputs: the review loop over this app's store. */
    public ReviewLoop reviews() {
        return new ReviewLoop(store, inventory(), clock);
    }

    /** How the latest poll of the command on the host ended, once it was polled. */
    public Optional<CommandStatus> lastOutcome(String host, String command) {
        return store.lastOutcome(host, command);
    }

    public List<Version> history(String host, String command) {
        return store.history(host, command);
    }

    public Optional<Version> version(String host, String command, int number) {
        return store.version(host, command, number);
    }

    /** Applies settings.retention now: removes old versions, unused contents and old delivered alerts. */
    public Pruned prune() {
        Retention retention = config().settings().retention();
        return store.prune(retention.keepVersions(), clock.instant().minus(Duration.ofDays(retention.keepDays())));
    }

    public List<HostStatus> status() {
        return store.status();
    }

    /** Every inventory host with its latest poll and health episode, in inventory order. */
    public List<HostState> hostStates() {
        Map<String, HostStatus> polls = store.status().stream()
                .collect(Collectors.toMap(HostStatus::host, Function.identity()));
        Map<String, HostHealth> healths = store.healths().stream()
                .collect(Collectors.toMap(HostHealth::host, Function.identity()));
        Map<String, Integer> unacked = store.unackedPerHost();
        return inventory().hosts().stream().map(h -> new HostState(h.name(), h.groups(),
                Optional.ofNullable(polls.get(h.name())), Optional.ofNullable(healths.get(h.name())),
                unacked.getOrDefault(h.name(), 0))).toList();
    }

    Clock clock() {
        return clock;
    }

    /**
     * The nodes of the cluster this config's database holds, each marked alive or dead, with the scheduled polls each
     * started in the last {@code period}; empty when settings.cluster is off.
     */
    public Optional<List<NodeState>> clusterNodes(Duration period) {
        Settings settings = config().settings();
        return settings.cluster() ? Optional.of(ClusterMembership.nodes(settings, period)) : Optional.empty();
    }

    /** Every inventory host with its health episode and unacked alerts, in inventory order: the fleet overview. */
    public List<HostSummary> hostSummaries() {
        Map<String, HostHealth> healths = store.healths().stream()
                .collect(Collectors.toMap(HostHealth::host, Function.identity()));
        Map<String, Integer> unacked = store.unackedPerHost();
        return inventory().hosts().stream().map(h -> new HostSummary(h.name(), h.groups(),
                Optional.ofNullable(healths.get(h.name())), unacked.getOrDefault(h.name(), 0))).toList();
    }

    /**
     * The selected hosts that run {@code command} grouped by their latest output of it (see {@link Outliers}); every
     * host that runs it when neither groups nor hosts are given.
     */
    public Outliers outliers(String command, List<String> groups, List<String> hosts) {
        Inventory inventory = inventory();
        Command cmd = inventory.command(command).orElseThrow(() -> new UsageException("unknown command '" + command
                + "'; known commands: " + String.join(", ", inventory.commands().keySet())));
        List<Host> selected = new Selection(hosts, groups, groups.isEmpty() && hosts.isEmpty(), Optional.of(command))
                .hostsIn(inventory);
        Map<String, Host> byName = selected.stream().collect(Collectors.toMap(Host::name, Function.identity()));
        Function<Host, Duration> staleAfter = Staleness.scheduled(inventory);
        return Outliers.find(store, cmd, selected.stream().map(Host::name).toList(),
                name -> staleAfter.apply(byName.get(name)), clock.instant());
    }

    /**
     * The report of the period from {@code until - since} (until: now when empty) over every group, or one: see
     * {@link Report}.
     */
    public Report report(Duration since, Optional<Instant> until, Optional<String> group) {
        Inventory inventory = inventory();
        Instant end = until.orElse(clock.instant());
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String name : group.map(List::of).orElse(List.copyOf(inventory.groups().keySet()))) {
            List<Host> members = new Selection(List.of(), List.of(name), false, Optional.empty()).hostsIn(inventory);
            groups.put(name, members.stream().map(Host::name).toList());
        }
        return Report.of(store, groups, end.minus(since), end);
    }

    /**
     * Queues the report of settings.report's latest fire time, once per fire time, and mails the queued reports not
     * yet sent; returns how many were mailed. Does nothing without settings.report.
     */
    public int mailReports() {
        Loaded now = loaded;
        return new ScheduledReports(store, clock, (since, until) -> report(Duration.between(since, until),
                Optional.of(until), Optional.empty())).tick(now.config().settings().report(), now.smtp());
    }

    /** The app's clock, for ages shown next to stored times. */
    public Instant now() {
        return clock.instant();
    }

    public List<OutboxCount> outbox() {
        return store.outbox();
    }

    @Override
    public void close() {
        collector.close();
        channels.forEach(AlertChannel::close);
        store.close();
    }
}
