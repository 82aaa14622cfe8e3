package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.cli.Main;
import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OSSEC post's pipeline on real OpenSSH and a real grep, on a host that first listens only on 127.0.0.1: grep's
 * "no match" (exit 1, nothing printed) is an empty baseline, so the backdoor that opens next raises an alert.
 */
class GrepNoMatchIT {
    private static final String LOCAL_ONLY = "tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN\n";
    private static final String BACKDOOR = "tcp        0      0 0.0.0.0:4444            0.0.0.0:*               LISTEN\n";

    private static int pollAll(OpenSshFleet fleet) {
        return Main.execute("poll", "--all", "--config", fleet.hostsYaml().toString());
    }

    @Test
    void aHostListeningOnlyOnLoopbackIsAnEmptyBaselineAndTheFirstPublicListenerAlerts(@TempDir Path dir)
            throws Exception {
        Path netstat = dir.resolve("netstat.txt");
        Files.writeString(netstat, LOCAL_ONLY);
        String pipeline = "cat " + netstat + " |grep LISTEN|grep -v 127.0.0.1";
        try (OpenSshFleet fleet = OpenSshFleet.start(dir.resolve("fleet"), 1, "--command", "ports=" + pipeline)) {
            assertThat(pollAll(fleet)).as("grep found nothing: an empty output, not a failure").isZero();
            assertThat(pollAll(fleet)).as("still nothing").isZero();
            assertThat(LoggedAlert.readAll(fleet.alertsLog())).isEmpty();

            Files.writeString(netstat, LOCAL_ONLY + BACKDOOR);
            assertThat(pollAll(fleet)).as("a public listener appeared").isEqualTo(1);

            assertThat(LoggedAlert.readAll(fleet.alertsLog())).singleElement().satisfies(alert -> {
                assertThat(alert.host()).isEqualTo("sim0001");
                assertThat(alert.output()).isEqualTo(BACKDOOR);
                assertThat(alert.previousOutput()).isEmpty();
                assertThat(alert.diff()).contains("+" + BACKDOOR.strip());
            });
        }
    }
}
