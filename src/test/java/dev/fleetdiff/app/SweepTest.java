package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.HostileServer;
import dev.fleetdiff.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on the path of {@code poll --all} (the daemon runs the same collector on its own virtual threads): servers
 * that flood their version exchange as fast as they can cost only themselves, while every healthy host is polled.
 */
@Timeout(120)
class SweepTest {
    private static final int HEALTHY_HOSTS = 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** Scheduling slack on a loaded machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final List<FakeHost> healthy = new ArrayList<>();
    private final Map<String, HostileServer> hostile = new LinkedHashMap<>();

    @AfterEach
    void stop() {
        healthy.forEach(FakeHost::close);
        hostile.values().forEach(HostileServer::close);
    }

    @Test
    void healthyHostsArePolledWhileServersFloodTheirVersionExchange() throws Exception {
        ClientKey key = ClientKey.ed25519(dir);
        StringBuilder hosts = new StringBuilder();
        for (int i = 1; i <= HEALTHY_HOSTS; i++) {
            FakeHost fake = FakeHost.start(key.publicKey()).reply("uname -r", Reply.ok("6.1.0\n"));
            healthy.add(fake.addTo(dir.resolve("known_hosts")));
            hosts.append(entry("web%02d".formatted(i), fake.port()));
        }
        hostile.put("lines1", HostileServer.start(HostileServer.endlessLines()));
        hostile.put("lines2", HostileServer.start(HostileServer.endlessLines()));
        hostile.put("endless-line", HostileServer.start(HostileServer.endlessLine()));
        hostile.put("garbage", HostileServer.start(HostileServer.versionThenGarbage()));
        hostile.forEach((name, server) -> hosts.append(entry(name, server.port())));
        Path config = dir.resolve("hosts.yaml");
        Files.writeString(config, """
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                defaults:
                  user: audit
                  identity: %s
                  connect_timeout: %ds
                  command_timeout: %ds
                commands:
                  kernel: { run: "uname -r" }
                groups:
                  fleet:
                    commands: [kernel]
                    hosts:
                %s""".formatted(key.privateKeyFile(), CONNECT_TIMEOUT.toSeconds(), COMMAND_TIMEOUT.toSeconds(), hosts));

        SweepReport report;
        try (Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(config))) {
            assertThat(app.poll(new Selection(List.of("web01"), List.of(), false, Optional.empty()), false, outcome -> { })
                    .hosts()).as("a first poll warms the JVM up").allMatch(outcome -> !outcome.failed());
            report = app.poll(new Selection(List.of(), List.of(), true, Optional.empty()), false, outcome -> { });
        }

        Map<String, HostOutcome> byHost = report.hosts().stream()
                .collect(Collectors.toMap(HostOutcome::host, Function.identity()));
        System.out.printf("SweepTest: %d healthy and %d flooding hosts in %d ms%n", HEALTHY_HOSTS, hostile.size(),
                report.took().toMillis());
        assertThat(report.hosts()).filteredOn(outcome -> outcome.host().startsWith("web"))
                .hasSize(HEALTHY_HOSTS).allSatisfy(outcome -> assertThat(outcome.failureReason()).isEmpty());
        for (String name : hostile.keySet()) {
            HostOutcome outcome = byHost.get(name);
            assertThat(outcome.poll().failure()).as(name).map(HostFailure::kind).contains(HostFailure.Kind.CONNECTION_LOST);
            assertThat(Duration.between(outcome.poll().started(), outcome.poll().ended())).as(name)
                    .isLessThan(CONNECT_TIMEOUT);
        }
        assertThat(report.took()).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
    }

    private static String entry(String name, int port) {
        return "      - { name: %s, address: %s, port: %d }\n".formatted(name, FakeHost.ADDRESS, port);
    }
}
