package dev.fleetdiff.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code settings.mail} section: where alert mail goes and how it is sent.
 *
 * @param tls          STARTTLS (required), SMTPS, or NONE only when explicit
 * @param passwordEnv  environment variable holding the SMTP password
 * @param passwordFile file holding the SMTP password
 * @param minLevel     alerts below this level are not mailed (OSSEC email_alert_level)
 * @param routes       extra recipients by level or rule group
 * @param maxPerHour   mails per hour before the excess is merged into digests (never dropped)
 * @param batchWindow  alerts arriving within this window are merged into one mail
 * @param caFile       PEM file of the certificate authorities trusted for the SMTP server instead of the JDK's
 */
public record MailSettings(
        String smtpHost,
        int smtpPort,
        Tls tls,
        Optional<String> username,
        Optional<String> passwordEnv,
        Optional<java.nio.file.Path> passwordFile,
        String from,
        List<String> to,
        int minLevel,
        List<Route> routes,
        int maxPerHour,
        Duration batchWindow,
        Duration timeout,
        Optional<java.nio.file.Path> caFile) {

    public MailSettings {
        to = List.copyOf(to);
        routes = List.copyOf(routes);
    }

    /** How the SMTP connection is protected. */
    public enum Tls { STARTTLS, SMTPS, NONE }

    /** Extra recipients for alerts at or above a level, or carrying a rule group. */
    public record Route(int minLevel, Optional<String> group, List<String> to) {
        public Route {
            to = List.copyOf(to);
        }
    }
}
