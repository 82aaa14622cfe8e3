package dev.fleetdiff.testing;

import dev.fleetdiff.text.HostBytes;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FakeHost} does when asked to run one command line.
 *
 * @param behaviour  how the command ends
 * @param stdout     printed first, on stdout, as the bytes {@link HostBytes#encode} makes of it (UTF-8, with each
 *                   lone U+DC80..U+DCFF sent as the raw byte 0x80..0xFF)
 * @param stderr     printed after stdout, on stderr
 * @param exitCode   exit status sent for {@link Behaviour#EXIT} and {@link Behaviour#FLOOD}
 * @param delay      waited before printing anything
 * @param floodBytes stdout bytes written by {@link Behaviour#FLOOD}
 * @param signal     signal name (without SIG) sent by {@link Behaviour#SIGNAL}
 * @param tag        written into every {@code tagEvery}-th line by {@link Behaviour#LINES}
 * @param tagEvery   how often {@link Behaviour#LINES} writes {@code tag}; the other lines say "same"
 */
public record Reply(Behaviour behaviour, String stdout, String stderr, int exitCode, Duration delay,
                    long floodBytes, String signal, String tag, int tagEvery) {

    /** How a canned command ends. */
    public enum Behaviour {
        /** Print, then exit with {@code exitCode}. */
        EXIT,
        /** Print, then run until the client closes the channel. */
        HANG,
        /** Print, then run and ignore the client's channel close: a stuck server that only a disconnect ends. */
        STUCK,
        /** Print, then the whole connection goes silent: nothing is read or answered, as when the host dies. */
        FREEZE,
        /** Write {@code floodBytes} bytes of text to stdout as fast as the client takes them, then exit. */
        FLOOD,
        /** Print, then end by a signal: exit-signal and no exit status, like a process killed with kill -9. */
        SIGNAL,
        /** Write {@code floodBytes} bytes of numbered 64-byte lines, generated as they go, then exit 0. */
        LINES
    }

    public Reply {
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(delay, "delay");
    }

    /** Prints {@code stdout} and exits 0. */
    public static Reply ok(String stdout) {
        return exit(0, stdout, "");
    }

    /** Prints exactly these bytes, valid UTF-8 or not, and exits 0. */
    public static Reply okBytes(byte[] stdout) {
        return ok(HostBytes.decode(stdout));
    }

    public static Reply exit(int exitCode, String stdout, String stderr) {
        return new Reply(Behaviour.EXIT, stdout, stderr, exitCode, Duration.ZERO, 0, "", "", 1);
    }

    public static Reply hang() {
        return new Reply(Behaviour.HANG, "", "", 0, Duration.ZERO, 0, "", "", 1);
    }

    public static Reply stuck() {
        return new Reply(Behaviour.STUCK, "", "", 0, Duration.ZERO, 0, "", "", 1);
    }

    public static Reply freeze() {
        return new Reply(Behaviour.FREEZE, "", "", 0, Duration.ZERO, 0, "", "", 1);
    }

    public static Reply flood(long bytes) {
        return new Reply(Behaviour.FLOOD, "", "", 0, Duration.ZERO, bytes, "", "", 1);
    }

    public static Reply killedBy(String signal) {
        return new Reply(Behaviour.SIGNAL, "", "", 0, Duration.ZERO, 0, signal, "", 1);
    }

    /**
     * {@code bytes} of numbered lines, each 64 bytes, generated while they are sent (a large output costs the fake host
     * no memory): line n reads "n tag" when n is a multiple of {@code tagEvery}, else "n same".
     */
    public static Reply lines(long bytes, String tag, int tagEvery) {
        return new Reply(Behaviour.LINES, "", "", 0, Duration.ZERO, bytes, "", tag, tagEvery);
    }

    /** The same reply, printed only after {@code wait}. */
    public Reply after(Duration wait) {
        return new Reply(behaviour, stdout, stderr, exitCode, wait, floodBytes, signal, tag, tagEvery);
    }

    /** The same reply with this stdout printed first. */
    public Reply printing(String text) {
        return new Reply(behaviour, text, stderr, exitCode, delay, floodBytes, signal, tag, tagEvery);
    }
}
