package dev.fleetdiff.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * A client key pair written by ssh-keygen, exactly as users make them: {@code privateKeyFile} and beside it
 * {@code privateKeyFile.pub}. Give {@code publicKey} to {@link FakeHost} to authorize it.
 */
public record ClientKey(Path privateKeyFile, PublicKey publicKey) {

    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    private static final long KEYGEN_TIMEOUT_SECONDS = 60;

    /** An unencrypted ed25519 key in OpenSSH format. */
    public static ClientKey ed25519(Path dir) {
        return generate(dir, "id_ed25519", List.of("-t", "ed25519"), "");
    }

    /** An ed25519 key in OpenSSH format, encrypted with {@code passphrase} (bcrypt KDF, aes256-ctr). */
    public static ClientKey ed25519(Path dir, String passphrase) {
        return generate(dir, "id_ed25519", List.of("-t", "ed25519"), passphrase);
    }

    /** An unencrypted 2048-bit RSA key in the classic PEM format ({@code BEGIN RSA PRIVATE KEY}). */
    public static ClientKey rsa(Path dir) {
        return generate(dir, "id_rsa", List.of("-t", "rsa", "-b", "2048", "-m", "PEM"), "");
    }

    private static ClientKey generate(Path dir, String name, List<String> typeOptions, String passphrase) {
        if (!Files.isExecutable(SSH_KEYGEN)) {
            throw new IllegalStateException(SSH_KEYGEN + " is missing; install openssh-client to run these tests");
        }
        try {
            Path file = Files.createTempDirectory(dir, "key-").resolve(name);
            List<String> command = new ArrayList<>(List.of(SSH_KEYGEN.toString(), "-q"));
            command.addAll(typeOptions);
            command.addAll(List.of("-N", passphrase, "-C", "fleetdiff-test", "-f", file.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(KEYGEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ssh-keygen did not finish within " + KEYGEN_TIMEOUT_SECONDS + "s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("ssh-keygen failed: " + output);
            }
            String publicLine = Files.readString(Path.of(file + ".pub")).strip();
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(publicLine)
                    .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
            return new ClientKey(file, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a client key in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a client key", e);
        }
    }
}
