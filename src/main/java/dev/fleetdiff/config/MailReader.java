package dev.fleetdiff.config;

import dev.fleetdiff.config.MailSettings.Route;
import dev.fleetdiff.config.MailSettings.Tls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code settings.mail}: the SMTP server, how to log in without a secret in the file, and who gets which alerts. */
final class MailReader {
    static final List<String> KEYS = List.of("smtp_host", "smtp_port", "tls", "username", "password_env", "password_file",
            "from", "to", "min_level", "routes", "max_per_hour", "batch_window", "timeout",
            "ca_file");
    static final List<String> ROUTE_KEYS = List.of("min_level", "group", "to");

    static final String DEFAULT_SMTP_HOST = "localhost";
    static final int DEFAULT_SMTP_PORT = 25;
    static final int DEFAULT_SMTPS_PORT = 465;
    static final Tls DEFAULT_TLS = Tls.STARTTLS;
    static final int DEFAULT_MIN_LEVEL = 7;
    static final int DEFAULT_MAX_PER_HOUR = 12;
    static final Duration DEFAULT_BATCH_WINDOW = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_PORT = 65_535;
    private static final int MAX_LEVEL = 16;

    private MailReader() {
    }

    /** The mail settings, or empty when there is no mail section (alerts are then only logged). */
    static Optional<MailSettings> read(Section settings) throws ConfigException {
        Optional<Section> found = settings.section("mail", KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Section mail = found.get();
        if (mail.node("password_env").isPresent() && mail.node("password_file").isPresent()) {
            throw mail.source().error(mail.valueLine("password_file"), "settings.mail sets both password_env and "
                    + "password_file; keep one of them");
        }
        Tls tls = mail.value("tls", MailReader::tls).orElse(DEFAULT_TLS);
        Optional<String> username = mail.value("username", Names::address);
        Optional<String> passwordEnv = mail.value("password_env", Names::envName);
        Optional<Path> passwordFile = mail.value("password_file", text -> readableFile(mail.source(), text));
        checkLogin(mail, tls, username, passwordEnv.isPresent() || passwordFile.isPresent());
        int minLevel = mail.value("min_level", Units.integer(0, MAX_LEVEL)).orElse(DEFAULT_MIN_LEVEL);
        return Optional.of(new MailSettings(
                mail.value("smtp_host", Names::address).orElse(DEFAULT_SMTP_HOST),
                mail.value("smtp_port", Units.integer(1, MAX_PORT)).orElse(tls == Tls.SMTPS ? DEFAULT_SMTPS_PORT : DEFAULT_SMTP_PORT),
                tls,
                username,
                passwordEnv,
                passwordFile,
                mail.required("from", Names::mailAddress, "fleetdiff@example.com"),
                recipients(mail),
                minLevel,
                routes(mail, minLevel),
                mail.value("max_per_hour", Units.integer(1, Integer.MAX_VALUE)).orElse(DEFAULT_MAX_PER_HOUR),
                mail.value("batch_window", Units::duration).orElse(DEFAULT_BATCH_WINDOW),
                mail.value("timeout", Units::positiveDuration).orElse(DEFAULT_TIMEOUT),
                caFile(mail, tls)));
    }

    /** settings.mail.ca_file: a readable PEM file of one or more certificates, for a TLS mode only. */
    private static Optional<Path> caFile(Section mail, Tls tls) throws ConfigException {
        if (mail.node("ca_file").isPresent() && tls == Tls.NONE) {
            throw mail.source().error(mail.valueLine("ca_file"), "settings.mail.ca_file is set but tls is none, so no "
                    + "certificate is checked; use tls: starttls or smtps, or remove ca_file");
        }
        return mail.value("ca_file", text -> certificates(readableFile(mail.source(), text)));
    }

    private static Path certificates(Path file) {
        try {
            PemCertificates.read(file);
            return file;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("holds no PEM certificate we can read; give a file of -----BEGIN "
                    + "CERTIFICATE----- blocks, such as the CA's ca.crt");
        }
    }

    private static void checkLogin(Section mail, Tls tls, Optional<String> username, boolean hasPassword)
            throws ConfigException {
        if (username.isPresent() && !hasPassword) {
            throw mail.source().error(mail.valueLine("username"), "settings.mail.username is set without a password; "
                    + "add password_env: VARIABLE or password_file: PATH, or remove username");
        }
        if (username.isEmpty() && hasPassword) {
            String key = mail.node("password_env").isPresent() ? "password_env" : "password_file";
            throw mail.source().error(mail.valueLine(key), "settings.mail." + key + " is set without a username; "
                    + "add username: NAME or remove " + key);
        }
        if (tls == Tls.NONE && hasPassword) {
            throw mail.source().error(mail.valueLine("tls"), "settings.mail.tls none would send the SMTP password "
                    + "unencrypted; use starttls or smtps, or log in without a password on a trusted local relay");
        }
    }

    private static List<String> recipients(Section section) throws ConfigException {
        List<String> to = section.list("to", Names::mailAddress, true).orElse(List.of());
        if (to.isEmpty()) {
            throw section.source().error(section.line(), section.where() + " needs at least one recipient; "
                    + "add a line like to: [secops@example.com]");
        }
        return to;
    }

    private static List<Route> routes(Section mail, int defaultMinLevel) throws ConfigException {
        List<Route> routes = new ArrayList<>();
        for (Node item : mail.sequence("routes", "a list of routes like {min_level: 10, to: [oncall@example.com]}")) {
            Section route = Section.of(mail.source(), mail.path("routes"), item, ROUTE_KEYS);
            routes.add(new Route(
                    route.value("min_level", Units.integer(0, MAX_LEVEL)).orElse(defaultMinLevel),
                    route.value("group", Names::name),
                    recipients(route)));
        }
        return routes;
    }

    private static Tls tls(String text) {
        return switch (text) {
            case "starttls" -> Tls.STARTTLS;
            case "smtps" -> Tls.SMTPS;
            case "none" -> Tls.NONE;
            default -> throw new IllegalArgumentException("is not a TLS mode; write starttls (upgrade required), "
                    + "smtps (TLS from the start, port 465) or none (plain text, for a trusted local relay only)");
        };
    }

    /** The file at a path from the config, which must be readable now: a secret or a certificate. */
    static Path readableFile(Source source, String text) {
        Path file = source.path(text);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("is not a readable file (looked at " + file + "); create it or fix the path");
        }
        return file;
    }
}
