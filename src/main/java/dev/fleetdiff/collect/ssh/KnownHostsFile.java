package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsFile.class);

    private final Path path;
    private final Object appendLock = new Object();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final AtomicBoolean modeChecked = new AtomicBoolean();
    private final AtomicBoolean certAuthoritiesReported = new AtomicBoolean();

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
            checkModeOnce();
            PrivateFiles.createWithFolders(path);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
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

    /** Whoever can write known_hosts can plant a host key: says so once, the first time the file is used. */
    private void checkModeOnce() {
        if (!modeChecked.getAndSet(true)) {
            PrivateFiles.warnIfExposed(path, PrivateFiles.Guard.TRUST, "decides which host keys are trusted, and "
                    + "whoever can write it can make fleetdiff trust an impostor");
        }
    }

    /** Host certificates are not verified: says once per file that its @cert-authority lines are ignored. */
    private void reportCertAuthorities(Snapshot parsed) {
        if (parsed.certAuthorityLine() > 0 && !certAuthoritiesReported.getAndSet(true)) {
            LOG.warn("{}:{}: @cert-authority lines are ignored: fleetdiff does not verify host certificates, so a "
                    + "host is trusted only by a plain key line of its own; add one per host (ssh-keyscan HOST, "
                    + "checked out of band) or use host_key_policy: accept-new", path, parsed.certAuthorityLine());
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
        checkModeOnce();
        synchronized (this) {
            if (!snapshot.isOf(attributes)) {
                snapshot = Snapshot.parse(Files.readAllBytes(path), attributes.lastModifiedTime(), attributes.size());
                reportCertAuthorities(snapshot);
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
                            List<KnownHostLine> patterned, Map<String, List<KnownHostLine>> byHost,
                            int certAuthorityLine) {

        static final Snapshot EMPTY = new Snapshot(null, -1, 0, Map.of(), List.of(), new ConcurrentHashMap<>(), 0);

        static Snapshot parse(byte[] content, FileTime modified, long size) {
            List<String> texts = new String(content, StandardCharsets.UTF_8).lines().toList();
            Map<String, List<KnownHostLine>> byName = new HashMap<>();
            List<KnownHostLine> patterned = new ArrayList<>();
            int certAuthorityLine = 0;
            for (int i = 0; i < texts.size(); i++) {
                if (certAuthorityLine == 0 && KnownHostLine.isCertAuthority(texts.get(i))) {
                    certAuthorityLine = i + 1;
                }
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
            return new Snapshot(modified, size, texts.size(), byName, List.copyOf(patterned), new ConcurrentHashMap<>(),
                    certAuthorityLine);
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
