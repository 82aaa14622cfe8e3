package dev.fleetdiff.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the files fleetdiff writes private to its user (0600, folders 0700) whatever the umask, and says when an
 * existing one is open to others: the database and alert log hold every output (such as {@code /etc/shadow}), and
 * whoever can write known_hosts can plant a host key.
 */
public final class PrivateFiles {
    /** Read and write for the owner only. */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** Read, write and enter for the owner only. */
    static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    /** Mode bits of group and others: any access at all. */
    private static final int OTHERS_ANY = 0077;
    /** Mode bits that let group or others write. */
    private static final int OTHERS_WRITE = 0022;
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

    /** Which access by others makes a file unsafe. */
    public enum Guard {
        /** The file holds secrets: no one else may read or write it. */
        SECRET(OTHERS_ANY, "readable or writable by others"),
        /** The file decides whom to trust: no one else may write it. */
        TRUST(OTHERS_WRITE, "writable by others");

        private final int forbidden;
        private final String what;

        Guard(int forbidden, String what) {
            this.forbidden = forbidden;
            this.what = what;
        }
    }

    private PrivateFiles() {
    }

    /** Creates {@code file} empty and 0600 unless it exists, and first its missing folders, each 0700. */
    public static void createWithFolders(Path file) throws IOException {
        createFolders(file.toAbsolutePath().getParent());
        create(file);
    }

    /** Creates {@code file} empty and exactly 0600, whatever the umask, unless it exists; its folder must exist. */
    @SuppressWarnings("try")   // the channel is opened only to create the file with its mode
    public static void create(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isPosix()) {
            createQuietly(absolute);
            return;
        }
        try (var channel = Files.newByteChannel(absolute, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(FILE_MODE))) {
            // The umask can only take bits away from 0600; setting the mode again makes it exactly 0600.
            Files.setPosixFilePermissions(absolute, FILE_MODE);
        } catch (FileAlreadyExistsException e) {
            // another process or thread made it first; it is checked like any existing file
        }
    }

    /** Creates the missing folders of {@code folder}, each 0700 whatever the umask; existing ones are left alone. */
    public static void createFolders(Path folder) throws IOException {
        if (folder == null) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path f = folder.toAbsolutePath(); f != null && !Files.isDirectory(f); f = f.getParent()) {
            missing.push(f);
        }
        while (!missing.isEmpty()) {
            Path f = missing.pop();
            try {
                if (isPosix()) {
                    Files.createDirectory(f, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
                    Files.setPosixFilePermissions(f, FOLDER_MODE);
                } else {
                    Files.createDirectory(f);
                }
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by someone else
            }
        }
    }

    /**
     * What is wrong with an existing file's mode under this guard, or empty when nothing is, the file is missing or
     * the file system has no POSIX modes; for example "readable or writable by others (mode 0644)".
     */
    public static Optional<String> exposure(Path file, Guard guard) throws IOException {
        if (!isPosix()) {
            return Optional.empty();
        }
        try {
            return exposure(Files.readAttributes(file, PosixFileAttributes.class).permissions(), guard);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** What is wrong with a mode under this guard, or empty. */
    public static Optional<String> exposure(Set<PosixFilePermission> mode, Guard guard) {
        return exposure(bits(mode), guard);
    }

    /** What is wrong with a mode ({@code st_mode}, as the "unix:mode" attribute gives it) under this guard, or empty. */
    public static Optional<String> exposure(int mode, Guard guard) {
        return (mode & guard.forbidden) != 0
                ? Optional.of(guard.what + " (mode " + String.format("0%03o", mode & 0777) + ")") : Optional.empty();
    }

    /**
     * Logs one warning when an existing file is open to others under this guard; {@code holds} says why that matters.
     * Callers warn once per file they own; a file that cannot be checked is left to the code that uses it.
     */
    public static void warnIfExposed(Path file, Guard guard, String holds) {
        try {
            exposure(file, guard).ifPresent(problem -> LOG.warn("{} is {}; it {}; run chmod {} {}", file, problem,
                    holds, guard == Guard.SECRET ? "600" : "go-w", file));
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot check the mode of {}", file, e);
        }
    }

    /** The mode as {@code ls} and {@code chmod} write it in octal, such as {@code 0644}. */
    public static String octal(Set<PosixFilePermission> mode) {
        return String.format("0%03o", bits(mode));
    }

    private static int bits(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (PosixFilePermission.values().length - 1 - p.ordinal());
        }
        return bits;
    }

    /** Whether files here have POSIX modes (not so on Windows). */
    public static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void createQuietly(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile
        }
    }
}
