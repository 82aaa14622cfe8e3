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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts: strict checking, trust on first use, changed and revoked keys, hashed and RSA entries. */
@Timeout(60)
class SshjCollectorHostKeyTest {

    private static final Command UPTIME = Command.of("uptime", "uptime");

    @TempDir
    Path dir;

    private ClientKey key;
    private FakeHost fake;
    private Path knownHosts;

    @BeforeEach
    void start() {
        key = ClientKey.ed25519(dir);
        fake = FakeHost.start(key.publicKey()).reply("uptime", Reply.ok("up 3 days\n"));
        knownHosts = dir.resolve("ssh").resolve("known_hosts");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void strictRefusesAnUnknownHostAndSaysHowToTrustIt() {
        HostPoll poll = poll(fake, HostKeyPolicy.STRICT);

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.HOST_KEY_UNKNOWN);
            assertThat(failure.message())
                    .contains("[127.0.0.1]:" + fake.port())
                    .contains("ssh-ed25519 " + KeyUtils.getFingerPrint(fake.hostKey()))
                    .contains("ssh-keyscan -p " + fake.port() + " 127.0.0.1")
                    .contains("host_key_policy: accept-new");
        });
        assertThat(fake.executed()).isEmpty();
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void aChangedKeyIsRefusedUnderEveryPolicyAndKnownHostsIsLeftAlone() throws IOException {
        PublicKey oldKey = FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519).getPublic();
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, "# fleet hosts\n" + fake.knownHostsLine(oldKey) + "\n");
        byte[] before = Files.readAllBytes(knownHosts);

        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            HostPoll poll = poll(fake, policy);

            assertThat(poll.failure()).hasValueSatisfying(failure -> {
                assertThat(failure.kind()).isEqualTo(HostFailure.Kind.HOST_KEY_CHANGED);
                assertThat(failure.message())
                        .contains("HOST KEY CHANGED for [127.0.0.1]:" + fake.port())
                        .contains(knownHosts.toAbsolutePath() + " line 2 expects ssh-ed25519 " + KeyUtils.getFingerPrint(oldKey))
                        .contains("presented ssh-ed25519 " + KeyUtils.getFingerPrint(fake.hostKey()))
                        .contains("remove line 2 from " + knownHosts.toAbsolutePath());
            });
        }
        assertThat(Files.readAllBytes(knownHosts)).isEqualTo(before);
        assertThat(fake.executed()).isEmpty();
    }

    @Test
    void acceptNewAppendsExactlyOneLineAndLaterPollsPassStrictly() throws IOException {
        assertThat(poll(fake, HostKeyPolicy.ACCEPT_NEW).ok()).isTrue();
        assertThat(poll(fake, HostKeyPolicy.ACCEPT_NEW).ok()).isTrue();

        assertThat(Files.readAllLines(knownHosts)).containsExactly(fake.knownHostsLine());
        HostPoll strict = poll(fake, HostKeyPolicy.STRICT);
        assertThat(strict.failure()).isEmpty();
        assertThat(strict.results().get(0).output()).isEqualTo("up 3 days\n");
    }

    @Test
    void acceptNewAddsALineAfterOneWithoutTrailingNewline() throws IOException {
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, "# no newline at the end");

        assertThat(poll(fake, HostKeyPolicy.ACCEPT_NEW).ok()).isTrue();

        assertThat(Files.readAllLines(knownHosts)).containsExactly("# no newline at the end", fake.knownHostsLine());
    }

    @Test
    void matchesHashedEntriesWrittenBySshKeygen() throws Exception {
        Files.createDirectories(knownHosts.getParent());
        fake.addTo(knownHosts);
        Process hash = new ProcessBuilder("/usr/bin/ssh-keygen", "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true).start();
        assertThat(hash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(hash.exitValue()).isZero();
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");

        assertThat(poll(fake, HostKeyPolicy.STRICT).failure()).isEmpty();
    }

    @Test
    void aRevokedKeyIsRefusedEvenIfAnotherLineTrustsIt() throws IOException {
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, fake.knownHostsLine() + "\n@revoked " + fake.knownHostsLine() + "\n");

        HostPoll poll = poll(fake, HostKeyPolicy.ACCEPT_NEW);

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.HOST_KEY_CHANGED);
            assertThat(failure.message()).contains("revoked").contains("line 2");
        });
    }

    @Test
    void trustsAnRsaHostKeySignedWithSha2() {
        try (FakeHost rsaHost = FakeHost.start(FakeHost.HostKeyType.RSA, key.publicKey())) {
            rsaHost.reply("uptime", Reply.ok("rsa host\n"));
            rsaHost.addTo(dir.resolve("rsa_known_hosts"));
            try (SshjCollector collector = new SshjCollector(dir.resolve("rsa_known_hosts"), HostKeyPolicy.STRICT, Map.<String, String>of()::get)) {
                HostPoll poll = collector.poll(rsaHost.asHost("rsa", key.privateKeyFile()), List.of(UPTIME));

                assertThat(poll.failure()).isEmpty();
                assertThat(poll.results().get(0).output()).isEqualTo("rsa host\n");
            }
        }
    }

    @Test
    void fiftyConcurrentFirstPollsOfTenHostsAddEachHostOnce() throws Exception {
        List<FakeHost> hosts = new ArrayList<>();
        try (SshjCollector collector = new SshjCollector(knownHosts, HostKeyPolicy.ACCEPT_NEW, Map.<String, String>of()::get);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                hosts.add(FakeHost.start(key.publicKey()).reply("uptime", Reply.ok("host " + i + "\n")));
            }
            List<Future<HostPoll>> polls = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < hosts.size(); i++) {
                    Host host = HostVariants.timeouts(hosts.get(i).asHost("host" + i, key.privateKeyFile()),
                            Duration.ofSeconds(20), Duration.ofSeconds(20));
                    polls.add(threads.submit(() -> collector.poll(host, List.of(UPTIME, UPTIME))));
                }
            }
            for (int i = 0; i < polls.size(); i++) {
                HostPoll poll = polls.get(i).get(60, TimeUnit.SECONDS);
                assertThat(poll.failure()).as(poll.host()).isEmpty();
                assertThat(poll.results()).extracting(r -> r.output()).containsOnly("host " + (i % 10) + "\n");
            }
            assertThat(Files.readAllLines(knownHosts))
                    .containsExactlyInAnyOrderElementsOf(hosts.stream().map(FakeHost::knownHostsLine).toList());
        } finally {
            hosts.forEach(FakeHost::close);
        }
    }

    private HostPoll poll(FakeHost target, HostKeyPolicy policy) {
        try (SshjCollector collector = new SshjCollector(knownHosts, policy, Map.<String, String>of()::get)) {
            return collector.poll(target.asHost("web1", key.privateKeyFile()), List.of(UPTIME));
        }
    }
}
