package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.ClientKey;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * settings.report through the outbox, across restarts (GreenMail): a fire time whose report could not be mailed
 * (SMTP down) is mailed once after a restart, once its retry is due; a restart within the same fire time mails nothing again; the next fire
 * time mails the next report. Every fire time, one mail.
 */
class ScheduledReportsTest {
    /** Every 15 minutes: fire times fall on the same instants in every time zone. */
    private static final String EVERY_15_MINUTES = "0 */15 * * * ?";
    private static final Instant FIRST_FIRE = Instant.parse("2026-11-30T10:15:00Z");

    @TempDir
    Path dir;

    private FleetConfig config(int smtpPort) throws Exception {
        ClientKey key = ClientKey.ed25519(dir);
        Files.writeString(dir.resolve("known_hosts"), "");
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, """
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                  mail:
                    smtp_host: 127.0.0.1
                    smtp_port: %d
                    tls: none
                    from: fleetdiff@example.com
                    to: [secops@example.com]
                    timeout: 2s
                  report:
                    schedule: "%s"
                    since: 1d
                    to: [audit@example.com]
                defaults:
                  identity: %s
                commands:
                  ports: { run: "netstat -tan" }
                groups:
                  web:
                    commands: [ports]
                    hosts: [web1]
                """.formatted(smtpPort, EVERY_15_MINUTES, key.privateKeyFile()));
        return YamlConfigLoader.load(file);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void oneMailPerFireTimeAcrossRestarts() throws Exception {
        int smtpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtpPort = probe.getLocalPort();
        }
        FleetConfig config = config(smtpPort);
        try (Fleetdiff down = Fleetdiff.open(config, at(FIRST_FIRE.plusSeconds(30)))) {
            assertThat(down.mailReports()).as("SMTP is down: queued, not mailed").isZero();
        }

        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            try (Fleetdiff restarted = Fleetdiff.open(config, at(FIRST_FIRE.plus(Duration.ofMinutes(2))))) {
                assertThat(restarted.mailReports()).isEqualTo(1);
                assertThat(restarted.mailReports()).isZero();
            }
            try (Fleetdiff again = Fleetdiff.open(config, at(FIRST_FIRE.plus(Duration.ofMinutes(5))))) {
                assertThat(again.mailReports()).as("same fire time after a restart").isZero();
            }
            try (Fleetdiff next = Fleetdiff.open(config, at(FIRST_FIRE.plus(Duration.ofMinutes(15)).plusSeconds(5)))) {
                assertThat(next.mailReports()).isEqualTo(1);
                assertThat(next.mailReports()).isZero();
            }

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(received[0].getSubject())
                    .isEqualTo("fleetdiff report 2026-11-29T10:15:00Z to 2026-11-30T10:15:00Z");
            assertThat(received[1].getSubject())
                    .isEqualTo("fleetdiff report 2026-11-29T10:30:00Z to 2026-11-30T10:30:00Z");
            assertThat(received[0].getAllRecipients()).extracting(Object::toString)
                    .containsExactly("audit@example.com");
            assertThat(received[0].getMessageID()).isEqualTo("<report-" + FIRST_FIRE.toEpochMilli() + "@fleetdiff>");
            String body = GreenMailUtil.getBody(received[0]);
            assertThat(body).contains("fleetdiff report 2026-11-29T10:15:00Z to 2026-11-30T10:15:00Z (1d)")
                    .contains("total").contains("web1");
        } finally {
            smtp.stop();
        }
    }
}
