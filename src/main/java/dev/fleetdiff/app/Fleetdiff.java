package dev.fleetdiff.app;

import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.ssh.SshjCollector;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.Settings;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.notify.AlertChannel;
import dev.fleetdiff.notify.AlertLog;
import dev.fleetdiff.rules.CheckDiffEveryCommand;
import dev.fleetdiff.rules.RuleEngine;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.store.jdbc.JdbcStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** The one place that builds the pipeline's parts from settings and holds them for one command or daemon. */
public final class Fleetdiff implements AutoCloseable {
    private final FleetConfig config;
    private final Store store;
    private final Collector collector;
    private final RuleEngine rules;
    private final List<AlertChannel> channels;
    private final Clock clock;

    private Fleetdiff(FleetConfig config, Store store, Collector collector, RuleEngine rules,
                      List<AlertChannel> channels, Clock clock) {
        this.config = config;
        this.store = store;
        this.collector = collector;
        this.rules = rules;
        this.channels = channels;
        this.clock = clock;
    }

    /** Opens the store and builds the collector, rules and alert channels the settings ask for. */
    public static Fleetdiff open(FleetConfig config) {
        Settings settings = config.settings();
        Clock clock = Clock.systemDefaultZone();
        Store store = JdbcStore.open(settings.databaseUrl());
        try {
            Collector collector = new SshjCollector(settings.knownHosts(), settings.hostKeyPolicy(), System::getenv);
            List<AlertChannel> channels = new ArrayList<>();
            channels.add(new AlertLog(settings.alertsLog()));
            return new Fleetdiff(config, store, collector, new CheckDiffEveryCommand(), channels, clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Inventory inventory() {
        return config.inventory();
    }

    public FleetConfig config() {
        return config;
    }

    public RuleEngine rules() {
        return rules;
    }

    /** The per-host pipeline over this app's collector, store and rules. */
    HostPipeline pipeline() {
        OptionalInt minLevel = config.settings().mail().map(m -> OptionalInt.of(m.minLevel()))
                .orElse(OptionalInt.empty());
        return new HostPipeline(collector, store, rules, minLevel, clock);
    }

    /** Polls the selected hosts now, stores outputs and alerts, then delivers what is pending. */
    public SweepReport poll(Selection selection, boolean dryRun, Consumer<HostOutcome> onHost) {
        Inventory inventory = config.inventory();
        var hosts = selection.hostsIn(inventory);
        SweepReport report = new Sweep(pipeline(), config.settings().concurrency())
                .run(hosts, h -> selection.commandsFor(h, inventory), dryRun, onHost);
        if (!dryRun) {
            deliverPending();
        }
        return report;
    }

    /** Delivers alerts still pending in the outbox (for example after the mail server was down). */
    public int deliverPending() {
        return new OutboxDelivery(store, channels, clock).deliverPending();
    }

    public List<Version> history(String host, String command) {
        return store.history(host, command);
    }

    public Optional<Version> version(String host, String command, int number) {
        return store.version(host, command, number);
    }

    public List<HostStatus> status() {
        return store.status();
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
