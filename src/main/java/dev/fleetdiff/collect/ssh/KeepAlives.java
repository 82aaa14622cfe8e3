package dev.fleetdiff.collect.ssh;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.transport.TransportException;

/**
 * Keep-alive for every connection of a collector, driven by the watchdog's one timer instead of sshj's platform
 * thread per connection, which every poll started and ended although most polls end before the first keep-alive is
 * due (at 1,000 polls in flight, 1,000 threads). Every interval a logged-in connection sends keepalive@openssh.com,
 * as OpenSSH's ServerAliveInterval does; one that leaves maxMissed of them unanswered is dropped as lost. The timer
 * only hands the send to a virtual thread: a host that stops reading may block that send, never the timer.
 * Thread-safe; one per collector.
 */
final class KeepAlives {

    private static final String REQUEST = "keepalive@openssh.com";

    private final Watchdog watchdog;
    private final Executor sender;
    private final Duration interval;
    private final int maxMissed;

    KeepAlives(Watchdog watchdog, Executor sender, Duration interval, int maxMissed) {
        this.watchdog = watchdog;
        this.sender = sender;
        this.interval = interval;
        this.maxMissed = maxMissed;
    }

    /** Keeps the logged-in {@code client} alive until the returned watch is closed. */
    Watch watch(SSHClient client) {
        Watch watch = new Watch(client);
        watch.ticks = watchdog.every(interval, watch::tick);
        return watch;
    }

    /** The keep-alive of one connection. */
    final class Watch implements AutoCloseable {

        private final SSHClient client;
        private final Queue<Promise<SSHPacket, ConnectionException>> unanswered = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();
        private volatile ScheduledFuture<?> ticks;

        private Watch(SSHClient client) {
            this.client = client;
        }

        /** On the timer: starts a send unless the last one is still blocked (that one counts as unanswered). */
        private void tick() {
            if (!sending.compareAndSet(false, true)) {
                return;
            }
            try {
                sender.execute(this::send);
            } catch (RejectedExecutionException e) {
                sending.set(false); // the collector is closing
            }
        }

        private void send() {
            try {
                if (!client.getTransport().isRunning()) {
                    close();
                    return;
                }
                for (Promise<SSHPacket, ConnectionException> oldest = unanswered.peek();
                     oldest != null && oldest.isFulfilled(); oldest = unanswered.peek()) {
                    unanswered.remove();
                }
                if (unanswered.size() >= maxMissed) {
                    close();
                    client.getTransport().die(new ConnectionException(DisconnectReason.CONNECTION_LOST, "no answer to "
                            + maxMissed + " keep-alives in " + UnitText.duration(interval.multipliedBy(maxMissed))));
                    return;
                }
                unanswered.add(client.getConnection().sendGlobalRequest(REQUEST, true, new byte[0]));
            } catch (TransportException | RuntimeException e) {
                // the connection is failing on its own; its reader reports why to the poll
                close();
            } finally {
                sending.set(false);
            }
        }

        @Override
        public void close() {
            ScheduledFuture<?> scheduled = ticks;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
