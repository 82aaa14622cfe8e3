package dev.fleetdiff.schedule;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may poll now: at most {@code concurrency} polls at once, handed out in arrival order, so every host fired at one
 * cron time gets its turn however long the sweep takes. Closing lets every waiter go at once, without polling.
 */
final class PollTurns {
    /** Wakes every waiter on close; far above any count of jobs a scheduler holds, far below int overflow. */
    private static final int WAKE_ALL = 1 << 24;

    private final Semaphore slots;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong granted = new AtomicLong();

    PollTurns(int concurrency) {
        this.slots = new Semaphore(concurrency, true);
    }

    /**
     * Waits for a free slot. True means the caller holds a slot and must {@link #release()} it; false means the
     * schedule closed meanwhile and the poll must not run.
     */
    boolean await() throws InterruptedException {
        if (isClosed()) {
            return false;
        }
        slots.acquire();
        if (isClosed()) {
            slots.release();
            return false;
        }
        granted.incrementAndGet();
        return true;
    }

    void release() {
        slots.release();
    }

    /** Slots handed out so far: polls started. */
    long granted() {
        return granted.get();
    }

    /** Polls waiting for a free slot. */
    int waiting() {
        return slots.getQueueLength();
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** No new poll starts after this; polls holding a slot finish undisturbed. */
    void close() {
        if (!isClosed()) {
            closed.countDown();
            slots.release(WAKE_ALL);
        }
    }
}
