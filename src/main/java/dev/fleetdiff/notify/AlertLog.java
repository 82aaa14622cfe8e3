package dev.fleetdiff.notify;

import dev.fleetdiff.files.PrivateFiles;
import dev.fleetdiff.rules.Alert;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "log" channel: appends alerts to alerts.jsonl, one JSON object a line, synced to disk before they are marked
 * delivered. An alert already in the file (written just before a crash, not yet marked) is not written twice.
 */
public final class AlertLog implements AlertChannel {
    /** How much of the file's end is read to find alerts written before a crash (more than one delivery batch). */
    static final int RECENT_BYTES = 64 * 1024 * 1024;
    /** Ids remembered before the file's end is read again, bounding memory in a long-running daemon. */
    static final int MAX_REMEMBERED = 100_000;
    private static final Pattern ID = Pattern.compile("^\\{\"id\":\"([^\"]+)\"", Pattern.MULTILINE);

    private final Path file;
    private Set<String> recentIds;
    private boolean modeChecked;

    public AlertLog(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public synchronized void deliver(List<Alert> alerts) throws DeliveryException {
        try {
            if (recentIds == null || recentIds.size() > MAX_REMEMBERED) {
                recentIds = readRecentIds();
            }
            StringBuilder lines = new StringBuilder();
            for (Alert alert : alerts) {
                if (recentIds.add(alert.id())) {
                    lines.append(AlertJson.line(alert)).append('\n');
                }
            }
            if (lines.isEmpty()) {
                return;
            }
            createPrivately();
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(false);
            }
        } catch (IOException e) {
            throw new DeliveryException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates the log (and its missing folders) private to this user, or once says that the existing one is not. */
    private void createPrivately() throws IOException {
        if (!modeChecked && Files.exists(file)) {
            PrivateFiles.warnIfExposed(file, PrivateFiles.Guard.SECRET, "holds the outputs and diffs of every alert");
        }
        modeChecked = true;
        PrivateFiles.createWithFolders(file);
    }

    /**
     * A crash during an append can leave half a line at the end. Its alert was not marked delivered, so it is written
     * again whole; the torn part is cut off first so that it neither hides the alert nor corrupts the next line.
     */
    private static void dropTornLastLine(RandomAccessFile in) throws IOException {
        long end = in.length();
        long pos = end;
        while (pos > 0) {
            in.seek(pos - 1);
            if (in.read() == '\n') {
                break;
            }
            pos--;
        }
        if (pos < end) {
            in.setLength(pos);
        }
    }

    private Set<String> readRecentIds() throws IOException {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(file)) {
            return ids;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "rw")) {
            dropTornLastLine(in);
            long start = Math.max(0, in.length() - RECENT_BYTES);
            byte[] tail = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(tail);
            Matcher m = ID.matcher(new String(tail, StandardCharsets.UTF_8));
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
