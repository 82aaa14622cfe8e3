package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Polls through a jump host: the tunnel, and failures that name the bastion. */
@Timeout(60)
class SshjCollectorJumpTest {

    private static final Command UPTIME = Command.of("uptime", "uptime");

    @TempDir
    Path dir;

    private ClientKey key;
    private FakeHost target;
    private FakeHost bastion;
    private Path knownHosts;
    private SshjCollector collector;

    @BeforeEach
    void start() {
        key = ClientKey.ed25519(dir);
        target = FakeHost.start(key.publicKey()).reply("uptime", Reply.ok("up 9 days\n"));
        bastion = FakeHost.start(FakeHost.Setup.DEFAULT.asJumpHost(), key.publicKey());
        knownHosts = dir.resolve("known_hosts");
        target.addTo(knownHosts);
        bastion.addTo(knownHosts);
        collector = new SshjCollector(knownHosts, HostKeyPolicy.STRICT, Map.<String, String>of()::get);
    }

    @AfterEach
    void stop() {
        collector.close();
        target.close();
        bastion.close();
    }

    @Test
    void pollsTheHostThroughTheBastion() {
        HostPoll poll = collector.poll(through(bastion.port()), List.of(UPTIME));

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results().get(0).output()).isEqualTo("up 9 days\n");
        assertThat(bastion.forwarded()).containsExactly("127.0.0.1:" + target.port());
        assertThat(bastion.executed()).isEmpty();
        assertThat(target.executed()).containsExactly("uptime");
    }

    @Test
    void aChangedBastionKeyIsRefusedNamingTheBastionAndTheHostIsNeverReached() throws IOException {
        PublicKey oldKey = FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519).getPublic();
        Files.writeString(knownHosts, target.knownHostsLine() + "\n" + bastion.knownHostsLine(oldKey) + "\n");

        HostPoll poll = collector.poll(through(bastion.port()), List.of(UPTIME));

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.HOST_KEY_CHANGED);
            assertThat(failure.message()).startsWith("jump host audit@127.0.0.1:" + bastion.port()
                    + ": HOST KEY CHANGED for [127.0.0.1]:" + bastion.port());
        });
        assertThat(bastion.forwarded()).isEmpty();
        assertThat(target.connections()).isZero();
    }

    @Test
    void theHostKeyIsStillCheckedStrictlyThroughAWorkingBastion() throws IOException {
        PublicKey oldKey = FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519).getPublic();
        Files.writeString(knownHosts, target.knownHostsLine(oldKey) + "\n" + bastion.knownHostsLine() + "\n");

        HostPoll poll = collector.poll(through(bastion.port()), List.of(UPTIME));

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.HOST_KEY_CHANGED);
            assertThat(failure.message()).startsWith("HOST KEY CHANGED for [127.0.0.1]:" + target.port());
        });
        assertThat(bastion.forwarded()).as("the tunnel was opened").hasSize(1);
        assertThat(target.executed()).as("nothing was sent to a host with the wrong key").isEmpty();
    }

    @Test
    void aBastionThatIsDownIsRefusedNamingTheJumpHost() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        HostPoll poll = collector.poll(through(closedPort), List.of(UPTIME));

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.CONNECTION_REFUSED);
            assertThat(failure.message()).startsWith("jump host audit@127.0.0.1:" + closedPort
                    + ": connection to 127.0.0.1:" + closedPort + " refused");
        });
        assertThat(target.connections()).isZero();
    }

    @Test
    void aBastionThatRefusesForwardingIsNamedWithWhatToCheck() {
        try (FakeHost noForwarding = FakeHost.start(key.publicKey())) {
            noForwarding.addTo(knownHosts);

            HostPoll poll = collector.poll(through(noForwarding.port()), List.of(UPTIME));

            assertThat(poll.failure()).hasValueSatisfying(failure -> assertThat(failure.message())
                    .startsWith("jump host audit@127.0.0.1:" + noForwarding.port() + " could not open a connection to "
                            + "127.0.0.1:" + target.port())
                    .contains("AllowTcpForwarding"));
            assertThat(target.connections()).isZero();
        }
    }

    @Test
    void theJumpSpecUserLogsInToTheBastionAndTheHostUserToTheHost() {
        Host host = HostVariants.jump(target.asHost("db1", key.privateKeyFile(), "uptime"),
                "bastion-user@127.0.0.1:" + bastion.port());

        HostPoll poll = collector.poll(host, List.of(UPTIME));

        assertThat(poll.failure()).isEmpty();
        assertThat(bastion.users()).containsExactly("bastion-user");
        assertThat(target.users()).containsExactly("audit");
    }

    private Host through(int bastionPort) {
        return HostVariants.jump(target.asHost("db1", key.privateKeyFile(), "uptime"), "audit@127.0.0.1:" + bastionPort);
    }
}
