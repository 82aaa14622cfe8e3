package dev.fleetdiff.notify.mail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the claim of the alerts in flight at a fixed interval while one mail is being sent, so a transfer that takes
 * longer than the lease (a large mail on a slow link, a server slow to answer) keeps its alerts; it stops when the
 * mail is done, and with the process, so a dead sender's alerts still come back one lease after its last renewal.
 */
final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;

    private LeaseHeartbeat(Runnable renew, Duration every) {
        this.thread = Thread.ofVirtual().name("mail-lease-heartbeat").start(() -> beat(renew, every));
    }

    /** Starts renewing with {@code renew} every {@code every}, the first time one interval from now. */
    static LeaseHeartbeat start(Runnable renew, Duration every) {
        return new LeaseHeartbeat(renew, every);
    }

    private void beat(Runnable renew, Duration every) {
        try {
            while (!done.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    renew.run();
                } catch (RuntimeException e) {
                    // the next beat tries again; the mail itself goes on either way
                    LOG.warn("cannot renew the claim of the alerts being mailed: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops renewing and waits for a renewal under way, so none lands after the mail was recorded. */
    @Override
    public void close() {
        done.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
