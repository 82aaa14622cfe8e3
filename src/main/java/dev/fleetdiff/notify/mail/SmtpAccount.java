package dev.fleetdiff.notify.mail;

import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.MailSettings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Mail settings checked before first use: every address parses strictly, the password is found, numbers make sense.
 *
 * @param password from password_env or password_file, present exactly when a username is
 */
record SmtpAccount(MailSettings settings, InternetAddress from, Optional<String> password) {
    private static final int MAX_PORT = 65_535;

    /**
     * Checks the settings and reads the password.
     *
     * @param configFile the hosts.yaml they came from, named in errors and the base of a relative password_file
     * @param env        looks up an environment variable (System::getenv outside tests); null when unset
     */
    static SmtpAccount of(MailSettings settings, Path configFile, Function<String, String> env)
            throws ConfigException {
        Problems problems = new Problems(configFile);
        if (settings.smtpHost() == null || settings.smtpHost().isBlank()) {
            throw problems.at("smtp_host", "is empty; name the mail server, such as smtp.example.com");
        }
        if (settings.smtpPort() < 1 || settings.smtpPort() > MAX_PORT) {
            throw problems.at("smtp_port", settings.smtpPort() + " is not a port; expected 1 to 65535, such as 587");
        }
        if (settings.maxPerHour() < 1) {
            throw problems.at("max_per_hour", settings.maxPerHour()
                    + " would hold every alert back forever; expected 1 or more, such as 12");
        }
        if (settings.timeout().isNegative() || settings.timeout().isZero()) {
            throw problems.at("timeout", "must be longer than 0s, such as 30s");
        }
        if (settings.to().isEmpty()) {
            throw problems.at("to", "lists no address; add at least one, such as [secops@example.com]");
        }
        InternetAddress from = address(settings.from(), "from", problems);
        for (String to : settings.to()) {
            address(to, "to", problems);
        }
        for (MailSettings.Route route : settings.routes()) {
            for (String to : route.to()) {
                address(to, "routes.to", problems);
            }
        }
        return new SmtpAccount(settings, from, password(settings, configFile, env, problems));
    }

    /** Parses a configured address strictly; one with a line break or any other control character is refused. */
    static InternetAddress address(String value, String key, Problems problems) throws ConfigException {
        if (value.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw problems.at(key, "'" + value.replaceAll("\\p{Cntrl}", "?")
                    + "' holds a line break or control character; write one plain address, such as ops@example.com");
        }
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw problems.at(key, "'" + value + "' is not a mail address (" + e.getMessage()
                    + "); write it as name@example.com");
        }
    }

    private static Optional<String> password(MailSettings settings, Path configFile, Function<String, String> env,
                                             Problems problems) throws ConfigException {
        if (settings.passwordEnv().isPresent() && settings.passwordFile().isPresent()) {
            throw problems.at("password_env", "and password_file are both set; keep one of them");
        }
        boolean hasSource = settings.passwordEnv().isPresent() || settings.passwordFile().isPresent();
        if (settings.username().isEmpty()) {
            if (hasSource) {
                throw problems.at("username", "is missing but a password is configured; add the SMTP user name");
            }
            return Optional.empty();
        }
        if (!hasSource) {
            throw problems.at("username", "is set but neither password_env nor password_file is; add one of them");
        }
        if (settings.passwordEnv().isPresent()) {
            String name = settings.passwordEnv().get();
            String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                throw problems.at("password_env", "environment variable " + name
                        + " is not set; export it with the SMTP password, or use password_file");
            }
            return Optional.of(value);
        }
        Path file = settings.passwordFile().get();
        Path base = configFile.toAbsolutePath().getParent();
        Path resolved = file.isAbsolute() || base == null ? file : base.resolve(file);
        try {
            String value = Files.readString(resolved, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
            if (value.isEmpty()) {
                throw problems.at("password_file", resolved + " is empty; put the SMTP password in it");
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw problems.at("password_file", "cannot read " + resolved + " (" + e
                    + "); create it with the SMTP password, readable by this user only");
        }
    }

    /** Builds errors that name the file and the settings.mail key. */
    record Problems(Path configFile) {
        ConfigException at(String key, String message) {
            return new ConfigException(configFile, 0, "settings.mail." + key + ": " + message);
        }
    }

    @Override
    public String toString() {
        return "SmtpAccount[" + settings.smtpHost() + ":" + settings.smtpPort() + ", from " + from + "]";
    }
}
