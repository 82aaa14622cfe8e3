package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that differs from the last one only in a byte that is not UTF-8 is a change: it raises an alert, the store
 * keeps and hashes the exact bytes, and mail and alerts.jsonl show the bytes as {@code \xNN}.
 */
class InvalidUtf8PipelineTest {
    static final String COMMAND = "cat /etc/motd";
    static final byte[] BEFORE = {'x', (byte) 0xFF, '\n'};
    static final byte[] AFTER = {'x', (byte) 0xFE, '\n'};

    @TempDir
    Path dir;

    @Test
    void aChangedInvalidByteAlertsAndIsStoredAndShownExactly() throws Exception {
        ClientKey key = ClientKey.ed25519(dir);
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try (FakeHost web1 = FakeHost.start(key.publicKey()).reply(COMMAND, Reply.okBytes(BEFORE))) {
            web1.addTo(dir.resolve("known_hosts"));
            Path file = dir.resolve("hosts.yaml");
            Files.writeString(file, """
                    settings:
                      known_hosts: known_hosts
                      rules: builtin
                    %s
                    """.formatted(MailPipelineTest.mailAndWeb1(smtp.getSmtp().getPort(), key, "motd", COMMAND,
                    web1.port())));
            Selection all = new Selection(List.of(), List.of(), true, Optional.empty());

            try (Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(file), Clock.systemUTC())) {
                assertThat(app.poll(all, false, h -> { }).changedCount()).isZero();
                web1.reply(COMMAND, Reply.okBytes(AFTER));
                assertThat(app.poll(all, false, h -> { }).changedCount()).as("\\xff -> \\xfe is a change").isEqualTo(1);
                app.deliverPending(true);

                List<Version> versions = app.history("web1", "motd");
                assertThat(versions).extracting(Version::hash).containsExactly(sha256(BEFORE), sha256(AFTER));
            }
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(1);
            String body = GreenMailUtil.getBody(received[0]);
            assertThat(body).contains("-x\\xff").contains("+x\\xfe").doesNotContain("\uFFFD");
            assertThat(Files.readString(dir.resolve("alerts.jsonl")))
                    .contains("\"output\":\"x\\\\xfe\\n\"").contains("\"previous_output\":\"x\\\\xff\\n\"");
        } finally {
            smtp.stop();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
