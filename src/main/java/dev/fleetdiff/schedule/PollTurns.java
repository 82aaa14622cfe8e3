package dev.fleetdiff.schedule;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who may poll now: at most {@code concurrency} polls at once, and at most {@code perJumpHost} of them through one
 * jump host, each handed out in arrival order, so every host fired at one cron time gets its turn however long the
 * sweep takes. A poll first waits for its jump host and only then for a slot, so hosts queued behind a busy bastion
 * never hold slots the others could use. Closing lets every waiter go at once, without polling. Thread-safe.
 */
public final class PollTurns {
    /** Wakes every waiter on close; far above any count of polls waiting, far below int overflow. */
    private static final int WAKE_ALL = 1 << 24;
    /** The jump key of a host polled directly. */
    public static final String DIRECT = "";

    private final Semaphore slots;
    private final int perJumpHost;
    /** One entry per jump host named in the inventory: a handful, kept for the life of the schedule. */
    private final Map<String, Semaphore> jumps = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong granted = new AtomicLong();

    public PollTurns(int concurrency, int perJumpHost) {
        this.slots = new Semaphore(concurrency, true);
        this.perJumpHost = perJumpHost;
    }

    /**
     * Waits for a turn on the jump host (unless {@code jump} is {@link #DIRECT}), then for a free slot. True means
     * the caller holds both and must {@link #release(String)} them; false means the turns were closed meanwhile and
     * the poll must not run.
     */
    public boolean await(String jump) throws InterruptedException {
        Semaphore viaJump = jump.isEmpty() ? null : jumps.computeIfAbsent(jump, j -> new Semaphore(perJumpHost, true));
        if (viaJump != null && !take(viaJump)) {
            return false;
        }
        if (!take(slots)) {
            if (viaJump != null) {
                viaJump.release();
            }
            return false;
        }
        granted.incrementAndGet();
        return true;
    }

    private boolean take(Semaphore semaphore) throws InterruptedException {
        if (isClosed()) {
            return false;
        }
        semaphore.acquire();
        if (isClosed()) {
            semaphore.release();
            return false;
        }
        return true;
    }

    /** Gives back the slot and the jump host's turn taken by a successful {@link #await(String)}. */
    public void release(String jump) {
        slots.release();
        if (!jump.isEmpty()) {
            jumps.get(jump).release();
        }
    }

    /** Turns handed out so far: polls started. */
    public long granted() {
        return granted.get();
    }

    /** Polls waiting for a free slot (those queued behind a jump host not counted). */
    public int waiting() {
        return slots.getQueueLength();
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** No new poll starts after this; polls holding a slot finish undisturbed. */
    public void close() {
        if (!isClosed()) {
            closed.countDown();
            slots.release(WAKE_ALL);
            jumps.values().forEach(semaphore -> semaphore.release(WAKE_ALL));
        }
    }
}
