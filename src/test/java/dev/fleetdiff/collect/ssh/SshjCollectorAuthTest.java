package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Client keys: types, formats, passphrases from the environment, clear local failures, the per-file cache. */
@Timeout(60)
class SshjCollectorAuthTest {

    private static final Command ID = Command.of("id", "id -un");
    private static final String PASSPHRASE_ENV = "FLEETDIFF_TEST_KEY_PASSPHRASE";

    @TempDir
    Path dir;

    @Test
    void authenticatesWithAnRsaKeyInPemFormat() {
        ClientKey rsa = ClientKey.rsa(dir);

        HostPoll poll = pollWith(rsa, rsa.privateKeyFile(), Optional.empty(), Map.of());

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results().get(0).output()).isEqualTo("audit\n");
    }

    @Test
    void decryptsAnEd25519KeyWithThePassphraseFromTheNamedVariable() {
        ClientKey encrypted = ClientKey.ed25519(dir, "correct horse");

        HostPoll poll = pollWith(encrypted, encrypted.privateKeyFile(), Optional.of(PASSPHRASE_ENV),
                Map.of(PASSPHRASE_ENV, "correct horse"));

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results().get(0).output()).isEqualTo("audit\n");
    }

    @Test
    void anUnsetPassphraseVariableIsALocalFailureNamingIt() {
        ClientKey encrypted = ClientKey.ed25519(dir, "correct horse");

        HostPoll poll = pollWith(encrypted, encrypted.privateKeyFile(), Optional.of(PASSPHRASE_ENV), Map.of());

        assertLocal(poll, "environment variable " + PASSPHRASE_ENV + " is not set",
                encrypted.privateKeyFile().toString());
    }

    @Test
    void anEncryptedKeyWithoutPassphraseVariableIsALocalFailure() {
        ClientKey encrypted = ClientKey.ed25519(dir, "correct horse");

        HostPoll poll = pollWith(encrypted, encrypted.privateKeyFile(), Optional.empty(), Map.of());

        assertLocal(poll, "is encrypted; set identity_passphrase_env");
    }

    @Test
    void aWrongPassphraseIsALocalFailure() {
        ClientKey encrypted = ClientKey.ed25519(dir, "correct horse");

        HostPoll poll = pollWith(encrypted, encrypted.privateKeyFile(), Optional.of(PASSPHRASE_ENV),
                Map.of(PASSPHRASE_ENV, "battery staple"));

        assertLocal(poll, "could not be decrypted with the passphrase in $" + PASSPHRASE_ENV);
    }

    @Test
    void aMissingKeyFileIsALocalFailure() {
        ClientKey key = ClientKey.ed25519(dir);

        HostPoll poll = pollWith(key, dir.resolve("no_such_key"), Optional.empty(), Map.of());

        assertLocal(poll, "no_such_key does not exist");
    }

    @Test
    void aKeyOthersMayReadIsRefusedAsOpenSshRefusesIt() throws IOException {
        ClientKey key = ClientKey.ed25519(dir);
        Files.setPosixFilePermissions(key.privateKeyFile(), PosixFilePermissions.fromString("rw-r-----"));

        HostPoll poll = pollWith(key, key.privateKeyFile(), Optional.empty(), Map.of());

        assertLocal(poll, "UNPROTECTED PRIVATE KEY FILE: identity file " + key.privateKeyFile()
                + " is readable or writable by others (mode 0640)", "run chmod 600 " + key.privateKeyFile());
    }

    @Test
    void aKeyTheHostDoesNotKnowIsAnAuthFailureWithItsFingerprint() {
        ClientKey allowed = ClientKey.ed25519(dir);
        ClientKey other = ClientKey.ed25519(dir);

        HostPoll poll = pollWith(allowed, other.privateKeyFile(), Optional.empty(), Map.of());

        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.AUTH_FAILED);
            assertThat(failure.message()).contains("user 'audit'").contains(KeyUtils.getFingerPrint(other.publicKey()))
                    .contains("authorized_keys");
        });
    }

    @Test
    void keepsAParsedKeyUntilItsFileChanges() throws IOException {
        ClientKey allowed = ClientKey.ed25519(dir);
        ClientKey other = ClientKey.ed25519(dir);
        Path identity = dir.resolve("id_current");
        Files.copy(other.privateKeyFile(), identity);
        try (FakeHost fake = FakeHost.start(allowed.publicKey()).reply("id -un", Reply.ok("audit\n"));
             SshjCollector collector = collector(fake, Map.of())) {
            Host host = HostVariants.identity(fake.asHost("web1", identity), identity, Optional.empty());
            assertThat(collector.poll(host, List.of(ID)).failure()).map(HostFailure::kind).contains(HostFailure.Kind.AUTH_FAILED);

            Files.copy(allowed.privateKeyFile(), identity, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(identity, FileTime.from(Instant.now().plusSeconds(60)));
            assertThat(collector.poll(host, List.of(ID)).failure()).isEmpty();

            FileTime unchanged = Files.getLastModifiedTime(identity);
            Files.writeString(identity, "not a key any more");
            Files.setLastModifiedTime(identity, unchanged);
            assertThat(collector.poll(host, List.of(ID)).failure()).as("parsed key reused while mtime is unchanged").isEmpty();
        }
    }

    private static void assertLocal(HostPoll poll, String... parts) {
        assertThat(poll.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.kind()).isEqualTo(HostFailure.Kind.LOCAL);
            assertThat(failure.message()).contains(parts);
        });
    }

    private HostPoll pollWith(ClientKey authorized, Path identity, Optional<String> passphraseEnv, Map<String, String> env) {
        try (FakeHost fake = FakeHost.start(authorized.publicKey()).reply("id -un", Reply.ok("audit\n"));
             SshjCollector collector = collector(fake, env)) {
            Host host = HostVariants.identity(fake.asHost("web1", identity), identity, passphraseEnv);
            HostPoll poll = collector.poll(host, List.of(ID));
            if (poll.failure().map(f -> f.kind() == HostFailure.Kind.LOCAL).orElse(false)) {
                assertThat(fake.connections()).as("no connection after a local failure").isZero();
            }
            return poll;
        }
    }

    private SshjCollector collector(FakeHost fake, Map<String, String> env) {
        Path knownHosts = dir.resolve("known_hosts");
        fake.addTo(knownHosts);
        return new SshjCollector(knownHosts, HostKeyPolicy.STRICT, env::get);
    }
}
