package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.config.Settings;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** connects_per_address and polls_per_jump_host hold under many concurrent polls, seen from the servers. */
@Timeout(120)
class SshjCollectorLimitsTest {

    private static final Command UPTIME = Command.of("uptime", "uptime");

    @TempDir
    Path dir;

    private ClientKey key;
    private Path knownHosts;

    @BeforeEach
    void key() {
        key = ClientKey.ed25519(dir);
        knownHosts = dir.resolve("known_hosts");
    }

    @Test
    void neverMoreUnauthenticatedConnectionsToOneAddressThanConnectsPerAddress() throws Exception {
        // 4, well under the 10 seen at once here without the limit, so that removing the limit fails this test
        SshOptions options = options().withLimits(4, Settings.DEFAULT_POLLS_PER_JUMP_HOST);
        try (FakeHost slow = FakeHost.start(FakeHost.Setup.DEFAULT.authDelay(Duration.ofMillis(100)), key.publicKey());
             SshjCollector collector = new SshjCollector(options)) {
            slow.addTo(knownHosts).reply("uptime", Reply.ok("up\n"));
            Host host = HostVariants.timeouts(slow.asHost("h", key.privateKeyFile(), "uptime"),
                    Duration.ofSeconds(30), Duration.ofSeconds(10));

            List<HostPoll> polls = pollAtOnce(collector, host, 40);

            assertThat(polls).allSatisfy(poll -> assertThat(poll.failure()).as(poll.host()).isEmpty());
            assertThat(slow.connections()).isEqualTo(40);
            assertThat(slow.maxUnauthenticatedAtOnce()).isBetween(2, 4);
        }
    }

    @Test
    void neverMorePollsThroughOneBastionThanPollsPerJumpHost() throws Exception {
        SshOptions options = options().withLimits(Settings.DEFAULT_CONNECTS_PER_ADDRESS, 10);
        try (FakeHost bastion = FakeHost.start(FakeHost.Setup.DEFAULT.asJumpHost(), key.publicKey());
             FakeHost target = FakeHost.start(key.publicKey());
             SshjCollector collector = new SshjCollector(options)) {
            bastion.addTo(knownHosts);
            target.addTo(knownHosts).reply("uptime", Reply.ok("up\n").after(Duration.ofMillis(200)));
            Host host = HostVariants.timeouts(HostVariants.jump(target.asHost("h", key.privateKeyFile(), "uptime"),
                    "audit@127.0.0.1:" + bastion.port()), Duration.ofSeconds(30), Duration.ofSeconds(10));

            List<HostPoll> polls = pollAtOnce(collector, host, 30);

            assertThat(polls).allSatisfy(poll -> {
                assertThat(poll.failure()).as(poll.host()).isEmpty();
                assertThat(poll.results().get(0).output()).isEqualTo("up\n");
            });
            assertThat(bastion.forwarded()).hasSize(30);
            assertThat(bastion.maxAuthenticatedAtOnce()).isBetween(2, 10);
        }
    }

    @Test
    void aPollThatCannotGetAConnectSlotBeforeItsDeadlineSaysSo() throws Exception {
        SshOptions options = options().withLimits(1, Settings.DEFAULT_POLLS_PER_JUMP_HOST);
        try (FakeHost slow = FakeHost.start(FakeHost.Setup.DEFAULT.authDelay(Duration.ofMillis(1500)), key.publicKey());
             SshjCollector collector = new SshjCollector(options);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            slow.addTo(knownHosts).reply("uptime", Reply.ok("up\n"));
            Host patient = HostVariants.timeouts(slow.asHost("patient", key.privateKeyFile(), "uptime"),
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
            Host hurried = HostVariants.timeouts(HostVariants.name(patient, "hurried"),
                    Duration.ofMillis(200), Duration.ofMillis(200));

            Future<HostPoll> first = threads.submit(() -> collector.poll(patient, List.of(UPTIME)));
            for (int i = 0; i < 100 && slow.connections() == 0; i++) {
                Thread.sleep(20);
            }
            HostPoll second = collector.poll(hurried, List.of(UPTIME));

            assertThat(second.failure()).hasValueSatisfying(failure -> {
                assertThat(failure.kind()).isEqualTo(HostFailure.Kind.DEADLINE);
                assertThat(failure.message()).contains("poll of hurried timed out after its deadline of 600ms waiting for "
                        + "a connection slot to 127.0.0.1:" + slow.port() + " (connects_per_address: 1");
            });
            assertThat(first.get(30, TimeUnit.SECONDS).failure()).isEmpty();
            assertThat(slow.connections()).isEqualTo(1);
        }
    }

    private SshOptions options() {
        return new SshOptions(knownHosts, HostKeyPolicy.STRICT, Map.<String, String>of()::get);
    }

    /** {@code count} polls of copies of {@code host} named h0, h1, ..., all started at once. */
    private static List<HostPoll> pollAtOnce(SshjCollector collector, Host host, int count) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HostPoll>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Host copy = HostVariants.name(host, "h" + i);
                futures.add(threads.submit(() -> collector.poll(copy, List.of(UPTIME))));
            }
            List<HostPoll> polls = new ArrayList<>();
            for (Future<HostPoll> future : futures) {
                polls.add(future.get(90, TimeUnit.SECONDS));
            }
            return polls;
        }
    }
}
