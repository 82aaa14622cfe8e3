package dev.fleetdiff.schedule;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.text.ParseException;
import java.util.Date;
import java.util.HashMap;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The schedule of a whole inventory on Quartz: one job per host, one cron trigger per distinct schedule of its
 * commands, firing at the host's splay offset after each cron time. Stale fire times are skipped, not replayed, so a
 * paused or overloaded daemon never stampedes. Jobs run on virtual threads and take one of the {@code concurrency}
 * slots to poll, first come first served, so hosts fired together all get their turn within the period.
 */
public final class QuartzSchedule implements AutoCloseable {
    /** Quartz group of every host job. */
    static final String GROUP = "hosts";
    /** A fire time later than this is a misfire and skipped. */
    public static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);
    /** Triggers taken from the store per scheduler-thread loop; a fired job waits for its slot on a virtual thread. */
    static final int MIN_TRIGGER_BATCH = 500;
    /** Start of each schedule's Quartz instance name, which is unique so that no two schedules share a scheduler. */
    static final String INSTANCE_NAME_PREFIX = "fleetdiff-";

    private final Scheduler scheduler;
    private final Duration shutdownGrace;
    private final PollTurns turns;
    private final FireCounter fires = new FireCounter();
    private final boolean clustered;

    /**
     * @param concurrency   polls running at once
     * @param perJumpHost   polls running through one jump host at once (settings.polls_per_jump_host)
     * @param shutdownGrace how long {@link #close()} waits for polls in flight before abandoning them
     */
    public QuartzSchedule(int concurrency, int perJumpHost, Duration shutdownGrace, PollTarget target)
            throws ScheduleException {
        this(concurrency, perJumpHost, shutdownGrace, MISFIRE_THRESHOLD, target);
    }

    QuartzSchedule(int concurrency, int perJumpHost, Duration shutdownGrace, Duration misfireThreshold,
                   PollTarget target) throws ScheduleException {
        this(concurrency, perJumpHost, shutdownGrace, target, memoryStore(concurrency, misfireThreshold), false);
    }

    /**
     * A schedule on Quartz's clustered JDBC job store, shared by every node started on the same tables: each fire
     * time runs on one node, and a dead node's fire times move to the others.
     */
    public static QuartzSchedule clustered(int concurrency, int perJumpHost, Duration shutdownGrace,
                                           ClusterJobStore store, PollTarget target) throws ScheduleException {
        return new QuartzSchedule(concurrency, perJumpHost, shutdownGrace, target, ClusterProperties.of(store,
                concurrency, MISFIRE_THRESHOLD), true);
    }

    private QuartzSchedule(int concurrency, int perJumpHost, Duration shutdownGrace, PollTarget target,
                           Properties props, boolean clustered) throws ScheduleException {
        this.shutdownGrace = shutdownGrace;
        this.clustered = clustered;
        this.turns = new PollTurns(concurrency, perJumpHost);
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.threadPool.class", VirtualThreadPool.class.getName());
        props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(VirtualThreadPool.JOBS_IN_FLIGHT));
        props.setProperty("org.quartz.threadPool.shutdownGraceMillis", Long.toString(shutdownGrace.toMillis()));
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", "1000");
        try {
            scheduler = new StdSchedulerFactory(props).getScheduler();
            scheduler.getContext().put(HostPollJob.TARGET, target);
            scheduler.getContext().put(HostPollJob.TURNS, turns);
            scheduler.getListenerManager().addTriggerListener(fires);
        } catch (SchedulerException e) {
            throw new ScheduleException("cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    /** Quartz's in-memory store under a name of its own, for one process. */
    private static Properties memoryStore(int concurrency, Duration misfireThreshold) {
        Properties props = new Properties();
        // Quartz keeps every scheduler in a process-wide registry by name: a name of its own keeps this one apart.
        props.setProperty("org.quartz.scheduler.instanceName", INSTANCE_NAME_PREFIX + UUID.randomUUID());
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        props.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                Integer.toString(Math.max(concurrency, MIN_TRIGGER_BATCH)));
        return props;
    }

    /**
     * Makes the schedule match the inventory: adds and replaces host jobs and removes jobs of hosts no longer
     * listed. Polls in flight finish undisturbed.
     */
    public void load(Inventory inventory) throws ScheduleException {
        try {
            Map<JobDetail, Set<? extends Trigger>> wanted = new LinkedHashMap<>();
            Map<String, CronExpression> parsed = new HashMap<>();
            for (Host host : inventory.hosts()) {
                JobKey key = JobKey.jobKey(host.name(), GROUP);
                // A poll cut short by a dead node is not run again for the same fire time: the next one polls.
                JobDetail job = JobBuilder.newJob(HostPollJob.class).withIdentity(key).storeDurably()
                        .requestRecovery(false)
                        .usingJobData(HostPollJob.HOST, host.name())
                        .usingJobData(HostPollJob.JUMP, host.jump().orElse(PollTurns.DIRECT))
                        .build();
                wanted.put(job, triggers(host, inventory.commandsOf(host), key, parsed));
            }
            Set<JobKey> keys = new HashSet<>();
            wanted.keySet().forEach(job -> keys.add(job.getKey()));
            if (clustered) {
                // Every node loads the same hosts.yaml at start: only what differs is written, so a node joining
                // leaves the fire times the others have taken alone.
                wanted = Reconcile.changed(scheduler, wanted);
            }
            if (!wanted.isEmpty()) {
                scheduler.scheduleJobs(wanted, true);
            }
            List<JobKey> gone = new ArrayList<>();
            for (JobKey existing : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!keys.contains(existing)) {
                    gone.add(existing);
                }
            }
            if (!gone.isEmpty()) {
                scheduler.deleteJobs(gone);
            }
        } catch (SchedulerException e) {
            throw new ScheduleException("cannot schedule the inventory: " + e.getMessage(), e);
        }
    }

    private static Set<Trigger> triggers(Host host, List<Command> commands, JobKey job,
                                         Map<String, CronExpression> parsed) throws SchedulerException {
        Map<String, List<String>> bySchedule = new LinkedHashMap<>();
        for (Command command : commands) {
            bySchedule.computeIfAbsent(command.schedule().orElse(host.schedule()), s -> new ArrayList<>())
                    .add(command.name());
        }
        long offset = Splay.offset(host.name(), host.splay()).toMillis();
        // Starting one offset back lets a cron time just passed still fire at its offset, which is yet to come.
        // Rounded up to the second (Quartz looks from a second before the start), so that a reload never repeats a
        // fire time that has just passed.
        Date start = new Date(Math.ceilDiv(System.currentTimeMillis() - offset, 1000L) * 1000L);
        Set<Trigger> triggers = new HashSet<>();
        int n = 0;
        for (var entry : bySchedule.entrySet()) {
            OffsetCronTrigger trigger = new OffsetCronTrigger(cron(entry.getKey(), parsed), offset);
            trigger.setKey(TriggerKey.triggerKey(job.getName() + "#" + n++, GROUP));
            trigger.setJobKey(job);
            trigger.setJobDataMap(new JobDataMap(Map.of(HostPollJob.COMMANDS, String.join(",", entry.getValue()))));
            trigger.setMisfireInstruction(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
            trigger.setStartTime(start);
            triggers.add(trigger);
        }
        return triggers;
    }

    private static CronExpression cron(String expression, Map<String, CronExpression> parsed)
            throws SchedulerException {
        CronExpression known = parsed.get(expression);
        if (known == null) {
            try {
                known = new CronExpression(expression);
            } catch (ParseException e) {
                throw new SchedulerException("invalid schedule \"" + expression + "\": " + e.getMessage(), e);
            }
            parsed.put(expression, known);
        }
        return known;
    }

    public void start() throws ScheduleException {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new ScheduleException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** Stops firing polls until {@link #start()}; polls in flight finish. */
    public void pause() throws ScheduleException {
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            throw new ScheduleException("cannot pause the scheduler: " + e.getMessage(), e);
        }
    }

    /** Host jobs currently scheduled. */
    public int jobCount() throws ScheduleException {
        try {
            return scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)).size();
        } catch (SchedulerException e) {
            throw new ScheduleException(e.getMessage(), e);
        }
    }

    /** When the host is next polled (its earliest trigger), if it is scheduled. */
    public Optional<Instant> nextPoll(String host) throws ScheduleException {
        try {
            return scheduler.getTriggersOfJob(JobKey.jobKey(host, GROUP)).stream()
                    .map(Trigger::getNextFireTime).filter(java.util.Objects::nonNull).min(Date::compareTo)
                    .map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new ScheduleException(e.getMessage(), e);
        }
    }

    /** What the schedule has done since it started. */
    public ScheduleCounts counts() {
        return new ScheduleCounts(fires.fired(), fires.misfired(), turns.granted(), turns.waiting());
    }

    /**
     * Stops firing, drops polls still waiting for their splay or a slot, waits for polls in flight up to the grace
     * period, then stops without waiting further.
     */
    @Override
    public void close() {
        try {
            scheduler.standby();
            turns.close();
            long end = System.nanoTime() + shutdownGrace.toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            // With nothing in flight, waiting also waits for the scheduler's own thread, which may be mid-way through
            // a database transaction on a pool the app closes next.
            scheduler.shutdown(scheduler.getCurrentlyExecutingJobs().isEmpty());
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler shutdown failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
