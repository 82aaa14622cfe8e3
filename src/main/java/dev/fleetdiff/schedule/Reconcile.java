package dev.fleetdiff.schedule;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Compares the wanted jobs and triggers with those stored: a host whose job data, schedules, splay offsets and
 * commands are all as stored is left alone (its next fire time and any node's claim on it stand); triggers of a host
 * that are no longer wanted are removed.
 */
final class Reconcile {
    private Reconcile() {
    }

    /** The wanted jobs that differ from the stored ones, with all their triggers. */
    static Map<JobDetail, Set<? extends Trigger>> changed(Scheduler scheduler,
                                                          Map<JobDetail, Set<? extends Trigger>> wanted)
            throws SchedulerException {
        Map<JobDetail, Set<? extends Trigger>> changed = new LinkedHashMap<>();
        for (var entry : wanted.entrySet()) {
            JobDetail job = entry.getKey();
            JobDetail stored = scheduler.getJobDetail(job.getKey());
            List<? extends Trigger> storedTriggers = stored == null ? List.of()
                    : scheduler.getTriggersOfJob(job.getKey());
            if (stored == null || !stored.getJobDataMap().equals(job.getJobDataMap())
                    || !shapes(storedTriggers).equals(shapes(entry.getValue()))) {
                changed.put(job, entry.getValue());
                Set<TriggerKey> keep = new HashSet<>();
                entry.getValue().forEach(t -> keep.add(t.getKey()));
                for (Trigger old : storedTriggers) {
                    if (!keep.contains(old.getKey())) {
                        scheduler.unscheduleJob(old.getKey());
                    }
                }
            }
        }
        return changed;
    }

    /** What makes two triggers fire alike, by key: expression, zone, offset, commands, misfire handling. */
    private static Map<TriggerKey, List<Object>> shapes(Iterable<? extends Trigger> triggers) {
        Map<TriggerKey, List<Object>> shapes = new HashMap<>();
        for (Trigger trigger : triggers) {
            if (!(trigger instanceof CronTrigger cron)) {
                shapes.put(trigger.getKey(), List.of(trigger.getClass().getName()));
                continue;
            }
            long offset = trigger instanceof OffsetCronTrigger o ? o.offsetMillis() : 0;
            shapes.put(trigger.getKey(), List.of(cron.getCronExpression(), cron.getTimeZone().getID(), offset,
                    Objects.toString(trigger.getJobDataMap().get(HostPollJob.COMMANDS)),
                    trigger.getMisfireInstruction()));
        }
        return shapes;
    }
}
