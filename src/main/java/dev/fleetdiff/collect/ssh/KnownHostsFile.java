package dev.fleetdiff.collect.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenSSH known_hosts file shared by every poll of a collector. It is parsed once and again only when its
 * size or modification time changes; appends (accept-new) are serialized in this process and, through a file
 * lock, with other fleetdiff processes, and re-check the file under the lock so that a host is never added twice.
 */
final class KnownHostsFile {

    /** What the file says about a presented key; {@code line} is the matching or the expected line. */
    record Verdict(Kind kind, Optional<KnownHostLine> line) {
        enum Kind { TRUSTED, UNKNOWN, CHANGED, REVOKED }
    }

    private final Path path;
    private final Object appendLock = new Object();
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    KnownHostsFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    Verdict check(String hostId, KeyBlob presented) throws IOException {
        return current().check(hostId, presented);
    }

    /** Key algorithms of the keys known for a host, so that the handshake asks the host for one of those first. */
    List<String> knownAlgorithms(String hostId) throws IOException {
        List<String> algorithms = new ArrayList<>();
        for (KnownHostLine line : current().linesFor(hostId)) {
            if (!line.revoked()) {
                algorithms.addAll(line.key().type().equals("ssh-rsa")
                        ? List.of("rsa-sha2-512", "rsa-sha2-256") : List.of(line.key().type()));
            }
        }
        return algorithms.stream().distinct().toList();
    }

    /**
     * Trust on first use: appends {@code hostId type base64} unless the file, re-read under the lock, already
     * says something about this host; returns the verdict of the file as it is then.
     */
    Verdict trustNew(String hostId, KeyBlob presented) throws IOException {
        synchronized (appendLock) {
            createParentDirectory();
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE)) {
                channel.lock(); // released when the channel closes
                byte[] content = readAll(channel);
                Snapshot fresh = Snapshot.parse(content, null, -1);
                Verdict verdict = fresh.check(hostId, presented);
                if (verdict.kind() != Verdict.Kind.UNKNOWN) {
                    return verdict;
                }
                boolean needsNewline = content.length > 0 && content[content.length - 1] != '\n';
                String line = hostId + " " + presented.knownHostsText();
                channel.write(ByteBuffer.wrap(((needsNewline ? "\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8)),
                        channel.size());
                channel.force(false);
                int number = fresh.lineCount() + 1;
                return new Verdict(Verdict.Kind.TRUSTED, KnownHostLine.parse(number, line));
            }
        }
    }

    private void createParentDirectory() throws IOException {
        Path parent = path.getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(parent);
        }
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // reads until the buffer holds the whole file
        }
        return buffer.array();
    }

    private Snapshot current() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Snapshot.EMPTY;
        }
        Snapshot seen = snapshot;
        if (seen.isOf(attributes)) {
            return seen;
        }
        synchronized (this) {
            if (!snapshot.isOf(attributes)) {
                snapshot = Snapshot.parse(Files.readAllBytes(path), attributes.lastModifiedTime(), attributes.size());
            }
            return snapshot;
        }
    }

    /**
     * The parsed file at one moment. Lines of plain host names are indexed by name, so that looking up one host costs
     * the same in a file of ten thousand hosts as in a file of ten; only wildcard, negated and hashed lines are tried
     * one by one. Per-host results are cached because hashed lines cost an HMAC each.
     */
    private record Snapshot(FileTime modified, long size, int lineCount, Map<String, List<KnownHostLine>> byName,
                            List<KnownHostLine> patterned, Map<String, List<KnownHostLine>> byHost) {

        static final Snapshot EMPTY = new Snapshot(null, -1, 0, Map.of(), List.of(), new ConcurrentHashMap<>());

        static Snapshot parse(byte[] content, FileTime modified, long size) {
            List<String> texts = new String(content, StandardCharsets.UTF_8).lines().toList();
            Map<String, List<KnownHostLine>> byName = new HashMap<>();
            List<KnownHostLine> patterned = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                KnownHostLine.parse(i + 1, texts.get(i)).ifPresent(line -> {
                    List<String> names = line.hosts().literals();
                    if (names.isEmpty()) {
                        patterned.add(line);
                    }
                    for (String name : names) {
                        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(line);
                    }
                });
            }
            return new Snapshot(modified, size, texts.size(), byName, List.copyOf(patterned), new ConcurrentHashMap<>());
        }

        boolean isOf(BasicFileAttributes attributes) {
            return attributes.lastModifiedTime().equals(modified) && attributes.size() == size;
        }

        /** The lines that apply to a host, in file order. */
        List<KnownHostLine> linesFor(String hostId) {
            return byHost.computeIfAbsent(hostId, id -> {
                List<KnownHostLine> found = new ArrayList<>(byName.getOrDefault(id.toLowerCase(Locale.ROOT), List.of()));
                patterned.stream().filter(line -> line.appliesTo(id)).forEach(found::add);
                found.sort(Comparator.comparingInt(KnownHostLine::number));
                return List.copyOf(found);
            });
        }

        Verdict check(String hostId, KeyBlob presented) {
            List<KnownHostLine> candidates = linesFor(hostId);
            for (KnownHostLine line : candidates) {
                if (line.revoked() && line.key().equals(presented)) {
                    return new Verdict(Verdict.Kind.REVOKED, Optional.of(line));
                }
            }
            for (KnownHostLine line : candidates) {
                if (!line.revoked() && line.key().equals(presented)) {
                    return new Verdict(Verdict.Kind.TRUSTED, Optional.of(line));
                }
            }
            Optional<KnownHostLine> expected = candidates.stream()
                    .filter(line -> !line.revoked())
                    .min(Comparator.comparing(line -> !line.key().type().equals(presented.type())));
            return expected.map(line -> new Verdict(Verdict.Kind.CHANGED, Optional.of(line)))
                    .orElseGet(() -> new Verdict(Verdict.Kind.UNKNOWN, Optional.empty()));
        }
    }
}
