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
 * One host's poll: waits for a free slot, then polls. Its data holds only strings (host name, comma-separated
 * commands) so the same job runs on Quartz's JDBC job store. Quartz never runs two of one host's jobs at once.
 */
@DisallowConcurrentExecution
public final class HostPollJob implements Job {
    static final String HOST = "host";
    static final String COMMANDS = "commands";
    static final String TARGET = "fleetdiff.pollTarget";
    static final String TURNS = "fleetdiff.pollTurns";
    private static final Logger LOG = LoggerFactory.getLogger(HostPollJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        var data = context.getMergedJobDataMap();
        String host = data.getString(HOST);
        List<String> commands = Arrays.asList(data.getString(COMMANDS).split(","));
        try {
            var shared = context.getScheduler().getContext();
            PollTarget target = (PollTarget) shared.get(TARGET);
            PollTurns turns = (PollTurns) shared.get(TURNS);
            if (!turns.await()) {
                return;
            }
            try {
                target.poll(host, commands);
            } finally {
                turns.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SchedulerException | RuntimeException e) {
            LOG.error("scheduled poll of {} failed", host, e);
        }
    }
}
