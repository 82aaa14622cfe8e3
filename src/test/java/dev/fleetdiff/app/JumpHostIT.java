package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jump hosts on real OpenSSH: sim0001 forwards TCP (fleet-sim allows it there only), so a host polled through it
 * answers, while a host polled through sim0002, which refuses forwarding, fails naming that jump host.
 */
class JumpHostIT {
    private static final String KERNEL = "uname -sr";

    @Test
    void pollsThroughAnOpenSshJumpHostAndNamesAJumpHostThatRefusesToForward(@TempDir Path dir) throws Exception {
        try (OpenSshFleet fleet = OpenSshFleet.start(dir, 3, "--command", "kernel=" + KERNEL)) {
            fleet.setOutput("sim0002", KERNEL, "Linux 6.1.0-through-the-bastion\n");
            fleet.setOutput("sim0003", KERNEL, "Linux 6.1.0-never-reached\n");
            String yaml = Files.readString(fleet.hostsYaml());
            for (String[] hop : new String[][] {{"sim0002", "sim0001"}, {"sim0003", "sim0002"}}) {
                String entry = "address: " + fleet.address(hop[0]) + ", port: " + fleet.port();
                assertThat(yaml).contains(entry);
                yaml = yaml.replace(entry, entry + ", jump: \"" + fleet.address(hop[1]) + ":" + fleet.port() + "\"");
            }
            Files.writeString(fleet.hostsYaml(), yaml);

            try (Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(fleet.hostsYaml()))) {
                SweepReport report = app.poll(new Selection(List.of(), List.of(), true, Optional.empty()), false,
                        outcome -> { });
                Map<String, HostOutcome> byHost = report.hosts().stream()
                        .collect(Collectors.toMap(HostOutcome::host, Function.identity()));

                assertThat(byHost.get("sim0001").failed()).as("polled directly").isFalse();
                HostOutcome tunnelled = byHost.get("sim0002");
                assertThat(tunnelled.failureReason()).isEmpty();
                assertThat(tunnelled.commands()).singleElement().satisfies(c ->
                        assertThat(c.result().output()).isEqualTo("Linux 6.1.0-through-the-bastion\n"));
                assertThat(byHost.get("sim0003").failureReason()).get().asString()
                        .contains("jump host").contains(fleet.address("sim0002"));
            }
        }
    }
}
