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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHRuntimeException;

/**
 * Polls hosts over SSH with sshj: one connection per poll (tunnelled through a second one to the jump host, if the
 * host has one), public-key authentication, strict known_hosts checking (or trust on first use), every command on
 * its own channel, opened together. Time is bounded by connect_timeout, command_timeout
 * and a per-poll deadline enforced by one shared watchdog; output by max_output. Thread-safe: one instance serves
 * every concurrent poll, sharing the sshj configuration, parsed keys and known_hosts.
 */
public final class SshjCollector implements Collector {

    /** How long a poll waits past its deadline for its connecting thread to give up, as a safety net. */
    static final Duration HANDSHAKE_GRACE = Duration.ofSeconds(5);
    /** Channels a poll opens at once: below OpenSSH's default MaxSessions of 10. */
    static final int CHANNELS_AT_ONCE = 8;

    private final Config config = new FleetSshConfig();
    private final IdentityKeys identities;
    private final Dialer dialer;
    private final Watchdog watchdog = new Watchdog();
    /**
     * Virtual threads for reading stderr and closing channels: with a poll's channels open at once, a platform thread
     * each would cost a stack per channel in flight (3,000 at 1,000 polls of 3 commands).
     */
    private final ExecutorService io = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("fleetdiff-ssh-io-", 0).factory());
    /**
     * Platform threads for connecting and logging in. A server that floods the handshake keeps its reader busy; on a
     * virtual thread that would hold a carrier the whole sweep shares, while the OS preempts a platform thread.
     */
    private final ExecutorService handshakes = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("fleetdiff-ssh-handshake-", 0).daemon().factory());
    private final KeepAlives keepAlives;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SshjCollector(SshOptions options) {
        this.keepAlives = new KeepAlives(watchdog, io, options.keepAliveInterval(), options.keepAliveMaxMissed());
        this.identities = new IdentityKeys(config, options.env());
        this.dialer = new Dialer(config, options, new KnownHostsFile(options.knownHosts()), watchdog);
    }

    /** A collector with the default keep-alive; {@code env} looks up passphrase variables (normally System::getenv). */
    public SshjCollector(Path knownHosts, HostKeyPolicy policy, Function<String, String> env) {
        this(new SshOptions(knownHosts, policy, env));
    }

    @Override
    @SuppressWarnings("try") // the keep-alive watch is only held while the commands run
    public HostPoll poll(Host host, List<Command> commands) {
        Instant started = Instant.now();
        if (closed.get()) {
            return HostPoll.failed(host.name(), started, new HostFailure(HostFailure.Kind.LOCAL, "the collector is closed"));
        }
        IdentityKeys.Identity identity;
        Optional<JumpHost> jump;
        try {
            identity = identities.load(host.identity(), host.identityPassphraseEnv());
            jump = jump(host);
        } catch (PollFailedException e) {
            return HostPoll.failed(host.name(), started, e.failure());
        }
        AtomicBoolean expired = new AtomicBoolean();
        Duration budget = host.pollDeadline(commands);
        PollRoute route = new PollRoute(host, jump, started, budget);
        ScheduledFuture<?> deadline = watchdog.after(budget, () -> {
            expired.set(true);
            route.cut();
        });
        try (route) {
            SSHClient client = open(route, identity);
            Optional<List<CommandResult>> results;
            try (KeepAlives.Watch alive = keepAlives.watch(client)) {
                results = runAll(client, host, commands, expired);
            }
            return results.map(list -> new HostPoll(host.name(), started, Instant.now(), Optional.empty(), list))
                    .orElseGet(() -> HostPoll.failed(host.name(), started, FailureClassifier.deadline(host, budget)));
        } catch (PollFailedException e) {
            boolean ownTimeout = e.failure().kind() == HostFailure.Kind.DEADLINE;
            return HostPoll.failed(host.name(), started,
                    expired.get() && !ownTimeout ? FailureClassifier.deadline(host, budget) : e.failure());
        } catch (IOException | SSHRuntimeException | IllegalStateException e) {
            // sshj throws IllegalStateException("Not connected") when the transport died between two calls
            return HostPoll.failed(host.name(), started, expired.get() ? FailureClassifier.deadline(host, budget)
                    : FailureClassifier.classify(e, Stage.COMMANDS, host, identity));
        } finally {
            deadline.cancel(false);
        }
    }

    /** The poll's authenticated connection, opened on a platform thread while the poll's own thread waits. */
    private SSHClient open(PollRoute route, IdentityKeys.Identity identity) throws PollFailedException {
        Host host = route.host();
        Future<SSHClient> opening;
        try {
            opening = handshakes.submit(() -> dialer.open(route, identity));
        } catch (RejectedExecutionException e) {
            throw new PollFailedException(new HostFailure(HostFailure.Kind.LOCAL, "the collector is closed"));
        }
        try {
            // the dialer's own timers end it by then; waiting longer would only hide a bug
            return opening.get(route.timeLeft().plus(HANDSHAKE_GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case PollFailedException failed -> throw failed;
                case RuntimeException unexpected -> throw unexpected;
                case Error error -> throw error;
                default -> throw new IllegalStateException("connecting to " + host.name() + " failed", e.getCause());
            }
        } catch (TimeoutException e) {
            route.cut();
            throw new PollFailedException(FailureClassifier.deadline(host, route.budget()));
        } catch (InterruptedException e) {
            route.cut();
            Thread.currentThread().interrupt();
            throw new PollFailedException(new HostFailure(HostFailure.Kind.LOCAL, "poll of " + host.name()
                    + " was interrupted while connecting"));
        }
    }

    private static Optional<JumpHost> jump(Host host) throws PollFailedException {
        try {
            return host.jump().map(spec -> JumpHost.of(spec, host));
        } catch (IllegalArgumentException e) {
            throw new PollFailedException(new HostFailure(HostFailure.Kind.LOCAL, e.getMessage()
                    + " (host " + host.name() + "); write jump: [user@]host[:port] in hosts.yaml"));
        }
    }

    /**
     * The results in order, or empty if the deadline passed before every command had run. The commands' channels are
     * opened at once, up to {@link #CHANNELS_AT_ONCE}, so a poll waits for one channel's round trips, not one per
     * command; a command whose channel the host refused (its MaxSessions) runs again once the others are done.
     */
    private Optional<List<CommandResult>> runAll(SSHClient client, Host host, List<Command> commands, AtomicBoolean expired)
            throws IOException {
        RemoteCommand runner = new RemoteCommand(client, host, watchdog, io);
        List<Optional<CommandResult>> firstTry = new ArrayList<>(commands.size());
        for (int from = 0; from < commands.size(); from += CHANNELS_AT_ONCE) {
            if (expired.get()) {
                return Optional.empty();
            }
            firstTry.addAll(ChannelBatch.run(commands.subList(from, Math.min(commands.size(), from + CHANNELS_AT_ONCE)),
                    runner::runIfChannel));
        }
        List<CommandResult> results = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            if (expired.get()) {
                return Optional.empty();
            }
            Optional<CommandResult> result = firstTry.get(i);
            results.add(result.isPresent() ? result.get() : runner.run(commands.get(i)));
        }
        return Optional.of(results);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watchdog.close();
            io.shutdownNow();
            handshakes.shutdownNow();
        }
    }
}
