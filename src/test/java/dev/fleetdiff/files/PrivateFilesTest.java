package dev.fleetdiff.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.files.PrivateFiles.Guard;
import dev.fleetdiff.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files fleetdiff creates are 0600 in folders it creates 0700; an existing file open to others is named with its mode. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    /** A file's or folder's mode in octal, as ls -l would show it. */
    static String mode(Path path) throws IOException {
        return PrivateFiles.octal(Files.getPosixFilePermissions(path));
    }

    static void chmod(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    @Test
    void createsTheFile0600AndEachMissingFolder0700LeavingExistingFoldersAlone() throws IOException {
        chmod(dir, "rwxr-xr-x");
        Path file = dir.resolve("a/b/alerts.jsonl");

        PrivateFiles.createWithFolders(file);

        assertThat(mode(file)).isEqualTo("0600");
        assertThat(mode(dir.resolve("a"))).isEqualTo("0700");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("0700");
        assertThat(mode(dir)).isEqualTo("0755");
    }

    @Test
    void leavesAnExistingFileAsItIs() throws IOException {
        Path file = Files.writeString(dir.resolve("known_hosts"), "web1 ssh-ed25519 AAAA\n");
        chmod(file, "rw-r--r--");

        PrivateFiles.create(file);

        assertThat(mode(file)).isEqualTo("0644");
        assertThat(Files.readString(file)).isEqualTo("web1 ssh-ed25519 AAAA\n");
    }

    @Test
    void aSecretMayNotBeReadByOthersAndATrustFileNotWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");

        chmod(file, "rw-r--r--");
        assertThat(PrivateFiles.exposure(file, Guard.SECRET)).contains("readable or writable by others (mode 0644)");
        assertThat(PrivateFiles.exposure(file, Guard.TRUST)).isEmpty();
        chmod(file, "rw-rw-r--");
        assertThat(PrivateFiles.exposure(file, Guard.TRUST)).contains("writable by others (mode 0664)");
        chmod(file, "rw-------");
        assertThat(PrivateFiles.exposure(file, Guard.SECRET)).isEmpty();
        assertThat(PrivateFiles.exposure(dir.resolve("missing"), Guard.SECRET)).isEmpty();
        assertThat(PrivateFiles.exposure(0100640, Guard.SECRET)).contains("readable or writable by others (mode 0640)");
        assertThat(PrivateFiles.exposure(0100400, Guard.SECRET)).isEmpty();
    }

    @Test
    void theWarningSaysWhyAndHowToFixIt() throws IOException {
        Path file = Files.writeString(dir.resolve("fleetdiff.db"), "");
        chmod(file, "rw-rw-rw-");

        try (LogCapture log = LogCapture.of(PrivateFiles.class)) {
            PrivateFiles.warnIfExposed(file, Guard.SECRET, "holds every output");
            assertThat(log.warnings()).containsExactly(file + " is readable or writable by others (mode 0666); it holds "
                    + "every output; run chmod 600 " + file);
        }
    }
}
