package dev.fleetdiff.notify.mail;

import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.MailSettings;
import dev.fleetdiff.config.PemCertificates;
import dev.fleetdiff.notify.DeliveryException;
import dev.fleetdiff.notify.MarkedText;
import dev.fleetdiff.text.ShownText;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** Sends mail over SMTP with jakarta.mail: STARTTLS required by default, SMTPS, or plain only when asked for. */
public final class SmtpSender {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    /** How deep a failure's causes are followed when telling what the server said. */
    private static final int MAX_CAUSES = 5;

    private final SmtpAccount account;
    private final Session session;
    private final String protocol;

    /**
     * Checks the settings (addresses, password) and prepares the session; nothing is sent yet.
     *
     * @param configFile the hosts.yaml the settings came from, for error messages and a relative password_file
     * @param env        environment lookup, {@code System::getenv} in the app
     * @throws ConfigException naming the setting that is wrong and what to do
     */
    public static SmtpSender create(MailSettings settings, Path configFile, Function<String, String> env)
            throws ConfigException {
        return new SmtpSender(SmtpAccount.of(settings, configFile, env), trust(settings, configFile));
    }

    /**
     * With settings.mail.ca_file, a socket factory that trusts only the certificates in it (for SMTPS and for
     * STARTTLS alike); the server's name is still checked against its certificate.
     */
    static Properties trust(MailSettings settings, Path configFile) throws ConfigException {
        Properties trust = new Properties();
        if (settings.caFile().isPresent()) {
            Path file = settings.caFile().get();
            String protocol = settings.tls() == MailSettings.Tls.SMTPS ? "smtps" : "smtp";
            try {
                trust.put("mail." + protocol + ".ssl.socketFactory", PemCertificates.trusting(file).getSocketFactory());
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException(configFile, 0, "settings.mail.ca_file " + file + " cannot be used: "
                        + ShownText.line(String.valueOf(e.getMessage())) + "; give a PEM file of the CA certificates");
            }
        }
        return trust;
    }

    /** With {@code overrides} applied last to the session properties (tests trust their own certificate). */
    SmtpSender(SmtpAccount account, Properties overrides) {
        this.account = account;
        MailSettings settings = account.settings();
        this.protocol = settings.tls() == MailSettings.Tls.SMTPS ? "smtps" : "smtp";
        String key = "mail." + protocol + ".";
        String millis = Long.toString(settings.timeout().toMillis());
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(key + "host", settings.smtpHost());
        props.setProperty(key + "port", Integer.toString(settings.smtpPort()));
        props.setProperty(key + "connectiontimeout", millis);
        props.setProperty(key + "timeout", millis);
        props.setProperty(key + "writetimeout", millis);
        props.setProperty(key + "auth", Boolean.toString(settings.username().isPresent()));
        switch (settings.tls()) {
            case STARTTLS -> {
                props.setProperty(key + "starttls.enable", "true");
                props.setProperty(key + "starttls.required", "true");
                props.setProperty(key + "ssl.checkserveridentity", "true");
            }
            case SMTPS -> props.setProperty(key + "ssl.checkserveridentity", "true");
            case NONE -> props.setProperty(key + "starttls.enable", "false");
        }
        props.putAll(overrides);
        this.session = Session.getInstance(props);
    }

    MailSettings settings() {
        return account.settings();
    }

    /** Opens one SMTP session (connect, TLS, auth) that sends mails until closed. */
    Connection connect() throws DeliveryException {
        MailSettings settings = account.settings();
        try {
            Transport transport = session.getTransport(protocol);
            transport.connect(settings.smtpHost(), settings.smtpPort(), settings.username().orElse(null),
                    account.password().orElse(null));
            return new Connection(transport);
        } catch (MessagingException e) {
            throw new DeliveryException("cannot open SMTP session with " + where() + ": " + describe(e), e);
        }
    }

    /** Sends a test message to the configured recipients and returns what the server answered. */
    public ServerReply sendTest(Instant now) {
        MailSettings settings = account.settings();
        String text = "This is a test message from fleetdiff.\n"
                + "Sent " + now.atOffset(ZoneOffset.UTC) + " via " + where() + " (tls: "
                + settings.tls().name().toLowerCase(Locale.ROOT) + ") to " + String.join(", ", settings.to())
                + ".\nIf you can read this, alert mail reaches you.\n";
        OutgoingMail mail = new OutgoingMail("<test-" + UUID.randomUUID() + "@" + MailComposer.ID_DOMAIN + ">",
                "fleetdiff test message", text, MailHtml.of(new MarkedText().append(text)),
                new Recipients(settings.to(), List.of()), List.of());
        try (Connection connection = connect()) {
            return new ServerReply(true, connection.send(mail, now));
        } catch (DeliveryException e) {
            return new ServerReply(false, e.getMessage());
        }
    }

    /**
     * Mails a report (text and HTML parts) to {@code to}, or to the configured recipients when empty. Its Message-ID
     * derives from {@code key}, so a report mailed again after a crash keeps it.
     *
     * @throws DeliveryException if the server did not accept it
     */
    public void sendReport(String key, String subject, String text, String html, List<String> to, Instant now)
            throws DeliveryException {
        List<String> recipients = to.isEmpty() ? account.settings().to() : to;
        OutgoingMail mail = new OutgoingMail("<report-" + key + "@" + MailComposer.ID_DOMAIN + ">",
                HeaderText.of(subject, HeaderText.SUBJECT_CHARS), text, html, new Recipients(recipients, List.of()), List.of());
        try (Connection connection = connect()) {
            connection.send(mail, now);
        }
    }

    private String where() {
        return account.settings().smtpHost() + ":" + account.settings().smtpPort();
    }

    /** The failure and its causes on one line: the server's own words where it gave any. */
    static String describe(Throwable failure) {
        Set<String> parts = new LinkedHashSet<>();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            parts.add(ShownText.line(message).strip());
        }
        return String.join(": ", parts);
    }

    /** One open SMTP session. */
    final class Connection implements AutoCloseable {
        private final Transport transport;

        private Connection(Transport transport) {
            this.transport = transport;
        }

        /**
         * Sends one mail and returns the server's reply once it has accepted it.
         *
         * @throws DeliveryException if the server refused it or the session broke; see {@link #isOpen}
         */
        String send(OutgoingMail mail, Instant date) throws DeliveryException {
            try {
                MimeMessage message = message(mail, date);
                transport.sendMessage(message, addresses(mail.recipients().all()));
                return transport instanceof SMTPTransport smtp && smtp.getLastServerResponse() != null
                        ? smtp.getLastServerResponse().strip() : "accepted";
            } catch (MessagingException e) {
                throw new DeliveryException(where() + " did not accept " + mail.messageId() + ": " + describe(e), e);
            }
        }

        /** Whether the session still works (asks the server), so the next mail is worth trying on it. */
        boolean isOpen() {
            return transport.isConnected();
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the mails already accepted stay accepted; a failed QUIT changes nothing
            }
        }

        private MimeMessage message(OutgoingMail mail, Instant date) throws MessagingException {
            MimeMessage message = new FixedIdMessage(session, mail.messageId());
            message.setFrom(account.from());
            message.setRecipients(Message.RecipientType.TO, addresses(mail.recipients().to()));
            if (!mail.recipients().cc().isEmpty()) {
                message.setRecipients(Message.RecipientType.CC, addresses(mail.recipients().cc()));
            }
            message.setSubject(HeaderText.of(mail.subject(), HeaderText.SUBJECT_CHARS), UTF_8);
            message.setSentDate(Date.from(date));
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setHeader("X-Fleetdiff-Alerts", Integer.toString(mail.alertIds().size()));
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), UTF_8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), UTF_8, "html");
            message.setContent(new MimeMultipart("alternative", text, html));
            message.saveChanges();
            return message;
        }
    }

    private static Address[] addresses(List<String> values) throws MessagingException {
        Address[] out = new Address[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new InternetAddress(values.get(i), true);
        }
        return out;
    }

    /** A message whose Message-ID is ours, not a fresh one from saveChanges, so a resend keeps it. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
