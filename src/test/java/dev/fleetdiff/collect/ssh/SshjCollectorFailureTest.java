package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.testing.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hosts that cannot be polled: refused and silent ports, dead peers, stuck servers past the deadline. */
@Timeout(30)
class SshjCollectorFailureTest {

    private static final Command UPTIME = Command.of("uptime", "uptime");

    @RegisterExtension
    final TrustedHost trusted = new TrustedHost();

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        HostPoll poll = trusted.poll(HostVariants.port(trusted.host(), closedPort), UPTIME);

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.CONNECTION_REFUSED);
            assertThat(failure.message()).contains("127.0.0.1:" + closedPort + " refused");
        });
        assertThat(poll.results()).isEmpty();
    }

    @Test
    void aPortThatNeverSpeaksSshIsAConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Host quiet = HostVariants.timeouts(HostVariants.port(trusted.host(), silent.getLocalPort()),
                    Duration.ofMillis(500), Duration.ofSeconds(10));

            long started = System.nanoTime();
            HostPoll poll = trusted.poll(quiet, UPTIME);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(poll.failure()).map(HostFailure::kind).contains(HostFailure.Kind.CONNECT_TIMEOUT);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void keepAliveFindsADeadPeerLongBeforeTheDeadline() {
        trusted.fake().reply("uptime", Reply.freeze());
        Host frozen = HostVariants.timeouts(trusted.host(), Duration.ofSeconds(5), Duration.ofSeconds(60));
        SshOptions fastKeepAlive = new SshOptions(trusted.knownHosts(), HostKeyPolicy.STRICT, Map.<String, String>of()::get,
                Duration.ofSeconds(1), 2);

        long started = System.nanoTime();
        HostPoll poll;
        try (SshjCollector watching = new SshjCollector(fastKeepAlive)) {
            poll = watching.poll(frozen, List.of(UPTIME));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.CONNECTION_LOST);
            assertThat(failure.message()).contains("keep-alive");
        });
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aLiveHostSilentForSeveralKeepAliveIntervalsStaysConnectedWithoutAThreadOfItsOwn() throws InterruptedException {
        // keep-alive every second and 2 may go unanswered: a connection whose answers were not counted would be
        // dropped after about 2 s, long before this command, silent for 5 s, ends
        trusted.fake().reply("uptime", Reply.ok("up 5 s\n").after(Duration.ofSeconds(5)));
        SshOptions fastKeepAlive = new SshOptions(trusted.knownHosts(), HostKeyPolicy.STRICT, Map.<String, String>of()::get,
                Duration.ofSeconds(1), 2);
        Host patient = HostVariants.timeouts(trusted.host(), Duration.ofSeconds(5), Duration.ofSeconds(20));

        HostPoll poll;
        List<Thread> keepAliveThreads;
        try (SshjCollector watching = new SshjCollector(fastKeepAlive);
             var polling = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var result = polling.submit(() -> watching.poll(patient, List.of(UPTIME)));
            Thread.sleep(2_500);
            keepAliveThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t instanceof net.schmizz.keepalive.KeepAlive).toList();
            poll = result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        }

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results().getFirst().output()).isEqualTo("up 5 s\n");
        assertThat(keepAliveThreads).as("sshj's keep-alive thread per connection").isEmpty();
    }

    @Test
    void aHostThatIgnoresTheChannelCloseCostsOnlyTheCommandTimeoutAndTheNextCommandRuns() {
        // Real OpenSSH does not confirm a channel close while the command's process lives; the collector must not
        // wait for that confirmation, or one hung command would hold the whole poll until its deadline.
        trusted.fake().reply("uptime", Reply.ok("warm\n")).reply("hostname", Reply.ok("web1\n"));
        assertThat(trusted.poll(UPTIME).failure()).as("a first poll warms the JVM up").isEmpty();
        trusted.fake().reply("uptime", Reply.stuck().printing("partial\n"));
        Host stuck = HostVariants.timeouts(trusted.host(), Duration.ofMillis(1000), Duration.ofMillis(500));

        long started = System.nanoTime();
        List<Command> commands = List.of(UPTIME, Command.of("hostname", "hostname"));
        HostPoll poll = trusted.poll(stuck, commands.toArray(Command[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results()).extracting(r -> r.status()).containsExactly(
                dev.fleetdiff.collect.CommandResult.Status.TIMEOUT, dev.fleetdiff.collect.CommandResult.Status.OK);
        assertThat(poll.results().get(0).error()).hasValueSatisfying(e -> assertThat(e).contains("command_timeout"));
        assertThat(poll.results().get(1).output()).isEqualTo("web1\n");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(stuck.pollDeadline(commands));
    }
}
