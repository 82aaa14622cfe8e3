package dev.fleetdiff.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.cli.Main;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under umask 000, where a file created the usual way is 0666 and a folder 0777, {@code fleetdiff poll} in its own JVM
 * still creates every file it writes 0600 and every folder 0700: the database and the -wal and -shm files SQLite makes
 * beside it (looked at while the poll holds them open), known_hosts trusted on first use, alerts.jsonl.
 */
@Timeout(300)
class PrivateFilesIT {
    private static final String COMMAND = "cat /etc/shadow";
    /** How long the host takes to answer the first poll: the window in which the open database is looked at. */
    private static final Duration HOLD = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String OWNER_FILE = "rw-------";
    private static final String OWNER_FOLDER = "rwx------";

    @TempDir
    Path dir;

    @Test
    void everyFileAPollCreatesIsOwnerOnlyUnderUmaskZero() throws Exception {
        ClientKey key = ClientKey.ed25519(dir);
        try (FakeHost host = FakeHost.start(key.publicKey())) {
            host.reply(COMMAND, Reply.ok("root:x:1\n").after(HOLD));
            Path config = writeConfig(key, host);

            Process baseline = pollUnderUmaskZero(config, "baseline.out");
            waitUntil(() -> !host.executed().isEmpty(), baseline);
            Path db = dir.resolve("fleetdiff.db");
            assertThat(mode(dir.resolve("umask-control"))).as("the child's umask is 000").isEqualTo("rw-rw-rw-");
            for (Path file : List.of(db, Path.of(db + "-wal"), Path.of(db + "-shm"), dir.resolve("ssh/known_hosts"))) {
                assertThat(mode(file)).as(file.toString()).isEqualTo(OWNER_FILE);
            }
            assertThat(mode(dir.resolve("ssh"))).isEqualTo(OWNER_FOLDER);
            assertThat(exit(baseline)).as(Files.readString(dir.resolve("baseline.out"))).isZero();

            host.reply(COMMAND, Reply.ok("root:x:2\n"));
            Process change = pollUnderUmaskZero(config, "change.out");
            assertThat(exit(change)).as(Files.readString(dir.resolve("change.out"))).isEqualTo(1);
            assertThat(mode(dir.resolve("logs/alerts.jsonl"))).isEqualTo(OWNER_FILE);
            assertThat(mode(dir.resolve("logs"))).isEqualTo(OWNER_FOLDER);
            assertThat(mode(db)).isEqualTo(OWNER_FILE);
        }
    }

    private Path writeConfig(ClientKey key, FakeHost host) throws IOException {
        return Files.writeString(dir.resolve("hosts.yaml"), """
                settings:
                  database: fleetdiff.db
                  alerts_log: logs/alerts.jsonl
                  known_hosts: ssh/known_hosts
                  host_key_policy: accept-new
                  rules: builtin
                defaults:
                  identity: %s
                  command_timeout: 60s
                commands:
                  shadow: { run: "%s" }
                groups:
                  all:
                    commands: [shadow]
                    hosts:
                      - { name: web1, address: %s, port: %d }
                """.formatted(key.privateKeyFile(), COMMAND, FakeHost.ADDRESS, host.port()));
    }

    /** {@code fleetdiff poll --all} in its own JVM under umask 000; a control file shows the umask took effect. */
    private Process pollUnderUmaskZero(Path config, String output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder("sh", "-c", "umask 000 && : > umask-control && exec \"$@\"", "sh",
                java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "poll", "--all", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(output).toFile()).start();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static int exit(Process process) throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("fleetdiff poll did not finish within " + PATIENCE);
        }
        return process.exitValue();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Process process)
            throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(process.isAlive()).as("fleetdiff poll still running").isTrue();
            assertThat(System.nanoTime()).as("condition met within " + PATIENCE).isLessThan(end);
            Thread.sleep(50);
        }
    }
}
