package dev.fleetdiff.app;

import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.rules.RulesException;
import dev.fleetdiff.schedule.QuartzSchedule;
import dev.fleetdiff.schedule.ScheduleCounts;
import dev.fleetdiff.schedule.ScheduleException;
import dev.fleetdiff.store.Pruned;
import dev.fleetdiff.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleetdiff run} (it owns and closes the app): polls every host on its schedule and delivers alerts until
 * stopped. hosts.yaml and the rules can be reloaded while running (SIGHUP); polls in flight finish with the inventory
 * and rules they started with.
 */
public final class Daemon implements AutoCloseable {
    /** How often the outbox is checked for alerts to deliver or retry. */
    static final Duration DELIVERY_INTERVAL = Duration.ofSeconds(10);
    /** How long a stop waits for polls in flight. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** How often the daemon reports what its schedule did, and warns if fire times were skipped. */
    static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);
    /** How often every host is checked for staleness (no good poll for its stale_after). */
    static final Duration STALE_CHECK_INTERVAL = Duration.ofMinutes(1);
    /** How often retention (settings.retention) is applied. */
    static final Duration PRUNE_INTERVAL = Duration.ofDays(1);
    /** The first pruning waits this long after start, so a restart loop does not prune over and over. */
    static final Duration FIRST_PRUNE_AFTER = Duration.ofMinutes(10);
    /** How often a cluster node compares its clock and configuration with the cluster's (DESIGN §5). */
    static final Duration CLUSTER_CHECK_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Fleetdiff app;
    private final Duration firstPruneAfter;
    private final QuartzSchedule schedule;
    private final Duration staleCheckInterval;
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("outbox").daemon().factory());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ScheduleCounts reported = new ScheduleCounts(0, 0, 0, 0);
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    /** This node's place in a cluster (settings.cluster), empty for a daemon of its own. */
    private final Optional<ClusterMembership> cluster;
    private volatile boolean clockPaused;

    public Daemon(Fleetdiff app) throws ScheduleException {
        this(app, STALE_CHECK_INTERVAL, FIRST_PRUNE_AFTER);
    }

    /**
     * A daemon that checks staleness every {@code staleCheckInterval} and prunes first {@code firstPruneAfter} after
     * start, for tests that cannot wait that long.
     */
    Daemon(Fleetdiff app, Duration staleCheckInterval, Duration firstPruneAfter) throws ScheduleException {
        this.app = app;
        this.firstPruneAfter = firstPruneAfter;
        this.staleCheckInterval = staleCheckInterval;
        Settings settings = app.config().settings();
        if (!settings.cluster()) {
            this.cluster = Optional.empty();
            this.schedule = new QuartzSchedule(settings.concurrency(), settings.pollsPerJumpHost(), SHUTDOWN_GRACE,
                    this::poll);
            schedule.load(app.inventory());
            return;
        }
        ClusterMembership member = ClusterMembership.join(app.config(), app.clock());
        try {
            this.cluster = Optional.of(member);
            this.schedule = QuartzSchedule.clustered(settings.concurrency(), settings.pollsPerJumpHost(),
                    SHUTDOWN_GRACE, member.jobStore(), this::poll);
            schedule.load(app.inventory());
        } catch (ScheduleException | RuntimeException e) {
            member.close();
            throw e;
        }
        LOG.info("joined the cluster as node {}", member.nodeId());
    }

    /** One scheduled poll, with the inventory, rules and mail settings in use when it starts. */
    private void poll(String hostName, List<String> commandNames, Instant fireTime) {
        HostPipeline pipeline = app.pipeline();
        Inventory current = app.inventory();
        Host host = current.host(hostName).orElse(null);
        if (host == null) {
            if (cluster.isPresent()) {
                LOG.warn("{}: scheduled by another node's hosts.yaml but not in this node's; give every node the same"
                        + " hosts.yaml and send it SIGHUP", hostName);
            }
            return;
        }
        cluster.ifPresent(member -> member.recordPoll(hostName, fireTime));
        List<Command> commands = current.commandsOf(host).stream()
                .filter(c -> commandNames.contains(c.name())).toList();
        HostOutcome outcome = pipeline.poll(host, commands, false);
        outcome.failureReason().ifPresentOrElse(reason -> LOG.warn("{}: {}", hostName, reason),
                () -> LOG.info("{}: polled {} commands in {} ms: {} changed, {} alerts", hostName,
                        outcome.commands().size(), Duration.between(outcome.poll().started(), outcome.poll().ended()).toMillis(),
                        outcome.commands().stream().filter(CommandOutcome::changed).count(), outcome.alerts().size()));
        outcome.alerts().forEach(alert -> LOG.info("alert {} on {}{}: rule {} (level {}): {}", alert.id(), hostName,
                alert.command().isEmpty() ? "" : " " + alert.command(), alert.ruleId(), alert.level(),
                alert.description()));
    }

    /** Starts polling and delivering; returns at once. */
    public void start() throws ScheduleException {
        schedule.start();
        delivery.scheduleWithFixedDelay(this::deliver, 0, DELIVERY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        delivery.scheduleAtFixedRate(this::report, REPORT_INTERVAL.toMillis(), REPORT_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        app.watch(app.inventory());
        delivery.scheduleWithFixedDelay(this::checkStale, staleCheckInterval.toMillis(), staleCheckInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        delivery.scheduleWithFixedDelay(this::prune, firstPruneAfter.toMillis(), PRUNE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        if (cluster.isPresent()) {
            delivery.scheduleWithFixedDelay(this::checkCluster, CLUSTER_CHECK_INTERVAL.toMillis(),
                    CLUSTER_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("polling {} hosts on schedule", app.inventory().hosts().size());
    }

    private void deliver() {
        try {
            app.deliverPending(false);
        } catch (RuntimeException | Error e) {
            // a scheduled task that throws is never run again: delivery must survive any failure
            LOG.error("alert delivery failed; retrying in {}", DELIVERY_INTERVAL, e);
        }
        try {
            app.mailReports();
        } catch (RuntimeException e) {
            LOG.error("scheduled report failed; retrying in {}", DELIVERY_INTERVAL, e);
        }
    }

    /** Raises the stale alert of each host without a good poll for its stale_after, once per episode. */
    private void checkStale() {
        try {
            Inventory current = app.inventory();
            app.pipeline().checkStale(current.hosts(), Staleness.scheduled(current))
                    .keySet().forEach(host -> LOG.warn("{}: stale: no good poll for too long", host));
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: the check must survive a store hiccup
            LOG.error("staleness check failed; retrying in {}", staleCheckInterval, e);
        }
    }

    /**
     * Compares this node's clock with the database's (stops firing while it is too far off, starts again once it is
     * back), warns if the cluster polls with another configuration, and forgets old poll notes.
     */
    private void checkCluster() {
        ClusterMembership member = cluster.orElseThrow();
        try {
            boolean tooFar = member.checkClock().tooLarge();
            if (tooFar != clockPaused) {
                if (tooFar) {
                    schedule.pause();
                } else {
                    schedule.start();
                    LOG.info("clock back within {}s of the database's: firing polls again",
                            ClockSkew.REFUSE_ABOVE.toSeconds());
                }
                clockPaused = tooFar;
            }
            member.checkConfig();
            member.forgetOldPolls();
        } catch (RuntimeException | ScheduleException e) {
            // a scheduled task that throws is never run again: the check must survive a database hiccup
            LOG.error("cluster check failed; retrying in {}", CLUSTER_CHECK_INTERVAL, e);
        }
    }

    private void prune() {
        try {
            Pruned pruned = app.prune();
            LOG.info("retention: removed {} old versions of {} outputs, {} unused contents ({} bytes), {} delivered"
                            + " alerts", pruned.versions(), pruned.outputs().size(), pruned.contents(),
                    pruned.contentBytes(), pruned.alerts());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: pruning must survive a failed round
            LOG.error("retention failed; trying again in {}", PRUNE_INTERVAL, e);
        }
    }

    /** Logs what the schedule did since the last report; skipped fire times are a warning, since hosts went unpolled. */
    private void report() {
        ScheduleCounts now = schedule.counts();
        long skipped = now.misfired() - reported.misfired();
        if (skipped > 0) {
            LOG.warn("{} scheduled polls skipped in the last {}s: polling fell more than {}s behind the schedule;"
                            + " raise settings.concurrency (or polls_per_jump_host when many hosts share a jump host),"
                            + " spread the schedules, or check for slow hosts",
                    skipped, REPORT_INTERVAL.toSeconds(), QuartzSchedule.MISFIRE_THRESHOLD.toSeconds());
        }
        LOG.info("last {}s: {} polls fired, {} started, {} skipped; {} waiting for a slot",
                REPORT_INTERVAL.toSeconds(), now.fired() - reported.fired(), now.polled() - reported.polled(),
                skipped, now.waiting());
        reported = now;
    }

    /** What the schedule has done since start. */
    public ScheduleCounts counts() {
        return schedule.counts();
    }

    /**
     * Puts a reloaded hosts.yaml in use with its rules folder and mail settings. Everything is loaded and checked
     * before anything changes: a mistake anywhere (a broken rule file, a missing mail password) throws and leaves the
     * running schedule, rules and mail as they were. Settings that the daemon keeps until a restart are named.
     */
    public synchronized Reload reload(FleetConfig config) throws ConfigException, RulesException, ScheduleException {
        Fleetdiff.Loaded prepared = app.prepare(config);
        schedule.load(config.inventory());
        cluster.ifPresent(member -> member.adopt(config));
        Reload reload = new Reload(config.inventory().hosts().size(), app.use(prepared));
        app.watch(config.inventory());
        if (reload.needRestart().isEmpty()) {
            LOG.info("reloaded {}: {} hosts, rules and mail settings", config.file(), reload.hosts());
        } else {
            LOG.warn("reloaded {}: {} hosts, rules and mail settings; changed but kept until a restart: {}",
                    config.file(), reload.hosts(), String.join(", ", reload.needRestart()));
        }
        return reload;
    }

    public int scheduledHosts() throws ScheduleException {
        return schedule.jobCount();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops firing, lets polls in flight finish within the grace period, delivers what is pending, and closes the
     * app (the store is flushed). Safe to call twice and from a shutdown hook.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            schedule.close();
            cluster.ifPresent(ClusterMembership::close);
            delivery.shutdown();
            delivery.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            deliver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.close();
            stopped.countDown();
        }
    }
}
