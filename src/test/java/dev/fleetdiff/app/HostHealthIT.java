package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.cli.Main;
import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.OpenSshFleet;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose sshd goes away on a real OpenSSH fleet: three failed polls raise one failing alert, by mail and in
 * alerts.jsonl; ten more raise nothing; the first good poll after it raises one recovered alert.
 */
class HostHealthIT {
    private static final int FAILING = 199002;
    private static final int RECOVERED = 199004;

    private static int pollAll(OpenSshFleet fleet) {
        return Main.execute("poll", "--all", "--config", fleet.hostsYaml().toString());
    }

    private static List<Integer> rules(OpenSshFleet fleet, String host) {
        return LoggedAlert.readAll(fleet.alertsLog()).stream().filter(a -> a.host().equals(host))
                .map(LoggedAlert::ruleId).toList();
    }

    private static List<String> subjects(GreenMail smtp) {
        return Arrays.stream(smtp.getReceivedMessages()).map(HostHealthIT::subject).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDownHostAlertsOnceWhenItFailsAndOnceWhenItRecovers(@TempDir Path dir) throws Exception {
        int smtpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtpPort = probe.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (OpenSshFleet fleet = OpenSshFleet.start(dir, 2, "--command", "kernel=uname -sr")) {
            String yaml = Files.readString(fleet.hostsYaml());
            Files.writeString(fleet.hostsYaml(), yaml.replaceFirst("settings:\n", """
                    settings:
                      mail:
                        smtp_host: 127.0.0.1
                        smtp_port: %d
                        tls: none
                        from: fleetdiff@example.com
                        to: [secops@example.com]
                        batch_window: 0s
                    """.formatted(smtpPort)));
            assertThat(pollAll(fleet)).as("baseline").isZero();

            fleet.mark("sim0002", "down");
            for (int i = 0; i < 3; i++) {
                assertThat(pollAll(fleet)).isEqualTo(3);
            }
            assertThat(rules(fleet, "sim0002")).containsExactly(FAILING);
            assertThat(subjects(smtp)).singleElement().asString().contains("sim0002").contains("Level 10");

            for (int i = 0; i < 10; i++) {
                pollAll(fleet);
            }
            assertThat(rules(fleet, "sim0002")).as("one alert per episode, not one per poll").containsExactly(FAILING);
            assertThat(subjects(smtp)).hasSize(1);

            fleet.mark("sim0002", "ok");
            assertThat(pollAll(fleet)).isZero();
            pollAll(fleet);
            assertThat(rules(fleet, "sim0002")).containsExactly(FAILING, RECOVERED);
            assertThat(subjects(smtp)).hasSize(2).last().asString().contains("sim0002").contains("succeed again");
            assertThat(rules(fleet, "sim0001")).as("the healthy host raised nothing").isEmpty();
        } finally {
            smtp.stop();
        }
    }
}
