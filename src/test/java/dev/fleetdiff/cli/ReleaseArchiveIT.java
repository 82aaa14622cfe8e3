package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.fleetdiff.testing.ClientKey;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked in a fresh folder, run with a Java runtime as the only java on PATH,
 * an empty HOME, no JAVA_HOME, no Maven. Needs the archive, so failsafe runs it after {@code package}.
 */
class ReleaseArchiveIT {
    /** Bounds every process the test starts. */
    static final long PATIENCE_SECONDS = 120;
    /** The tools bin/fleetdiff uses besides java; only these are on PATH. */
    static final List<String> TOOLS = List.of("sh", "readlink", "dirname", "sed", "head", "grep", "bash");
    static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    static Path dir;
    static Path home;
    static Path tools;
    static Path unpacked;

    record Ran(int exit, String output) {
    }

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("fleetdiff.archive", "target/fleetdiff-archive-not-named.tar.gz"));
        assertThat(archive).as("run by failsafe after ./mvnw package").exists();
        home = Files.createDirectories(dir.resolve("home"));
        tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : TOOLS) {
            Files.copy(onPath(tool).orElseThrow(() -> new AssertionError(tool + " is not on PATH")), tools.resolve(tool),
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path folder = Files.createDirectories(dir.resolve("install"));
        assertThat(run(List.of("tar", "-xzf", archive.toString(), "-C", folder.toString()), folder, Map.of()).exit())
                .isZero();
        try (Stream<Path> top = Files.list(folder)) {
            unpacked = top.findFirst().orElseThrow();
        }
    }

    @Test
    void theArchiveHoldsLauncherJarRulesExampleManPagesCompletionAndUnit() throws Exception {
        assertThat(unpacked.getFileName().toString()).startsWith("fleetdiff-");
        assertThat(Files.isExecutable(unpacked.resolve("bin/fleetdiff"))).isTrue();
        for (String file : List.of("lib/fleetdiff.jar", "hosts.yaml.example", "rules/listening-ports.xml",
                "man/man1/fleetdiff.1", "man/man1/fleetdiff-poll.1", "man/man1/fleetdiff-rules-test.1",
                "completion/fleetdiff.bash", "completion/fleetdiff.zsh", "contrib/fleetdiff.service", "docs/CLI.md")) {
            assertThat(unpacked.resolve(file)).as(file).isRegularFile();
        }
        assertThat(unpacked.resolve("rules/cases")).as("test data stays out").doesNotExist();
        Ran completion = run(List.of("bash", "-c", "source completion/fleetdiff.bash && complete -p fleetdiff"),
                unpacked, env(TEMURIN_25));
        assertThat(completion.output()).contains("-F _complete_fleetdiff fleetdiff");
    }

    @Test
    void binFleetdiffRunsWithOnlyAJavaRuntimeOnPath() throws Exception {
        Path runtime = Files.isDirectory(TEMURIN_25) ? TEMURIN_25 : Path.of(System.getProperty("java.home"));
        Ran version = run(List.of(unpacked.resolve("bin/fleetdiff").toString(), "--version"), dir, env(runtime));
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).as("the version the archive is named for")
                .isEqualTo(unpacked.getFileName().toString().replace("fleetdiff-", "fleetdiff ") + "\n");

        Path key = ClientKey.ed25519(Files.createDirectories(dir.resolve("key"))).privateKeyFile();
        Files.copy(key, Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519"));
        Ran check = run(List.of("bin/fleetdiff", "check", "--config", "hosts.yaml.example"), unpacked, env(runtime));
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).startsWith("hosts.yaml.example: ok").contains("rules: ")
                .contains(unpacked.resolve("rules").toString());
    }

    @Test
    void binFleetdiffSaysClearlyWhenNoJava21IsFound() throws Exception {
        Ran none = run(List.of(unpacked.resolve("bin/fleetdiff").toString(), "--version"), dir, env(null));
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.output()).contains("fleetdiff: needs a Java 21 or newer runtime; found none on PATH or in "
                + "JAVA_HOME.").contains("set JAVA_HOME");

        assumeThat(JAVA_17).as("a Java 17 to try").isDirectory();
        Ran old = run(List.of(unpacked.resolve("bin/fleetdiff").toString(), "--version"), dir, env(JAVA_17));
        assertThat(old.exit()).isEqualTo(2);
        assertThat(old.output()).contains("found " + JAVA_17.resolve("bin/java") + " (Java 17)");
    }

    @Test
    void theSystemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        assumeThat(Files.isExecutable(SYSTEMD_ANALYZE) || "true".equals(System.getenv("CI")))
                .as("systemd-analyze is installed").isTrue();
        String unit = Files.readString(unpacked.resolve("contrib/fleetdiff.service"));
        assertThat(unit).contains("ExecReload=/bin/kill -HUP $MAINPID", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "StateDirectory=fleetdiff",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "User=fleetdiff");
        Path installed = dir.resolve("fleetdiff.service");
        Files.writeString(installed, unit.replace("/opt/fleetdiff/bin/fleetdiff",
                unpacked.resolve("bin/fleetdiff").toString()));
        Ran verify = run(List.of(SYSTEMD_ANALYZE.toString(), "verify", installed.toString()), dir,
                Map.of("PATH", "/usr/bin:/bin", "MANPATH", unpacked.resolve("man").toString()));
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).isEmpty();
    }

    /** HOME empty, no JAVA_HOME, PATH holding {@code runtime}'s java (or none) and the shell tools only. */
    private static Map<String, String> env(Path runtime) {
        String path = (runtime == null ? "" : runtime.resolve("bin") + File.pathSeparator) + tools;
        return Map.of("HOME", home.toString(), "PATH", path,
                "FLEETDIFF_JAVA_OPTS", "-Duser.home=" + home);   // Java takes the home folder from the passwd entry
    }

    private static Ran run(List<String> command, Path workDir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " took longer than " + PATIENCE_SECONDS + " s: " + output);
        }
        return new Ran(process.exitValue(), output);
    }

    private static Optional<Path> onPath(String tool) {
        List<Path> found = new ArrayList<>();
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, tool);
            if (Files.isExecutable(candidate)) {
                found.add(candidate);
            }
        }
        return found.stream().findFirst();
    }
}
