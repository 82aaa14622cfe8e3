package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.ssh.KnownHostsFile.Verdict.Kind;
import dev.fleetdiff.files.PrivateFiles;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.FakeHost.HostKeyType;
import dev.fleetdiff.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.time.Instant;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The known_hosts format: host patterns, ports, markers, line numbers, reloading, appending. */
class KnownHostsFileTest {

    private static final PublicKey ED25519 = FakeHost.generateHostKey(HostKeyType.ED25519).getPublic();
    private static final PublicKey OTHER = FakeHost.generateHostKey(HostKeyType.ED25519).getPublic();
    private static final PublicKey RSA = FakeHost.generateHostKey(HostKeyType.RSA).getPublic();

    @TempDir
    Path dir;

    @Test
    void matchesPlainPortWildcardAndNegatedPatterns() throws IOException {
        KnownHostsFile file = write(
                "# comment",
                "",
                "web1.example.com,10.0.0.11 " + entry(ED25519),
                "[web2.example.com]:2222 " + entry(ED25519),
                "*.db.example.com,!db9.db.example.com " + entry(ED25519),
                "not-base64 ssh-ed25519 %%%",
                "@cert-authority *.example.com " + entry(ED25519));

        assertThat(file.check("web1.example.com", key(ED25519)).kind()).isEqualTo(Kind.TRUSTED);
        assertThat(file.check("10.0.0.11", key(ED25519)).line()).hasValueSatisfying(line -> assertThat(line.number()).isEqualTo(3));
        assertThat(file.check("[web2.example.com]:2222", key(ED25519)).kind()).isEqualTo(Kind.TRUSTED);
        assertThat(file.check("web2.example.com", key(ED25519)).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(file.check("db1.db.example.com", key(ED25519)).kind()).isEqualTo(Kind.TRUSTED);
        assertThat(file.check("db9.db.example.com", key(ED25519)).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(file.check("other.example.com", key(ED25519)).kind()).as("@cert-authority lines never match").isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void anotherKeyForAKnownHostIsChangedEvenOfAnotherTypeAndNamesTheExpectedLine() throws IOException {
        KnownHostsFile file = write("web1 " + entry(RSA), "web1 " + entry(ED25519));

        KnownHostsFile.Verdict sameType = file.check("web1", key(OTHER));
        KnownHostsFile.Verdict otherType = file.check("web3", key(OTHER));

        assertThat(sameType.kind()).isEqualTo(Kind.CHANGED);
        assertThat(sameType.line()).hasValueSatisfying(line -> assertThat(line.number()).isEqualTo(2));
        assertThat(otherType.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(write("web1 " + entry(RSA)).check("web1", key(ED25519)).kind()).isEqualTo(Kind.CHANGED);
    }

    @Test
    void asksForTheAlgorithmsOfKnownKeysWithRsaAsSha2() throws IOException {
        KnownHostsFile file = write("web1 " + entry(RSA), "web1 " + entry(ED25519), "@revoked web1 " + entry(OTHER));

        assertThat(file.knownAlgorithms("web1")).containsExactly("rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519");
        assertThat(file.knownAlgorithms("web2")).isEmpty();
    }

    @Test
    void rereadsTheFileWhenItChanges() throws IOException {
        KnownHostsFile file = write("web1 " + entry(ED25519));
        assertThat(file.check("web1", key(ED25519)).kind()).isEqualTo(Kind.TRUSTED);

        Files.writeString(dir.resolve("known_hosts"), "web1 " + entry(OTHER) + "\n");
        Files.setLastModifiedTime(dir.resolve("known_hosts"), FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(file.check("web1", key(ED25519)).kind()).isEqualTo(Kind.CHANGED);
    }

    @Test
    void findsEachOfThousandsOfHostsByNameAndKeepsFileOrderAcrossNamedAndPatternLines() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("*.example.com " + entry(OTHER));
        for (int i = 1; i <= 3000; i++) {
            lines.add("[10.1." + (i / 250) + "." + (i % 250) + "]:2222 " + entry(ED25519));
        }
        lines.add("Web1.Example.com " + entry(ED25519));
        lines.add("@revoked [10.1.0.7]:2222 " + entry(OTHER));
        KnownHostsFile file = write(lines.toArray(String[]::new));

        for (int i = 1; i <= 3000; i++) {
            assertThat(file.check("[10.1." + (i / 250) + "." + (i % 250) + "]:2222", key(ED25519)).kind())
                    .isEqualTo(Kind.TRUSTED);
        }
        assertThat(file.check("[10.1.0.7]:2222", key(OTHER)).kind()).isEqualTo(Kind.REVOKED);
        assertThat(file.check("[10.1.0.8]:2222", key(OTHER)).kind()).isEqualTo(Kind.CHANGED);
        assertThat(file.check("[10.1.0.8]:22", key(ED25519)).kind()).isEqualTo(Kind.UNKNOWN);
        KnownHostsFile.Verdict web1 = file.check("web1.example.com", key(OTHER));
        assertThat(web1.kind()).as("the wildcard line 1 trusts OTHER for web1 too").isEqualTo(Kind.TRUSTED);
        assertThat(web1.line()).hasValueSatisfying(line -> assertThat(line.number()).isEqualTo(1));
        assertThat(file.check("web1.example.com", key(ED25519)).line())
                .hasValueSatisfying(line -> assertThat(line.number()).isEqualTo(3002));
        assertThat(file.knownAlgorithms("web1.example.com")).containsExactly("ssh-ed25519");
    }

    @Test
    void trustNewAppendsOnceAndReportsTheLineItWrote() throws IOException {
        KnownHostsFile file = new KnownHostsFile(dir.resolve("new").resolve("known_hosts"));

        KnownHostsFile.Verdict first = file.trustNew("[10.0.0.5]:2222", key(ED25519));
        KnownHostsFile.Verdict again = file.trustNew("[10.0.0.5]:2222", key(ED25519));
        KnownHostsFile.Verdict other = file.trustNew("[10.0.0.5]:2222", key(OTHER));

        assertThat(first.kind()).isEqualTo(Kind.TRUSTED);
        assertThat(first.line()).hasValueSatisfying(line -> assertThat(line.number()).isEqualTo(1));
        assertThat(again.kind()).isEqualTo(Kind.TRUSTED);
        assertThat(other.kind()).isEqualTo(Kind.CHANGED);
        assertThat(Files.readAllLines(dir.resolve("new").resolve("known_hosts")))
                .containsExactly("[10.0.0.5]:2222 " + entry(ED25519));
    }

    @Test
    void aKeyRevokedForEveryHostIsNeverTrustedOnFirstUse() throws IOException {
        KnownHostsFile file = write("@revoked * " + entry(OTHER));

        assertThat(file.check("new.example.com", key(OTHER)).kind()).isEqualTo(Kind.REVOKED);
        assertThat(file.trustNew("new.example.com", key(OTHER)).kind()).isEqualTo(Kind.REVOKED);
        assertThat(Files.readAllLines(file.path())).containsExactly("@revoked * " + entry(OTHER));
    }

    @Test
    void trustNewCreatesTheFileOwnerOnlyInAnOwnerOnlyFolder() throws IOException {
        Path path = dir.resolve("ssh").resolve("known_hosts");

        new KnownHostsFile(path).trustNew("web1", key(ED25519));

        assertThat(PrivateFiles.octal(Files.getPosixFilePermissions(path))).isEqualTo("0600");
        assertThat(PrivateFiles.octal(Files.getPosixFilePermissions(path.getParent()))).isEqualTo("0700");
    }

    @Test
    void aFileOthersCanWriteIsReportedOnce() throws IOException {
        KnownHostsFile file = write("web1 " + entry(ED25519));
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-rw-rw-"));

        try (LogCapture log = LogCapture.of(PrivateFiles.class)) {
            file.check("web1", key(ED25519));
            Files.writeString(file.path(), "web2 " + entry(ED25519) + "\n", StandardOpenOption.APPEND);
            file.check("web2", key(ED25519));
            file.trustNew("web3", key(ED25519));
            assertThat(log.warnings()).singleElement().asString().startsWith(file.path() + " is writable by others "
                    + "(mode 0666); it decides which host keys are trusted").endsWith("run chmod go-w " + file.path());
        }
    }

    @Test
    void certAuthorityLinesAreReportedOncePerFileNamingTheFirst() throws IOException {
        KnownHostsFile file = write("web1 " + entry(ED25519), "@cert-authority *.example.com " + entry(OTHER),
                "@cert-authority *.example.org " + entry(OTHER));

        try (LogCapture log = LogCapture.of(KnownHostsFile.class)) {
            file.check("web1", key(ED25519));
            Files.writeString(file.path(), "web2 " + entry(ED25519) + "\n", StandardOpenOption.APPEND);
            file.check("web2", key(ED25519));
            assertThat(log.warnings()).containsExactly(file.path() + ":2: @cert-authority lines are ignored: fleetdiff "
                    + "does not verify host certificates, so a host is trusted only by a plain key line of its own; add "
                    + "one per host (ssh-keyscan HOST, checked out of band) or use host_key_policy: accept-new");
        }
    }

    private KnownHostsFile write(String... lines) throws IOException {
        Path path = dir.resolve("known_hosts");
        Files.write(path, java.util.List.of(lines));
        return new KnownHostsFile(path);
    }

    private static String entry(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    private static KeyBlob key(PublicKey key) {
        String[] parts = PublicKeyEntry.toString(key).split(" ");
        return KeyBlob.parse(parts[0], parts[1]);
    }
}
