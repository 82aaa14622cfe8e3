package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.inventory.Host;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;

/**
 * The connections of one poll: to the host, and first to its jump host if it has one. The watchdog may cut them
 * from its own thread at any time; closing the route ends both and gives back the poll's slot on the jump host.
 */
final class PollRoute implements AutoCloseable {

    private final Host host;
    private final Optional<JumpHost> jump;
    private final Duration budget;
    private final Instant deadline;
    private final PollSocket socket = new PollSocket();
    private final PollSocket jumpSocket = new PollSocket();
    private volatile SSHClient target;
    private volatile SSHClient bastion;
    private volatile KeyedPermits.Permit jumpSlot;

    PollRoute(Host host, Optional<JumpHost> jump, Instant started, Duration budget) {
        this.host = host;
        this.jump = jump;
        this.budget = budget;
        this.deadline = started.plus(budget);
    }

    Host host() {
        return host;
    }

    Optional<JumpHost> jump() {
        return jump;
    }

    /** The whole time this poll may take, from its start to its deadline. */
    Duration budget() {
        return budget;
    }

    /** Time left before the poll's deadline, zero once it has passed. */
    Duration timeLeft() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    PollSocket socket() {
        return socket;
    }

    PollSocket jumpSocket() {
        return jumpSocket;
    }

    void target(SSHClient client) {
        target = client;
    }

    void bastion(SSHClient client) {
        bastion = client;
    }

    void jumpSlot(KeyedPermits.Permit slot) {
        jumpSlot = slot;
    }

    /** The TCP socket the poll's bytes travel on: the bastion's when tunnelled, else the host's. */
    Socket wire() {
        SSHClient through = bastion;
        return through != null ? through.getSocket() : target.getSocket();
    }

    /** Fails every blocked read and write of the poll at once; safe from the watchdog thread. */
    void cut() {
        socket.close();
        jumpSocket.close();
    }

    @Override
    public void close() {
        disconnect(target);
        disconnect(bastion);
        KeyedPermits.Permit slot = jumpSlot;
        if (slot != null) {
            slot.close();
        }
    }

    private static void disconnect(SSHClient client) {
        if (client == null) {
            return;
        }
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // the poll's outcome is decided; a failing goodbye changes nothing
        }
    }
}
