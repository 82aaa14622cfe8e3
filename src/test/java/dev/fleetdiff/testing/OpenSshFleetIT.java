package dev.fleetdiff.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Checks the simulated fleet with the system ssh client: overrides, real commands, marks and host keys. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshFleetIT {
    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(20);
    private static final String PORTS = "netstat -tan | grep LISTEN";

    private Path dir;
    private OpenSshFleet fleet;

    @BeforeAll
    void startFleet(@TempDir Path folder) {
        dir = folder;
        fleet = OpenSshFleet.start(dir, 5);
    }

    @AfterAll
    void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** What one run of the ssh client did. */
    record SshRun(boolean finished, int exit, String out, String err, Duration took) {
    }

    /** A started ssh client with the files it writes to. */
    record SshProcess(Process process, Path out, Path err, long startNanos) {
    }

    private SshRun ssh(String host, String command, Duration timeout) throws IOException, InterruptedException {
        return finish(startSsh(host, fleet.port(), command), timeout);
    }

    private SshProcess startSsh(String host, int port, String command) throws IOException {
        Path out = Files.createTempFile(dir, "ssh", ".out");
        Path err = Files.createTempFile(dir, "ssh", ".err");
        List<String> argv = List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-i", fleet.identity().toString(), "-o", "UserKnownHostsFile=" + fleet.knownHosts(),
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10",
                "-p", String.valueOf(port), fleet.address(host), command);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new SshProcess(process, out, err, start);
    }

    /** Waits at most {@code timeout} for the client, killing it if it is still running then. */
    private static SshRun finish(SshProcess ssh, Duration timeout) throws IOException, InterruptedException {
        Process process = ssh.process();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - ssh.startNanos());
        if (!finished) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return new SshRun(finished, finished ? process.exitValue() : -1,
                Files.readString(ssh.out(), UTF_8), Files.readString(ssh.err(), UTF_8), took);
    }

    @Test
    void twoHostsAnswerWithTheirOwnOverriddenOutput() throws Exception {
        fleet.setOutput("sim0001", PORTS, "tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN\n");
        fleet.setOutput("sim0002", PORTS, "tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN\ntcp 0 0 0.0.0.0:8080 0.0.0.0:* LISTEN\n");

        SshRun first = ssh("sim0001", PORTS, SSH_TIMEOUT);
        SshRun second = ssh("sim0002", PORTS, SSH_TIMEOUT);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN\n");
        assertThat(second.out()).contains(":8080").isNotEqualTo(first.out());
    }

    @Test
    void aCommandWithoutOverrideRunsForReal() throws Exception {
        SshRun run = ssh("sim0003", "echo hi; echo \"$SSH_CONNECTION\" | cut -d' ' -f3", SSH_TIMEOUT);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("hi\n" + fleet.address("sim0003") + "\n");
    }

    @Test
    void everyHostGetsTheFleetWideOverrideUnlessItHasItsOwn() throws Exception {
        fleet.setOutputEverywhere("cat /etc/fleet-version", "v2\n");
        fleet.setOutput("sim0005", "cat /etc/fleet-version", "v9\n");

        assertThat(ssh("sim0004", "cat /etc/fleet-version", SSH_TIMEOUT).out()).isEqualTo("v2\n");
        assertThat(ssh("sim0005", "cat /etc/fleet-version", SSH_TIMEOUT).out()).isEqualTo("v9\n");
    }

    @Test
    void aHangingHostNeverAnswersAndASlowOneAnswersLate() throws Exception {
        fleet.mark("sim0004", "hang");
        fleet.mark("sim0005", "slow", "2");
        try {
            SshProcess hanging = startSsh("sim0004", fleet.port(), "echo hi");
            SshRun slow = ssh("sim0005", "echo late", SSH_TIMEOUT);
            SshRun hang = finish(hanging, Duration.ofSeconds(1));

            assertThat(slow.out()).isEqualTo("late\n");
            assertThat(slow.took()).isBetween(Duration.ofSeconds(2), SSH_TIMEOUT);
            assertThat(hang.finished()).as("hanging host answered: " + hang).isFalse();
            assertThat(hang.took()).isGreaterThan(Duration.ofSeconds(3));
        } finally {
            fleet.mark("sim0004", "ok");
            fleet.mark("sim0005", "ok");
        }
    }

    @Test
    void aFloodingHostPrintsTheBytesAsked() throws Exception {
        fleet.mark("sim0003", "flood", "3000000");
        try {
            SshRun flood = ssh("sim0003", "echo hi", SSH_TIMEOUT);

            assertThat(flood.out().length()).isEqualTo(3_000_000);
        } finally {
            fleet.mark("sim0003", "ok");
        }
    }

    @Test
    void aWrongKeyIsRefusedAndADownHostRefusesTheConnection() throws Exception {
        fleet.mark("sim0002", "wrongkey");
        try {
            SshRun wrongKey = ssh("sim0002", "echo hi", SSH_TIMEOUT);

            assertThat(wrongKey.exit()).isEqualTo(255);
            assertThat(wrongKey.err()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
        } finally {
            fleet.mark("sim0002", "ok");
        }
        assertThat(ssh("sim0002", "echo back", SSH_TIMEOUT).out()).isEqualTo("back\n");

        fleet.mark("sim0001", "down");
        try {
            assertThat(Files.readString(fleet.hostsYaml())).contains("address: " + fleet.address("sim0001")
                    + ", port: " + fleet.deadPort() + " ");
            SshRun down = finish(startSsh("sim0001", fleet.deadPort(), "echo hi"), SSH_TIMEOUT);
            assertThat(down.err()).contains("Connection refused");
        } finally {
            fleet.mark("sim0001", "ok");
        }
        assertThat(Files.readString(fleet.hostsYaml())).contains("address: " + fleet.address("sim0001")
                + ", port: " + fleet.port() + " ");
    }

    @Test
    void stoppingTwiceIsSafe(@TempDir Path other) throws Exception {
        OpenSshFleet second = OpenSshFleet.start(other, 1);
        assertThat(Files.readString(other.resolve("sshd.pid")).strip()).isNotEmpty();
        second.close();
        second.close();

        assertThat(other.resolve("sshd.pid")).doesNotExist();
    }
}
