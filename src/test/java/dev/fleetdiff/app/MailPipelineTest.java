package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Polls through to mail, end to end: the SMTP server is down when a change is detected, fleetdiff is restarted,
 * the server comes back, and exactly one mail arrives, in the notification layout of the OSSEC post.
 */
class MailPipelineTest {
    static final String COMMAND = "netstat -tan |grep LISTEN|grep -v 127.0.0.1";
    static final String PORTS = "tcp        0      0 0.0.0.0:25              0.0.0.0:*               LISTEN\n";
    static final String OPENED = "tcp        0      0 0.0.0.0:23456           0.0.0.0:*               LISTEN\n";

    @TempDir
    Path dir;

    /** The mail settings (unbatched, to secops@example.com over plain SMTP) and one host web1 running one command. */
    static String mailAndWeb1(int smtpPort, ClientKey key, String name, String command, int sshPort) {
        return """
                  mail:
                    smtp_host: 127.0.0.1
                    smtp_port: %d
                    tls: none
                    from: fleetdiff@example.com
                    to: [secops@example.com]
                    batch_window: 0s
                    timeout: 2s
                defaults:
                  identity: %s
                commands:
                  %s: { run: "%s" }
                groups:
                  web:
                    commands: [%s]
                    hosts:
                      - { name: web1, address: 127.0.0.1, port: %d }""".formatted(smtpPort, key.privateKeyFile(), name,
                command, name, sshPort);
    }

    @Test
    void aChangeDetectedWhileSmtpIsDownIsMailedOnceAfterARestart() throws Exception {
        int smtpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            smtpPort = probe.getLocalPort();
        }
        ClientKey key = ClientKey.ed25519(dir);
        try (FakeHost web1 = FakeHost.start(key.publicKey()).reply(COMMAND, Reply.ok(PORTS))) {
            web1.addTo(dir.resolve("known_hosts"));
            Path file = dir.resolve("hosts.yaml");
            Files.writeString(file, """
                    settings:
                      known_hosts: known_hosts
                      rules: %s
                    %s
                    """.formatted(Path.of("rules").toAbsolutePath(), mailAndWeb1(smtpPort, key, "netstat", COMMAND,
                    web1.port())));
            FleetConfig config = YamlConfigLoader.load(file);
            Selection all = new Selection(List.of(), List.of(), true, Optional.empty());
            Instant start = Instant.now();

            try (Fleetdiff app = Fleetdiff.open(config, Clock.fixed(start, ZoneOffset.UTC))) {
                assertThat(app.poll(all, false, h -> { }).changedCount()).isZero();
                web1.reply(COMMAND, Reply.ok(OPENED + PORTS));
                SweepReport changed = app.poll(all, false, h -> { });
                assertThat(changed.changedCount()).isEqualTo(1);
                assertThat(changed.mailError()).as("the sweep says the mail did not go").isPresent();
                assertThat(app.outbox()).contains(new OutboxCount("mail", 1, 1), new OutboxCount("log", 0, 0));
            }

            GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                Clock later = Clock.fixed(start.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
                try (Fleetdiff restarted = Fleetdiff.open(config, later)) {
                    assertThat(restarted.deliverPending(true).mails()).isEqualTo(1);
                    assertThat(restarted.deliverPending(true).mails()).isZero();
                    assertThat(restarted.poll(all, false, h -> { }).changedCount()).isZero();
                    assertThat(restarted.outbox()).contains(new OutboxCount("mail", 0, 0));
                }
                MimeMessage[] received = smtp.getReceivedMessages();
                assertThat(received).hasSize(1);
                assertThat(received[0].getSubject())
                        .isEqualTo("fleetdiff Alert - web1 - Level 7 - Listened ports have changed.");
                String body = GreenMailUtil.getBody(received[0]);
                assertThat(body).contains("Received From: web1->" + COMMAND)
                        .contains("Rule: 140123 fired (level 7) -> \"Listened ports have changed.\"")
                        .contains("Previous output:").contains("+" + OPENED.strip());
            } finally {
                smtp.stop();
            }
        }
    }
}
