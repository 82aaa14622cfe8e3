package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.text.HostBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a command read to its end: the first {@code limit} bytes are kept, every byte is counted.
 * Passing the limit runs {@code onLimit} once (which closes the channel) and the rest is read only to be dropped,
 * so that the server's close is not held up by a full window.
 */
final class OutputCapture {

    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int INITIAL_BYTES = 256;
    /** Largest byte array the JVM allocates reliably. */
    private static final long MAX_KEPT = Integer.MAX_VALUE - 8;

    private final long limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(INITIAL_BYTES);
    private long total;

    private OutputCapture(long limit) {
        this.limit = Math.min(limit, MAX_KEPT);
    }

    static OutputCapture read(InputStream in, long limit, Runnable onLimit) throws IOException {
        OutputCapture capture = new OutputCapture(limit);
        byte[] chunk = new byte[CHUNK_BYTES];
        for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
            boolean wasOver = capture.overLimit();
            capture.keep(chunk, n);
            if (!wasOver && capture.overLimit()) {
                onLimit.run();
            }
        }
        return capture;
    }

    private void keep(byte[] chunk, int n) {
        int room = (int) Math.min(n, Math.max(0, limit - kept.size()));
        kept.write(chunk, 0, room);
        total += n;
    }

    boolean overLimit() {
        return total > limit;
    }

    /** Bytes the stream delivered, including dropped ones. */
    long total() {
        return total;
    }

    long kept() {
        return kept.size();
    }

    /**
     * The kept bytes as text that encodes back to exactly them ({@link HostBytes}): bytes that are not valid UTF-8
     * (including a character cut at the limit) become escapes, never U+FFFD, so no change in them goes unseen.
     */
    String text() {
        // decoded from the stream's own buffer, without a copy of it, when the bytes are plain UTF-8
        String plain = kept.toString(StandardCharsets.UTF_8);
        return plain.indexOf('\uFFFD') < 0 ? plain : HostBytes.decode(kept.toByteArray());
    }
}
