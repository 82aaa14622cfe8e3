package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The usual start of a collector test, fresh for each test: a fake host already in known_hosts, a key it accepts
 * and a strict collector, all in a temporary folder. Use with {@code @RegisterExtension}.
 */
final class TrustedHost implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private ClientKey key;
    private FakeHost fake;
    private SshjCollector collector;
    private Host host;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("fleetdiff-ssh-test");
        key = ClientKey.ed25519(dir);
        fake = FakeHost.start(key.publicKey());
        fake.addTo(knownHosts());
        collector = new SshjCollector(knownHosts(), HostKeyPolicy.STRICT, Map.<String, String>of()::get);
        host = fake.asHost("web1", key.privateKeyFile());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        collector.close();
        fake.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    FakeHost fake() {
        return fake;
    }

    /** The client key the fake host accepts. */
    ClientKey key() {
        return key;
    }

    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** The fake host as inventory entry "web1", authenticating with the accepted key. */
    Host host() {
        return host;
    }

    /** Polls {@link #host()} with the commands. */
    HostPoll poll(Command... commands) {
        return collector.poll(host, List.of(commands));
    }

    /** Polls a variant of {@link #host()} with the commands. */
    HostPoll poll(Host variant, Command... commands) {
        return collector.poll(variant, List.of(commands));
    }
}
