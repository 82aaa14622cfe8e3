package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.cli.Main;
import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OSSEC post's scenario end to end on real OpenSSH, with the post's own rule (rules/local_rules.xml): a port opened
 * on a host raises one alert naming it.
 */
class OpenPortScenarioIT {
    /** The command line of the OSSEC post, which its rule 140123 matches. */
    private static final String PORTS = "netstat -tan |grep LISTEN";
    private static final String POST_RULE = "local_rules.xml";
    private static final String NETSTAT = """
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN
            tcp6       0      0 :::22                   :::*                    LISTEN
            """;
    private static final String PORT_8080 = "tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN\n";
    private static final String PORT_443 = "tcp        0      0 0.0.0.0:443             0.0.0.0:*               LISTEN\n";

    private static int pollAll(OpenSshFleet fleet) {
        return Main.execute("poll", "--all", "--config", fleet.hostsYaml().toString(),
                "--rules", fleet.dir().resolve("rules").toString());
    }

    /** The diff's added and removed lines, without the unified diff's file headers. */
    private static List<String> changedLines(String diff) {
        return Arrays.stream(diff.split("\n"))
                .filter(l -> (l.startsWith("+") && !l.startsWith("+++")) || (l.startsWith("-") && !l.startsWith("---")))
                .toList();
    }

    @Test
    void anOpenedPortRaisesExactlyOneAlertPerChangedHost(@TempDir Path dir) throws Exception {
        try (OpenSshFleet fleet = OpenSshFleet.start(dir, 2, "--command", "ports=" + PORTS)) {
            Path rules = Files.createDirectories(dir.resolve("rules"));
            Files.copy(OpenSshFleet.repositoryRoot().resolve("rules").resolve(POST_RULE), rules.resolve(POST_RULE));
            fleet.setOutputEverywhere(PORTS, NETSTAT);

            assertThat(pollAll(fleet)).as("first poll stores baselines").isZero();
            assertThat(pollAll(fleet)).as("nothing changed").isZero();
            assertThat(LoggedAlert.readAll(fleet.alertsLog())).isEmpty();

            fleet.setOutput("sim0002", PORTS, NETSTAT + PORT_8080);
            assertThat(pollAll(fleet)).as("a port was opened").isEqualTo(1);
            List<LoggedAlert> alerts = LoggedAlert.readAll(fleet.alertsLog());
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.host()).isEqualTo("sim0002");
                assertThat(alert.command()).isEqualTo("ports");
                assertThat(alert.fields()).containsEntry("command_line", PORTS)
                        .containsEntry("description", "Listened ports have changed.");
                assertThat(alert.ruleId()).isEqualTo(140123);
                assertThat(alert.level()).isEqualTo(7);
                assertThat(changedLines(alert.diff())).containsExactly("+" + PORT_8080.strip());
                assertThat(alert.output()).isEqualTo(NETSTAT + PORT_8080);
                assertThat(alert.previousOutput()).isEqualTo(NETSTAT);
            });

            assertThat(pollAll(fleet)).as("the port is still open: no change").isZero();
            assertThat(LoggedAlert.readAll(fleet.alertsLog())).hasSize(1);

            fleet.setOutput("sim0001", PORTS, NETSTAT + PORT_443);
            fleet.setOutput("sim0002", PORTS, NETSTAT + PORT_8080 + PORT_443);
            assertThat(pollAll(fleet)).as("a port was opened on both hosts").isEqualTo(1);
            List<LoggedAlert> both = LoggedAlert.readAll(fleet.alertsLog()).subList(1, 3);
            assertThat(both).extracting(LoggedAlert::host).containsExactlyInAnyOrder("sim0001", "sim0002");
            assertThat(both).allSatisfy(alert ->
                    assertThat(changedLines(alert.diff())).containsExactly("+" + PORT_443.strip()));
            assertThat(LoggedAlert.readAll(fleet.alertsLog())).hasSize(3);
        }
    }
}
