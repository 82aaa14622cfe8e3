package dev.fleetdiff.notify.mail;

import static dev.fleetdiff.notify.mail.MailFixture.LOOPBACK;
import static dev.fleetdiff.notify.mail.MailFixture.SECOPS;
import static dev.fleetdiff.notify.mail.MailFixture.T0;
import static dev.fleetdiff.notify.mail.MailFixture.greenMail;
import static dev.fleetdiff.notify.mail.MailFixture.sender;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.config.MailSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SMTP adapter against GreenMail: what "mail test" reports, TLS modes, passwords and timeouts. */
class SmtpSenderTest {
    private final int port = MailFixture.freePort();
    private final MailFixture.Settings settings = new MailFixture.Settings(port);
    private GreenMail server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mailTestReportsWhatTheServerSaid() throws Exception {
        server = greenMail(port, "smtp");

        ServerReply reply = sender(settings.build()).sendTest(T0);

        assertThat(reply).isEqualTo(new ServerReply(true, "250 OK"));
        assertThat(server.getReceivedMessages()).singleElement().satisfies(m -> {
            assertThat(m.getSubject()).isEqualTo("fleetdiff test message");
            assertThat(m.getHeader("To", ",")).isEqualTo(SECOPS);
            assertThat(MailFixture.text(m)).contains("via 127.0.0.1:" + port + " (tls: none)");
        });
    }

    @Test
    void thePasswordFromTheEnvironmentIsUsedAndAWrongOneIsReported() throws Exception {
        server = authenticatingServer();
        settings.username = Optional.of("alerts");
        settings.passwordEnv = Optional.of("FLEETDIFF_SMTP_PASSWORD");

        ServerReply right = sender(settings.build(), Map.of("FLEETDIFF_SMTP_PASSWORD", "s3cret")::get).sendTest(T0);
        ServerReply wrong = sender(settings.build(), Map.of("FLEETDIFF_SMTP_PASSWORD", "guess")::get).sendTest(T0);

        assertThat(right).isEqualTo(new ServerReply(true, "250 OK"));
        assertThat(wrong.accepted()).isFalse();
        assertThat(wrong.reply()).contains("535 5.7.8  Authentication credentials invalid");
        assertThat(server.getReceivedMessages()).hasSize(1);
    }

    @Test
    void thePasswordFileIsReadRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        server = authenticatingServer();
        Files.writeString(dir.resolve("smtp-password"), "s3cret\n");
        settings.username = Optional.of("alerts");
        settings.passwordFile = Optional.of(Path.of("smtp-password"));

        ServerReply reply = SmtpSender.create(settings.build(), dir.resolve("hosts.yaml"), name -> null).sendTest(T0);

        assertThat(reply).isEqualTo(new ServerReply(true, "250 OK"));
    }

    /** STARTTLS is required, so a server without it gets nothing; SMTPS checks the certificate. */
    @ParameterizedTest
    @CsvSource({
        "smtp, STARTTLS, STARTTLS is required but host does not support STARTTLS",
        "smtps, SMTPS, unable to find valid certification path"})
    void tlsIsEnforcedSoAnUnsafeServerGetsNothing(String protocol, MailSettings.Tls tls, String because)
            throws Exception {
        server = greenMail(port, protocol);
        settings.tls = tls;

        ServerReply reply = sender(settings.build()).sendTest(T0);

        assertThat(reply.accepted()).isFalse();
        assertThat(reply.reply()).contains(because);
        assertThat(server.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsByDefaultUpgradesTheSessionBeforeSending() throws Exception {
        settings.tls = MailSettings.Tls.STARTTLS;
        try (StartTlsServer starttls = new StartTlsServer(port)) {
            ServerReply reply = new SmtpSender(SmtpAccount.of(settings.build(), Path.of("hosts.yaml"), name -> null),
                    trustTestCertificate("smtp")).sendTest(T0);

            assertThat(reply).isEqualTo(new ServerReply(true, "250 2.0.0 queued as 42"));
            assertThat(starttls.received().tls()).isTrue();
            assertThat(starttls.received().data()).contains("Subject: fleetdiff test message");
        }
    }

    @Test
    @SuppressWarnings("try")   // the refused servers only listen
    void caFileTrustsAPrivateCaAndOnlyItWithTheHostNameStillChecked(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir);
        settings.tls = MailSettings.Tls.STARTTLS;

        settings.caFile = Optional.of(ca.caPem());
        try (StartTlsServer signed = new StartTlsServer(port, ca.serverContext())) {
            ServerReply reply = sender(settings.build()).sendTest(T0);
            assertThat(reply).as("the private CA signed the server's certificate")
                    .isEqualTo(new ServerReply(true, "250 2.0.0 queued as 42"));
            assertThat(signed.received().tls()).isTrue();
        }

        settings.caFile = Optional.of(ca.otherCaPem());
        try (StartTlsServer signed = new StartTlsServer(port, ca.serverContext())) {
            ServerReply reply = sender(settings.build()).sendTest(T0);
            assertThat(reply.accepted()).as("another CA's file does not vouch for it").isFalse();
            assertThat(reply.reply()).contains("PKIX path building failed");
        }

        settings.caFile = Optional.empty();
        try (StartTlsServer signed = new StartTlsServer(port, ca.serverContext())) {
            assertThat(sender(settings.build()).sendTest(T0).accepted()).as("nor do the JDK's CAs").isFalse();
        }

        settings.caFile = Optional.of(ca.caPem());
        settings.host = "localhost";
        try (StartTlsServer signed = new StartTlsServer(port, ca.serverContext())) {
            ServerReply reply = sender(settings.build()).sendTest(T0);
            assertThat(reply.accepted()).as("the certificate names 127.0.0.1, not localhost").isFalse();
            assertThat(reply.reply()).containsIgnoringCase("localhost");
        }
    }

    @Test
    void smtpsSendsOverTlsToATrustedServer() throws Exception {
        server = greenMail(port, "smtps");
        settings.tls = MailSettings.Tls.SMTPS;

        ServerReply reply = new SmtpSender(SmtpAccount.of(settings.build(), Path.of("hosts.yaml"), name -> null),
                trustTestCertificate("smtps")).sendTest(T0);

        assertThat(reply).isEqualTo(new ServerReply(true, "250 OK"));
        assertThat(server.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        settings.timeout = Duration.ofMillis(300);
        try (ServerSocket silent = new ServerSocket(port, 5, InetAddress.getByName(LOOPBACK))) {
            long start = System.nanoTime();
            ServerReply reply = sender(settings.build()).sendTest(T0);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(reply.accepted()).isFalse();
            assertThat(reply.reply()).contains("127.0.0.1:" + port).containsIgnoringCase("timed out");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(silent.isBound()).as("the port was taken by the silent server").isTrue();
        }
    }

    @Test
    void anUnreachableServerIsReported() throws Exception {
        ServerReply reply = sender(settings.build()).sendTest(T0);

        assertThat(reply.accepted()).isFalse();
        assertThat(reply.reply()).startsWith("cannot open SMTP session with 127.0.0.1:" + port)
                .contains("Connection refused");
    }

    /** Trusts GreenMail's self-signed test certificate, which names no host. */
    private static Properties trustTestCertificate(String protocol) {
        Properties trust = new Properties();
        trust.setProperty("mail." + protocol + ".ssl.trust", LOOPBACK);
        trust.setProperty("mail." + protocol + ".ssl.checkserveridentity", "false");
        return trust;
    }

    private GreenMail authenticatingServer() {
        GreenMail mail = new GreenMail(new ServerSetup(port, LOOPBACK, "smtp"))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "s3cret"));
        mail.start();
        return mail;
    }
}
