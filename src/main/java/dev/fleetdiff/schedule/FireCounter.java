package dev.fleetdiff.schedule;

import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts fire times kept and skipped, so a schedule that falls behind says so instead of silently thinning out. */
final class FireCounter implements TriggerListener {
    private static final Logger LOG = LoggerFactory.getLogger(FireCounter.class);

    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong misfired = new AtomicLong();

    long fired() {
        return fired.get();
    }

    long misfired() {
        return misfired.get();
    }

    @Override
    public String getName() {
        return "fleetdiff-fire-counter";
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        fired.incrementAndGet();
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        return false;
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        misfired.incrementAndGet();
        LOG.debug("{} missed its fire time; skipped until the next one", trigger.getJobKey().getName());
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
                                CompletedExecutionInstruction instruction) {
    }
}
