package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.HostileServer;
import dev.fleetdiff.testing.Reply;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers that will not finish the SSH handshake: each costs at most connect_timeout and a little CPU, never the
 * poll's whole deadline, and is refused with a message that says which bound it broke.
 */
@Timeout(60)
class SshjCollectorHandshakeTest {

    private static final Command UPTIME = Command.of("uptime", "uptime");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Long enough that the poll deadline (2 x connect_timeout + command_timeout) is far from connect_timeout. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    /** Scheduling slack on a loaded machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    /** Client CPU one hostile server may cost: a small share of connect_timeout on one core. */
    private static final Duration MAX_CLIENT_CPU = Duration.ofMillis(700);

    @RegisterExtension
    final TrustedHost trusted = new TrustedHost();

    /** What a poll of a hostile server ended with, how long it took and the CPU the client spent on it. */
    private record Outcome(HostPoll poll, Duration took, Duration clientCpu) {
        HostFailure failure() {
            return poll.failure().orElseThrow(() -> new AssertionError("the poll succeeded: " + poll));
        }
    }

    private Outcome pollHostile(HostileServer.Behaviour behaviour) {
        assertThat(trusted.poll(UPTIME).failure()).as("a first poll warms the JVM up").isEmpty();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        HostPoll poll;
        Duration took;
        HostileServer server = HostileServer.start(behaviour);
        try (server) {
            long started = System.nanoTime();
            poll = trusted.poll(hostOn(server.port()), UPTIME);
            took = Duration.ofNanos(System.nanoTime() - started);
        }
        Duration clientCpu = Duration.ofNanos(os.getProcessCpuTime() - cpuBefore).minus(server.cpuTime());
        System.out.printf("%s: %s after %d ms, client CPU %d ms (server CPU %d ms)%n", getClass().getSimpleName(),
                poll.failure().map(HostFailure::kind).orElse(null), took.toMillis(), clientCpu.toMillis(),
                server.cpuTime().toMillis());
        return new Outcome(poll, took, clientCpu);
    }

    private Host hostOn(int port) {
        return HostVariants.timeouts(HostVariants.port(trusted.host(), port), CONNECT_TIMEOUT, COMMAND_TIMEOUT);
    }

    /** The poll failed at once, naming the bound the server broke, at little CPU cost. */
    private static void assertRefusedAtOnce(Outcome outcome, String why) {
        assertThat(outcome.failure().kind()).isEqualTo(HostFailure.Kind.CONNECTION_LOST);
        assertThat(outcome.failure().message()).contains(why).contains("check that port");
        assertThat(outcome.took()).isLessThan(CONNECT_TIMEOUT);
        assertThat(outcome.clientCpu()).isLessThan(MAX_CLIENT_CPU);
    }

    @Test
    void endlessLinesBeforeTheVersionAreRefusedAtTheLineLimitNotAtTheDeadline() {
        assertRefusedAtOnce(pollHostile(HostileServer.endlessLines()),
                "sent no SSH version line within its first 1024 lines");
    }

    @Test
    void aVersionLineAfter1025LinesIsRefused() {
        assertRefusedAtOnce(pollHostile(HostileServer.lines(1025, HostileServer.VERSION_LINE)),
                "sent no SSH version line within its first 1024 lines");
    }

    @Test
    void anEndlessLineBeforeTheVersionIsRefusedAfter8KiB() {
        assertRefusedAtOnce(pollHostile(HostileServer.endlessLine()),
                "sent a line of more than 8 KiB before its SSH version line");
    }

    @Test
    void aServerSendingOneByteASecondIsCutAtConnectTimeout() {
        Outcome outcome = pollHostile(HostileServer.trickle(Duration.ofSeconds(1)));

        assertThat(outcome.failure().kind()).isEqualTo(HostFailure.Kind.CONNECT_TIMEOUT);
        assertThat(outcome.failure().message()).contains("within connect_timeout (2s)");
        assertThat(outcome.took()).isGreaterThanOrEqualTo(CONNECT_TIMEOUT).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
        assertThat(outcome.clientCpu()).isLessThan(MAX_CLIENT_CPU);
    }

    @Test
    void endlessPacketsAfterAValidVersionLineAreCutLongBeforeConnectTimeout() {
        assertRefusedAtOnce(pollHostile(HostileServer.versionThenGarbage()), "sent more than 1 MiB before login was done");
    }

    @Test
    void aRealServerThatSendsTenBannerLinesBeforeItsVersionIsPolled() throws IOException {
        trusted.fake().reply("uptime", Reply.ok("up 3 days\n"));
        try (HostileServer banner = HostileServer.start(HostileServer.bannerBefore(trusted.fake().port(), 10))) {
            Files.writeString(trusted.knownHosts(), "[" + FakeHost.ADDRESS + "]:" + banner.port() + " "
                    + PublicKeyEntry.toString(trusted.fake().hostKey()) + "\n", StandardOpenOption.APPEND);

            HostPoll poll = trusted.poll(hostOn(banner.port()), UPTIME);

            assertThat(poll.failure()).isEmpty();
            assertThat(poll.results()).singleElement().satisfies(r -> assertThat(r.output()).isEqualTo("up 3 days\n"));
        }
    }

    @Test
    void aTunnelledHostIsHeldToTheSameBounds() {
        try (FakeHost bastion = FakeHost.start(FakeHost.Setup.DEFAULT.asJumpHost(), trusted.key().publicKey());
             HostileServer flood = HostileServer.start(HostileServer.endlessLines())) {
            bastion.addTo(trusted.knownHosts());
            Host host = HostVariants.jump(hostOn(flood.port()), FakeHost.ADDRESS + ":" + bastion.port());

            long started = System.nanoTime();
            HostPoll poll = trusted.poll(host, UPTIME);

            assertThat(poll.failure()).hasValueSatisfying(failure -> {
                assertThat(failure.kind()).isEqualTo(HostFailure.Kind.CONNECTION_LOST);
                assertThat(failure.message()).contains("no SSH version line within its first 1024 lines");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CONNECT_TIMEOUT.multipliedBy(2));
        }
    }
}
