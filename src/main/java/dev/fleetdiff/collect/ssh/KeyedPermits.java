package dev.fleetdiff.collect.ssh;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed number of permits per key (such as an address and port), fair, with bounded waiting. A key's entry lives
 * only while someone holds or waits for one of its permits, so the map stays as small as the work in flight however
 * many hosts come and go across reloads.
 */
final class KeyedPermits {

    private final int permitsPerKey;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    KeyedPermits(int permitsPerKey) {
        if (permitsPerKey < 1) {
            throw new IllegalArgumentException("permitsPerKey must be at least 1: " + permitsPerKey);
        }
        this.permitsPerKey = permitsPerKey;
    }

    int permitsPerKey() {
        return permitsPerKey;
    }

    /** A permit for {@code key}, or empty if none came free within {@code wait}. */
    Optional<Permit> acquire(String key, Duration wait) throws InterruptedException {
        Entry entry = entries.compute(key, (k, existing) -> {
            Entry joined = existing == null ? new Entry(permitsPerKey) : existing;
            joined.users++;
            return joined;
        });
        boolean acquired = false;
        try {
            acquired = entry.semaphore.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } finally {
            if (!acquired) {
                leave(key);
            }
        }
        return acquired ? Optional.of(new Permit(key, entry)) : Optional.empty();
    }

    /** Keys with a holder or a waiter right now. */
    int keysInUse() {
        return entries.size();
    }

    private void leave(String key) {
        // users is only read and written inside compute, which the map runs one at a time per key
        entries.computeIfPresent(key, (k, entry) -> --entry.users == 0 ? null : entry);
    }

    /** One held permit; closing it (once, from any thread) gives it back. */
    final class Permit implements AutoCloseable {
        private final String key;
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                entry.semaphore.release();
                leave(key);
            }
        }
    }

    private static final class Entry {
        final Semaphore semaphore;
        int users;

        Entry(int permits) {
            semaphore = new Semaphore(permits, true);
        }
    }
}
