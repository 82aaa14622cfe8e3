package dev.fleetdiff.schedule;

import java.util.Arrays;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's poll: waits for its turn (on its jump host, then a free slot), then polls. Its data holds only strings
 * (host name, jump spec, comma-separated commands) so the same job runs on Quartz's JDBC job store. Quartz never
 * runs two of one host's jobs at once.
 */
@DisallowConcurrentExecution
public final class HostPollJob implements Job {
    static final String HOST = "host";
    static final String COMMANDS = "commands";
    static final String TARGET = "fleetdiff.pollTarget";
    static final String TURNS = "fleetdiff.pollTurns";
    /** The host's jump spec, empty when polled directly. */
    static final String JUMP = "jump";
    private static final Logger LOG = LoggerFactory.getLogger(HostPollJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        var data = context.getMergedJobDataMap();
        String host = data.getString(HOST);
        List<String> commands = Arrays.asList(data.getString(COMMANDS).split(","));
        String jump = data.getString(JUMP);
        try {
            var shared = context.getScheduler().getContext();
            PollTarget target = (PollTarget) shared.get(TARGET);
            PollTurns turns = (PollTurns) shared.get(TURNS);
            if (!turns.await(jump)) {
                return;
            }
            try {
                target.poll(host, commands, context.getScheduledFireTime().toInstant());
            } finally {
                turns.release(jump);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SchedulerException | RuntimeException e) {
            LOG.error("scheduled poll of {} failed", host, e);
        }
    }
}
