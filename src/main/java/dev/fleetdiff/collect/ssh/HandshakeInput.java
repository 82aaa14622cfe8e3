package dev.fleetdiff.collect.ssh;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes a server sends on one SSH connection, held to the bounds of the handshake so that a hostile server costs
 * little CPU and memory before connect_timeout cuts it. As in OpenSSH, the version line must come within the first
 * {@value #MAX_LINES_TO_VERSION} lines, each at most {@value #MAX_LINE_BYTES} bytes; the lines before it are read and
 * dropped here, so sshj never holds or re-scans them. From the version line until {@link #loggedIn()}, the server may
 * send at most {@value #MAX_HANDSHAKE_BYTES} bytes; after that, bytes pass through unchanged. Not thread-safe: one
 * reader at a time, as sshj reads.
 */
final class HandshakeInput extends FilterInputStream {

    /** OpenSSH's SSH_MAX_PRE_BANNER_LINES: the version line must be among this many first lines. */
    static final int MAX_LINES_TO_VERSION = 1024;
    /** OpenSSH's SSH_MAX_BANNER_LEN: bytes per line before the version line, line end excluded. */
    static final int MAX_LINE_BYTES = 8 * 1024;
    /** RFC 4253 4.2: the version line, CR LF included. */
    static final int MAX_VERSION_LINE_BYTES = 255;
    /** Bytes from the version line to login: a real server sends a few KiB (key exchange, a login banner). */
    static final int MAX_HANDSHAKE_BYTES = 1024 * 1024;

    private static final byte[] VERSION_START = "SSH-".getBytes(US_ASCII);

    /** Thrown when the server breaks a bound; its message names the bound and holds no byte from the server. */
    static final class BoundBroken extends IOException {
        private static final long serialVersionUID = 1L;
        BoundBroken(String message) {
            super(message);
        }
    }

    private enum Phase { BEFORE_VERSION, VERSION_LINE, HANDSHAKE, LOGGED_IN }

    private volatile Phase phase = Phase.BEFORE_VERSION;
    private int linesBefore;
    /** Bytes of the current line (before and of the version line), then bytes of the handshake. */
    private long count;
    /** Whether the current line before the version line is known not to be the version line. */
    private boolean otherLine;
    /** Index in VERSION_START of the next byte of the version line to hand out, -1 once they are all out. */
    private int versionStart = -1;

    HandshakeInput(InputStream in) {
        super(in);
    }

    /** The connection is authenticated: from now on the server's bytes are the commands' business. */
    void loggedIn() {
        phase = Phase.LOGGED_IN;
    }

    @Override
    public int read() throws IOException {
        return switch (phase) {
            case BEFORE_VERSION, VERSION_LINE -> nextVersionByte();
            case HANDSHAKE -> {
                int next = in.read();
                if (next >= 0) {
                    count(1);
                }
                yield next;
            }
            case LOGGED_IN -> in.read();
        };
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return switch (phase) {
            case BEFORE_VERSION, VERSION_LINE -> {
                int next = length == 0 ? 0 : nextVersionByte();
                if (next >= 0 && length > 0) {
                    buffer[offset] = (byte) next;
                }
                yield next < 0 ? -1 : Math.min(length, 1);
            }
            case HANDSHAKE -> {
                int read = in.read(buffer, offset, length);
                if (read > 0) {
                    count(read);
                }
                yield read;
            }
            case LOGGED_IN -> in.read(buffer, offset, length);
        };
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(int bytes) throws BoundBroken {
        count += bytes;
        if (count > MAX_HANDSHAKE_BYTES) {
            throw new BoundBroken("sent more than " + UnitText.bytes(MAX_HANDSHAKE_BYTES) + " before login was done (a "
                    + "real server sends a few KiB)");
        }
    }

    /** The next byte of the version line, after reading and dropping the lines before it. */
    private int nextVersionByte() throws IOException {
        if (phase == Phase.VERSION_LINE) {
            return versionLineByte();
        }
        while (true) {
            int next = in.read();
            if (next < 0) {
                return next;
            }
            if (next == '\n') {
                lineBeforeVersion();
            } else if (++count > MAX_LINE_BYTES) {
                throw new BoundBroken("sent a line of more than " + UnitText.bytes(MAX_LINE_BYTES) + " before its SSH "
                        + "version line");
            } else if (!otherLine && next != VERSION_START[(int) count - 1]) {
                otherLine = true;
            } else if (!otherLine && count == VERSION_START.length) {
                phase = Phase.VERSION_LINE;
                versionStart = 0;
                return versionLineByte();
            }
        }
    }

    private int versionLineByte() throws IOException {
        if (versionStart >= 0) {
            int next = VERSION_START[versionStart++];
            versionStart = versionStart < VERSION_START.length ? versionStart : -1;
            return next;
        }
        int next = in.read();
        if (next >= 0 && ++count > MAX_VERSION_LINE_BYTES) {
            throw new BoundBroken("sent an SSH version line longer than " + MAX_VERSION_LINE_BYTES + " bytes");
        }
        if (next == '\n') {
            phase = Phase.HANDSHAKE;
            count = 0;
        }
        return next;
    }

    private void lineBeforeVersion() throws BoundBroken {
        if (++linesBefore >= MAX_LINES_TO_VERSION) {
            throw new BoundBroken("sent no SSH version line within its first " + MAX_LINES_TO_VERSION + " lines");
        }
        count = 0;
        otherLine = false;
    }
}
