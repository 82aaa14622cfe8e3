package dev.fleetdiff.notify.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.MailSettings;
import dev.fleetdiff.rules.Alert;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Alerts, settings and a GreenMail server on a free loopback port, for the mail tests. */
final class MailFixture {
    static final Instant T0 = Instant.parse("2026-11-27T19:56:30Z");
    static final String LOOPBACK = "127.0.0.1";
    /** The claimant of the dispatchers of tests that play one process. */
    static final String CLAIMANT = "test-host:1:00/mail-1";
    static final String COMMAND_LINE = "netstat -tan |grep LISTEN|grep -v 127.0.0.1";
    static final String MYSQL = "tcp4       0      0 *.3306            *.*               LISTEN\n";
    static final String SMTP = "tcp4       0      0 *.25              *.*               LISTEN\n";
    static final String SECOPS = "secops@example.com";

    private MailFixture() {
    }

    /** The post's alert: port {@code port} started listening on {@code host}. */
    static Alert portAlert(String id, String host, Instant time, int port) {
        String opened = String.format("tcp4       0      0 *.%-5d           *.*               LISTEN\n", port);
        String diff = "--- listening-ports (previous)\n+++ listening-ports (now)\n"
                + "@@ -1,2 +1,3 @@\n+" + opened + " " + MYSQL + " " + SMTP;
        return new Alert(id, time, host, "listening-ports", COMMAND_LINE, 140123, 7, "Listened ports have changed.",
                opened + MYSQL + SMTP, MYSQL + SMTP, diff, List.of("local"), true, true);
    }

    static Alert withLevel(Alert a, int level, List<String> groups) {
        return new Alert(a.id(), a.time(), a.host(), a.command(), a.commandLine(), a.ruleId(), level,
                a.description(), a.output(), a.previousOutput(), a.diff(), groups, a.email(), a.log());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started GreenMail server speaking {@code protocol} ("smtp" or "smtps") on the port. */
    static GreenMail greenMail(int port, String protocol) {
        // GreenMail logs every SMTP line at DEBUG, which made a 1 MB digest take seconds to receive
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen.greenmail"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        GreenMail mail = new GreenMail(new ServerSetup(port, LOOPBACK, protocol));
        mail.start();
        return mail;
    }

    static SmtpSender sender(MailSettings settings) throws ConfigException {
        return sender(settings, name -> null);
    }

    static SmtpSender sender(MailSettings settings, Function<String, String> env) throws ConfigException {
        return SmtpSender.create(settings, Path.of("hosts.yaml"), env);
    }

    /** Received mails, one per Message-ID (GreenMail keeps a copy per recipient). */
    static List<MimeMessage> mails(GreenMail greenMail) throws MessagingException {
        Map<String, MimeMessage> byId = new LinkedHashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            byId.putIfAbsent(m.getMessageID(), m);
        }
        return new ArrayList<>(byId.values());
    }

    /** The subject, decoded, for use in lambdas. */
    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part, decoded. */
    static String text(MimeMessage message) throws MessagingException, IOException {
        return ((String) part(message, 0).getContent()).replace("\r\n", "\n");
    }

    /** The text/html part, decoded. */
    static String html(MimeMessage message) throws MessagingException, IOException {
        return ((String) part(message, 1).getContent()).replace("\r\n", "\n");
    }

    static BodyPart part(MimeMessage message, int index) throws MessagingException, IOException {
        return ((MimeMultipart) message.getContent()).getBodyPart(index);
    }

    /** Mail settings for a test server on the loopback; fields are changed before {@link #build}. */
    static final class Settings {
        String host = LOOPBACK;
        int port;
        MailSettings.Tls tls = MailSettings.Tls.NONE;
        Optional<String> username = Optional.empty();
        Optional<String> passwordEnv = Optional.empty();
        Optional<Path> passwordFile = Optional.empty();
        List<String> to = List.of(SECOPS);
        int minLevel = 7;
        List<MailSettings.Route> routes = List.of();
        int maxPerHour = 12;
        Duration batchWindow = Duration.ZERO;
        Duration timeout = Duration.ofSeconds(5);
        Optional<Path> caFile = Optional.empty();

        Settings(int port) {
            this.port = port;
        }

        MailSettings build() {
            return new MailSettings(host, port, tls, username, passwordEnv, passwordFile, "fleetdiff@example.com",
                    to, minLevel, routes, maxPerHour, batchWindow, timeout, caFile);
        }
    }
}
