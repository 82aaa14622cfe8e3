package dev.fleetdiff.schedule;

import java.util.concurrent.Semaphore;
import org.quartz.spi.ThreadPool;

/**
 * A Quartz thread pool that runs each job on a new virtual thread, at most {@code threadCount} at once, so thousands
 * of hosts need no thousands of platform threads. Quartz builds it from properties (threadCount). The schedule
 * bounds polls itself ({@link PollTurns}); this pool's bound only has to exceed the jobs that can be in flight.
 */
public final class VirtualThreadPool implements ThreadPool {
    /**
     * Jobs in flight at most: each host has at most one (its job disallows concurrent execution), so this only has
     * to exceed any fleet; a job waiting for its splay or a slot is a parked virtual thread of about a kilobyte.
     */
    static final int JOBS_IN_FLIGHT = 1_000_000;

    private int threadCount = JOBS_IN_FLIGHT;
    private long shutdownGraceMillis = 30_000;
    private Semaphore permits;
    private volatile boolean shutdown;

    /** Set by Quartz from {@code org.quartz.threadPool.threadCount}. */
    public void setThreadCount(int threadCount) {
        this.threadCount = threadCount;
    }

    /** Set by Quartz from {@code org.quartz.threadPool.shutdownGraceMillis}: how long a stop waits for polls. */
    public void setShutdownGraceMillis(long shutdownGraceMillis) {
        this.shutdownGraceMillis = shutdownGraceMillis;
    }

    @Override
    public boolean runInThread(Runnable runnable) {
        if (shutdown) {
            return false;
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Thread.ofVirtual().name("poll-", 0).start(() -> {
            try {
                runnable.run();
            } finally {
                permits.release();
            }
        });
        return true;
    }

    @Override
    public int blockForAvailableThreads() {
        try {
            permits.acquire();
            permits.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.max(1, permits.availablePermits());
    }

    @Override
    public void initialize() {
        permits = new Semaphore(threadCount);
    }

    @Override
    public void shutdown(boolean waitForJobsToComplete) {
        shutdown = true;
        if (waitForJobsToComplete) {
            try {
                if (permits.tryAcquire(threadCount, shutdownGraceMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    permits.release(threadCount);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int getPoolSize() {
        return threadCount;
    }

    @Override
    public void setInstanceId(String schedInstId) {
    }

    @Override
    public void setInstanceName(String schedName) {
    }
}
