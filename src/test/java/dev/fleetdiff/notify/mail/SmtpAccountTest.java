package dev.fleetdiff.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.config.MailSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail settings are refused before first use, each with the key, what is wrong and what to do. */
class SmtpAccountTest {
    private static final Path CONFIG = Path.of("/etc/fleetdiff/hosts.yaml");
    private final MailFixture.Settings settings = new MailFixture.Settings(25);

    private void assertRefused(String message) {
        assertThatThrownBy(() -> SmtpAccount.of(settings.build(), CONFIG, name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/fleetdiff/hosts.yaml: " + message);
    }

    @Test
    void anAddressWithALineBreakIsRefused() {
        settings.to = List.of("secops@example.com\r\nBcc: thief@evil.example");
        assertRefused("settings.mail.to: 'secops@example.com??Bcc: thief@evil.example' holds a line break or control"
                + " character; write one plain address, such as ops@example.com");
    }

    @Test
    void aRouteAddressThatDoesNotParseIsRefused() {
        settings.routes = List.of(new MailSettings.Route(10, Optional.empty(), List.of("on call@")));
        assertRefused("settings.mail.routes.to: 'on call@' is not a mail address (Local address contains control"
                + " or whitespace); write it as name@example.com");
    }

    @Test
    void noRecipientIsRefused() {
        settings.to = List.of();
        assertRefused("settings.mail.to: lists no address; add at least one, such as [secops@example.com]");
    }

    @Test
    void aMissingPasswordVariableIsRefused() {
        settings.username = Optional.of("alerts");
        settings.passwordEnv = Optional.of("FLEETDIFF_SMTP_PASSWORD");
        assertRefused("settings.mail.password_env: environment variable FLEETDIFF_SMTP_PASSWORD is not set; export"
                + " it with the SMTP password, or use password_file");
    }

    @Test
    void aUserWithoutPasswordIsRefused() {
        settings.username = Optional.of("alerts");
        assertRefused("settings.mail.username: is set but neither password_env nor password_file is; add one of them");
    }

    @Test
    void aMissingPasswordFileIsRefused(@TempDir Path dir) {
        settings.username = Optional.of("alerts");
        settings.passwordFile = Optional.of(dir.resolve("absent"));
        assertThatThrownBy(() -> SmtpAccount.of(settings.build(), CONFIG, name -> null))
                .hasMessageStartingWith("/etc/fleetdiff/hosts.yaml: settings.mail.password_file: cannot read "
                        + dir.resolve("absent") + " (java.nio.file.NoSuchFileException");
    }

    @Test
    void aCapOfZeroIsRefused() {
        settings.maxPerHour = 0;
        assertRefused("settings.mail.max_per_hour: 0 would hold every alert back forever; expected 1 or more, such"
                + " as 12");
    }

    @Test
    void thePasswordNeverShowsInTheAccountsText() throws ConfigException {
        settings.username = Optional.of("alerts");
        settings.passwordEnv = Optional.of("PW");
        SmtpAccount account = SmtpAccount.of(settings.build(), CONFIG, Map.of("PW", "s3cret")::get);
        assertThat(account.password()).contains("s3cret");
        assertThat(account.toString()).doesNotContain("s3cret");
    }
}
