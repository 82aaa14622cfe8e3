package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.collect.ssh.FailureClassifier.Stage;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHRuntimeException;

/**
 * Polls hosts over SSH with sshj: one connection per poll, public-key authentication, strict known_hosts checking
 * (or trust on first use), every command on its own channel. Time is bounded by connect_timeout, command_timeout
 * and a per-poll deadline enforced by one shared watchdog; output by max_output. Thread-safe: one instance serves
 * every concurrent poll, sharing the sshj configuration, parsed keys and known_hosts.
 */
public final class SshjCollector implements Collector {

    private final SshOptions options;
    private final Config config = new FleetSshConfig();
    private final KnownHostsFile knownHosts;
    private final IdentityKeys identities;
    private final Watchdog watchdog = new Watchdog();
    private final ExecutorService io = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("fleetdiff-ssh-io-", 0).daemon().factory());
    private final AtomicBoolean closed = new AtomicBoolean();

    public SshjCollector(SshOptions options) {
        this.options = options;
        this.knownHosts = new KnownHostsFile(options.knownHosts());
        this.identities = new IdentityKeys(config, options.env());
    }

    /** A collector with the default keep-alive; {@code env} looks up passphrase variables (normally System::getenv). */
    public SshjCollector(Path knownHosts, HostKeyPolicy policy, Function<String, String> env) {
        this(new SshOptions(knownHosts, policy, env));
    }

    @Override
    public HostPoll poll(Host host, List<Command> commands) {
        Instant started = Instant.now();
        if (closed.get()) {
            return HostPoll.failed(host.name(), started, new HostFailure(HostFailure.Kind.LOCAL, "the collector is closed"));
        }
        if (host.jump().isPresent()) {
            return HostPoll.failed(host.name(), started, new HostFailure(HostFailure.Kind.LOCAL,
                    "jump hosts are not supported yet (host " + host.name() + " has jump: " + host.jump().get()
                            + "); remove jump or poll the host from a machine that reaches it directly"));
        }
        IdentityKeys.Identity identity;
        try {
            identity = identities.load(host.identity(), host.identityPassphraseEnv());
        } catch (PollFailedException e) {
            return HostPoll.failed(host.name(), started, e.failure());
        }
        PollSocket socket = new PollSocket();
        SSHClient client = newClient(host, socket);
        HostKeyCheck hostKey = new HostKeyCheck(knownHosts, options.hostKeyPolicy(), host.address(), host.port());
        client.addHostKeyVerifier(hostKey);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.after(host.pollDeadline(), () -> {
            expired.set(true);
            socket.close();
        });
        Stage stage = Stage.CONNECT;
        try {
            client.connect(host.address(), host.port());
            stage = Stage.AUTHENTICATE;
            client.authPublickey(host.user(), identity.provider());
            stage = Stage.COMMANDS;
            client.getSocket().setSoTimeout(millis(options.idleTimeout()));
            Optional<List<CommandResult>> results = runAll(client, host, commands, expired);
            return results.map(list -> new HostPoll(host.name(), started, Instant.now(), Optional.empty(), list))
                    .orElseGet(() -> HostPoll.failed(host.name(), started, FailureClassifier.deadline(host)));
        } catch (IOException | SSHRuntimeException | IllegalStateException e) {
            // sshj throws IllegalStateException("Not connected") when the transport died between two calls
            return HostPoll.failed(host.name(), started, failure(e, stage, host, identity, hostKey, expired.get()));
        } finally {
            disconnect(client);
            deadline.cancel(false);
        }
    }

    private static HostFailure failure(Exception e, Stage stage, Host host, IdentityKeys.Identity identity,
                                       HostKeyCheck hostKey, boolean expired) {
        if (expired) {
            return FailureClassifier.deadline(host);
        }
        return hostKey.refusal().orElseGet(() -> FailureClassifier.classify(e, stage, host, identity));
    }

    /** The results in order, or empty if the deadline passed before every command had run. */
    private Optional<List<CommandResult>> runAll(SSHClient client, Host host, List<Command> commands, AtomicBoolean expired)
            throws IOException {
        RemoteCommand runner = new RemoteCommand(client, host, watchdog, io);
        List<CommandResult> results = new ArrayList<>(commands.size());
        for (Command command : commands) {
            if (expired.get()) {
                return Optional.empty();
            }
            results.add(runner.run(command));
        }
        return Optional.of(results);
    }

    private SSHClient newClient(Host host, PollSocket socket) {
        SSHClient client = new SSHClient(config);
        int connectMillis = millis(host.connectTimeout());
        client.setSocketFactory(socket);
        client.setConnectTimeout(connectMillis);
        client.setTimeout(connectMillis);
        client.getTransport().setTimeoutMs(connectMillis);
        client.getConnection().setTimeoutMs(connectMillis);
        KeepAliveRunner keepAlive = (KeepAliveRunner) client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(Math.toIntExact(options.keepAliveInterval().toSeconds()));
        keepAlive.setMaxAliveCount(options.keepAliveMaxMissed());
        return client;
    }

    private static void disconnect(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // the poll's outcome is decided; a failing goodbye changes nothing
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watchdog.close();
            io.shutdownNow();
        }
    }
}
