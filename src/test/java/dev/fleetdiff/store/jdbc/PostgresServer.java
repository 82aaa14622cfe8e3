package dev.fleetdiff.store.jdbc;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A throwaway PostgreSQL server on 127.0.0.1 from zonky's embedded binaries (a Maven Central artifact). PostgreSQL
 * refuses to run as root, and zonky's own launcher has no way to change user, so this class runs initdb and pg_ctl
 * itself, through util-linux {@code setpriv} as user {@code nobody} when the tests run as root.
 */
public final class PostgresServer implements AutoCloseable {
    /** Longest wait for initdb, server start and stop, each. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    /** Name under java.io.tmpdir of the unpacked binaries, shared by test runs, suffixed by the archive's hash. */
    private static final String BINARIES_PREFIX = "fleetdiff-embedded-pg-";
    private static final Set<PosixFilePermission> WORLD_READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final int HASH_CHARS = 16;

    private final Path home;
    private final Path binaries;
    private final Path data;
    private final List<String> runAs;
    private final int port;

    private PostgresServer(Path home, Path binaries, Path data, List<String> runAs, int port) {
        this.home = home;
        this.binaries = binaries;
        this.data = data;
        this.runAs = runAs;
        this.port = port;
    }

    /** Unpacks the binaries if needed, creates a cluster in a new temp dir and starts it on a free port. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path binaries = binaries();
        Path home = Files.createTempDirectory("fleetdiff-pg");
        Files.setPosixFilePermissions(home, WORLD_READABLE_DIR);
        Path run = Files.createDirectory(home.resolve("run"));
        List<String> runAs = List.of();
        if (isRoot()) {
            int[] ids = unprivilegedIds();
            Files.setAttribute(run, "unix:uid", ids[0]);
            Files.setAttribute(run, "unix:gid", ids[1]);
            runAs = List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups");
        }
        PostgresServer server = new PostgresServer(home, binaries, run.resolve("data"), runAs, freePort());
        server.exec("initdb", "-D", server.data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-locale", "-N");
        server.exec("pg_ctl", "-D", server.data.toString(), "-l", run.resolve("server.log").toString(), "-w",
                "-t", String.valueOf(STEP_TIMEOUT.toSeconds()), "-o", "-p " + server.port
                        + " -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off", "start");
        return server;
    }

    /** Creates an empty database and returns its URL, user in the query as fleetdiff users would write it. */
    public String createDatabase(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return url(database);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&password=unused";
    }

    /** Stops the server (fast shutdown) and deletes its files. */
    @Override
    public void close() throws IOException {
        try {
            exec("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t",
                    String.valueOf(STEP_TIMEOUT.toSeconds()), "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL in " + home, e);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void exec(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(runAs);
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(arguments));
        Path log = home.resolve(program + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(program + " did not finish within " + STEP_TIMEOUT + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** User and group ids of {@code nobody}, present on every Debian system, to own the cluster. */
    private static int[] unprivilegedIds() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields.length > 3 && fields[0].equals("nobody")) {
                return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
            }
        }
        throw new IOException("/etc/passwd has no user 'nobody' to run PostgreSQL as; the tests run as root and "
                + "PostgreSQL refuses root: add the user (useradd nobody) or run the tests as another user");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The unpacked binaries, world-readable, unpacked once per archive into java.io.tmpdir. */
    private static Path binaries() throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux",
                System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path target = tmp.resolve(BINARIES_PREFIX + Outputs.sha256(archive).substring(0, HASH_CHARS));
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path partial = Files.createTempDirectory(tmp, BINARIES_PREFIX + "partial-");
        Files.setPosixFilePermissions(partial, WORLD_READABLE_DIR);
        unpack(archive, partial);
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            // Another test JVM unpacked the same archive first; use its copy.
        }
        return target;
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                }
                if (!entry.isSymbolicLink()) {
                    Files.setPosixFilePermissions(file, permissions(entry.getMode()));
                }
            }
        }
    }

    /** The entry's mode, made readable (and for executables, runnable) by everyone, as the server user needs. */
    private static Set<PosixFilePermission> permissions(int mode) {
        boolean executable = (mode & 0100) != 0;
        return PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
    }
}
