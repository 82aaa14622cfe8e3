package dev.fleetdiff.collect.ssh;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon timer thread of a collector: it fires poll deadlines, command timeouts and keep-alives. sshj reads have no
 * timeout of their own, so this is what bounds time. Its tasks only set flags and close sockets; anything that
 * may block is handed to another thread.
 */
final class Watchdog implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("fleetdiff-ssh-watchdog").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} after {@code delay} unless the returned future is cancelled first. */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code period}, the first time after one period, until the returned future is cancelled. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        return timer.scheduleWithFixedDelay(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
