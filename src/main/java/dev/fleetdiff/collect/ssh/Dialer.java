package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.ssh.FailureClassifier.Stage;
import dev.fleetdiff.inventory.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * Opens the authenticated connection of a poll, directly or through its jump host, within the collector's limits:
 * at most connects_per_address connections to one address:port between TCP connect and authentication, and at most
 * polls_per_jump_host polls through one bastion. Each connection must be logged in within the host's
 * connect_timeout, or the watchdog cuts the poll's route. Thread-safe; one per collector.
 */
final class Dialer {

    /** One way of connecting a fresh client: a TCP connect, or a tunnel through the bastion. */
    private interface Connect {
        /** Connects the client and returns what lifts its {@link HandshakeInput}'s bounds once it is logged in. */
        Runnable to(SSHClient client) throws IOException, PollFailedException;
    }

    private final Config config;
    private final SshOptions options;
    private final KnownHostsFile knownHosts;
    private final Watchdog watchdog;
    private final KeyedPermits connects;
    private final KeyedPermits jumpPolls;

    Dialer(Config config, SshOptions options, KnownHostsFile knownHosts, Watchdog watchdog) {
        this.config = config;
        this.options = options;
        this.knownHosts = knownHosts;
        this.watchdog = watchdog;
        this.connects = new KeyedPermits(options.connectsPerAddress());
        this.jumpPolls = new KeyedPermits(options.pollsPerJumpHost());
    }

    /** The poll's host, connected and authenticated; the route holds every connection made on the way. */
    SSHClient open(PollRoute route, IdentityKeys.Identity identity) throws PollFailedException {
        Host host = route.host();
        SSHClient bastion = null;
        if (route.jump().isPresent()) {
            JumpHost jump = route.jump().get();
            route.jumpSlot(await(jumpPolls, jump.key(), route, "a slot on jump host " + jump.label()
                    + " (polls_per_jump_host: " + jumpPolls.permitsPerKey() + " polls were running through it)"));
            bastion = newClient(host, route.jumpSocket());
            route.bastion(bastion);
            try {
                authenticate(bastion, jump.asHost(host), identity, route, c -> {
                    c.connect(jump.address(), jump.port());
                    return route.jumpSocket()::loggedIn;
                });
            } catch (PollFailedException e) {
                throw new PollFailedException(jump.named(e.failure()));
            }
        }
        SSHClient target = newClient(host, route.socket());
        route.target(target);
        SSHClient through = bastion;
        authenticate(target, host, identity, route, through == null
                ? c -> {
                    c.connect(host.address(), host.port());
                    return route.socket()::loggedIn;
                }
                : c -> {
                    DirectConnection tunnel = tunnel(through, route.jump().orElseThrow(), host);
                    HandshakeInput input = new HandshakeInput(tunnel.getInputStream());
                    c.connectVia(TunnelEnd.of(tunnel, input), host.address(), host.port());
                    return input::loggedIn;
                });
        return target;
    }

    /** Connects and authenticates one client while holding a connect permit for its address ("try": only held). */
    @SuppressWarnings("try")
    private void authenticate(SSHClient client, Host peer, IdentityKeys.Identity identity, PollRoute route,
                              Connect connect) throws PollFailedException {
        HostKeyCheck hostKey = new HostKeyCheck(knownHosts, options.hostKeyPolicy(), peer.address(), peer.port());
        client.addHostKeyVerifier(hostKey);
        String address = peer.address() + ":" + peer.port();
        try (KeyedPermits.Permit permit = await(connects, address, route, "a connection slot to " + address
                + " (connects_per_address: " + connects.permitsPerKey() + " connections were still authenticating)")) {
            AtomicBoolean late = new AtomicBoolean();
            ScheduledFuture<?> timer = watchdog.after(peer.connectTimeout(), () -> {
                late.set(true);
                route.cut();
            });
            Optional<HostFailure> failure = Optional.empty();
            Stage stage = Stage.CONNECT;
            try {
                Runnable loggedIn = connect.to(client);
                stage = Stage.AUTHENTICATE;
                client.auth(peer.user(), new SignedPublickey(identity.provider()));
                loggedIn.run();
            } catch (IOException | SSHRuntimeException | IllegalStateException e) {
                // sshj throws IllegalStateException("Not connected") when the transport died between two calls
                Stage reached = stage;
                failure = Optional.of(hostKey.refusal().orElseGet(() -> FailureClassifier.classify(e, reached, peer,
                        identity)));
            } catch (PollFailedException e) {
                failure = Optional.of(e.failure());
            } finally {
                timer.cancel(false);
            }
            if (late.get()) {
                // whatever broke, it broke because the timer cut the connection
                failure = Optional.of(FailureClassifier.connectTimeout(peer));
            }
            if (failure.isPresent()) {
                throw new PollFailedException(failure.get());
            }
        }
    }

    private static DirectConnection tunnel(SSHClient bastion, JumpHost jump, Host host)
            throws IOException, PollFailedException {
        try {
            return bastion.newDirectConnection(host.address(), host.port());
        } catch (OpenFailException e) {
            throw new PollFailedException(jump.forwardingFailed(e, host));
        } catch (IOException e) {
            // no answer to the channel open in time, or the bastion's connection died meanwhile
            throw new PollFailedException(jump.tunnelFailed(e, host));
        }
    }

    private static KeyedPermits.Permit await(KeyedPermits permits, String key, PollRoute route, String what)
            throws PollFailedException {
        Duration left = route.timeLeft();
        Optional<KeyedPermits.Permit> permit;
        try {
            permit = permits.acquire(key, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailedException(new HostFailure(HostFailure.Kind.LOCAL, "poll of " + route.host().name()
                    + " was interrupted while waiting for " + what));
        }
        return permit.orElseThrow(() -> new PollFailedException(FailureClassifier.waitedTooLong(route.host(), route.budget(), what)));
    }

    private SSHClient newClient(Host host, PollSocket socket) {
        SSHClient client = new SSHClient(config);
        int connectMillis = millis(host.connectTimeout());
        client.setSocketFactory(socket);
        client.setConnectTimeout(connectMillis);
        client.setTimeout(connectMillis);
        client.getTransport().setTimeoutMs(connectMillis);
        client.getConnection().setTimeoutMs(connectMillis);
        return client; // sshj's own keep-alive thread stays off (interval 0): KeepAlives does that job
    }

    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
