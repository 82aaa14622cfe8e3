package dev.fleetdiff.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A simulated fleet served by the real OpenSSH sshd on loopback, started and changed through {@code scripts/fleet-sim},
 * so that integration tests poll real hosts without leaving the machine.
 */
public final class OpenSshFleet implements AutoCloseable {
    /** Where Debian's openssh-server puts the daemon; fleet-sim uses the same path. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** Longest a fleet-sim call may take (start of thousands of hosts included) before the test fails. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    /** How many folders up from the working directory to look for the repository root. */
    private static final int ROOT_SEARCH_DEPTH = 6;
    private static final String SCRIPT = "scripts/fleet-sim";

    private final Path script;
    private final Path dir;
    private final int port;
    private final Map<String, String> addresses;

    private OpenSshFleet(Path script, Path dir, int port, Map<String, String> addresses) {
        this.script = script;
        this.dir = dir;
        this.port = port;
        this.addresses = addresses;
    }

    /**
     * Starts {@code hosts} hosts named sim0001.. with their files in {@code dir}; skips the test without sshd,
     * except under {@code CI=true}, where a missing sshd fails it.
     *
     * @param options more fleet-sim start options, e.g. {@code "--command", "ports=netstat -tan", "--command-timeout", "3s"}
     */
    public static OpenSshFleet start(Path dir, int hosts, String... options) {
        requireSshd();
        Path script = repositoryRoot().resolve(SCRIPT);
        List<String> args = new ArrayList<>(List.of("start", "--dir", dir.toString(), "--hosts", String.valueOf(hosts)));
        args.addAll(List.of(options));
        String out = run(script, dir, args).strip();
        int port = Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
        return new OpenSshFleet(script, dir, port, readIndex(dir.resolve("hosts.tsv")));
    }

    /** Skips the calling test when sshd is missing, or fails it under {@code CI=true} where sshd must be installed. */
    public static void requireSshd() {
        if (Files.isExecutable(SSHD)) {
            return;
        }
        String message = SSHD + " is missing, so the real-OpenSSH integration tests cannot run; "
                + "install it with: apt-get install -y openssh-server";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: .ci/run installs it, so a skip here would hide a broken setup)");
        }
        Assumptions.abort(message);
    }

    /** The folder holding scripts/fleet-sim, found from the working directory upwards. */
    public static Path repositoryRoot() {
        Path candidate = Path.of("").toAbsolutePath();
        for (int level = 0; level < ROOT_SEARCH_DEPTH && candidate != null; level++) {
            if (Files.isExecutable(candidate.resolve(SCRIPT))) {
                return candidate;
            }
            candidate = candidate.getParent();
        }
        throw new IllegalStateException(SCRIPT + " not found in " + Path.of("").toAbsolutePath()
                + " or its parents; run the tests from the repository (./mvnw test)");
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public Path hostsYaml() {
        return dir.resolve("hosts.yaml");
    }

    public Path identity() {
        return dir.resolve("id_ed25519");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path alertsLog() {
        return dir.resolve("alerts.jsonl");
    }

    public Path database() {
        return dir.resolve("fleetdiff.db");
    }

    /** The port nothing listens on, where hosts marked down point. */
    public int deadPort() {
        return Integer.parseInt(read(dir.resolve("dead_port")).strip());
    }

    /** Host names in order: sim0001, sim0002, ... */
    public List<String> hostNames() {
        return List.copyOf(addresses.keySet());
    }

    /** The loopback address a host is reached at. */
    public String address(String host) {
        String address = addresses.get(host);
        if (address == null) {
            throw new IllegalArgumentException("no host " + host + " in this fleet of " + addresses.size());
        }
        return address;
    }

    /** Makes the host print {@code text} (exit 0) for exactly this command line, instead of running it. */
    public void setOutput(String host, String commandLine, String text) {
        call("set-output", "--host", host, "--command", commandLine, "--text", text);
    }

    /** Makes every host without its own override print {@code text} for this command line. */
    public void setOutputEverywhere(String commandLine, String text) {
        call("set-output", "--all", "--command", commandLine, "--text", text);
    }

    /** Removes every output override, so every command runs for real again. */
    public void clearOutputs() {
        call("clear-output");
    }

    /** Marks a host: {@code "hang"}, {@code "slow", "2"}, {@code "flood", "1000000"}, {@code "down"}, {@code "wrongkey"}, {@code "ok"}. */
    public void mark(String host, String... mark) {
        List<String> args = new ArrayList<>(List.of("mark", "--host", host));
        args.addAll(List.of(mark));
        call(args.toArray(String[]::new));
    }

    /** Marks every host without its own mark ({@code hang}, {@code slow N}, {@code flood BYTES} or {@code ok}). */
    public void markAll(String... mark) {
        List<String> args = new ArrayList<>(List.of("mark", "--all"));
        args.addAll(List.of(mark));
        call(args.toArray(String[]::new));
    }

    /** Stops sshd and any host still hanging; safe to call twice. */
    @Override
    public void close() {
        call("stop");
    }

    private void call(String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], "--dir", dir.toString()));
        all.addAll(List.of(args).subList(1, args.length));
        run(script, dir, all);
    }

    /** Runs fleet-sim, bounded by {@link #SCRIPT_TIMEOUT}, and returns what it printed; fails on a non-zero exit. */
    private static String run(Path script, Path dir, List<String> args) {
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile(dir, "fleet-sim", ".out");
            List<String> argv = new ArrayList<>(List.of(script.toString()));
            argv.addAll(args);
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            boolean finished = process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String out = read(log);
            Files.delete(log);
            if (!finished || process.exitValue() != 0) {
                throw new IllegalStateException("fleet-sim " + String.join(" ", args)
                        + (finished ? " exited " + process.exitValue() : " took over " + SCRIPT_TIMEOUT) + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running fleet-sim", e);
        }
    }

    private static Map<String, String> readIndex(Path index) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String line : read(index).split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 2) {
                addresses.put(fields[0], fields[1]);
            }
        }
        return addresses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
