package dev.fleetdiff.collect.ssh;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The version exchange's bounds, byte by byte as sshj reads it, then in blocks as its reader thread does. */
class HandshakeInputTest {

    private static final String VERSION = "SSH-2.0-OpenSSH_9.6\r\n";

    private static HandshakeInput input(String text) {
        return new HandshakeInput(new ByteArrayInputStream(text.getBytes(US_ASCII)));
    }

    private static String lines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("line ").append(i).append("\r\n");
        }
        return text.toString();
    }

    /** Reads the version line a byte at a time, then the rest in blocks; returns all it read. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int next;
        while ((next = in.read()) >= 0) {
            read.write(next);
            if (next == '\n') {
                break;
            }
        }
        in.transferTo(read);
        return read.toString(US_ASCII);
    }

    @Test
    void linesBeforeTheVersionLineAreDroppedAndTheRestPassesUnchanged() throws IOException {
        String text = "Welcome\r\nSSH\r\nSSX-2.0-not-yet\r\nS\n" + VERSION + "packets\nSSH-more";

        assertThat(readAll(input(text))).isEqualTo(VERSION + "packets\nSSH-more");
    }

    @Test
    void theVersionLineMayBeTheLastOfTheFirst1024Lines() throws IOException {
        assertThat(readAll(input(lines(1023) + VERSION))).isEqualTo(VERSION);
    }

    @Test
    void aVersionLineAfter1024OtherLinesIsRefused() {
        assertThatThrownBy(() -> readAll(input(lines(1024) + VERSION)))
                .isInstanceOf(HandshakeInput.BoundBroken.class)
                .hasMessage("sent no SSH version line within its first 1024 lines");
    }

    @Test
    void aLineBeforeTheVersionMayHave8KiBButNoMore() throws IOException {
        assertThat(readAll(input("x".repeat(8192) + "\n" + VERSION))).isEqualTo(VERSION);
        assertThatThrownBy(() -> readAll(input("x".repeat(8193) + "\n" + VERSION)))
                .hasMessage("sent a line of more than 8 KiB before its SSH version line");
    }

    @Test
    void theVersionLineMayHave255BytesButNoMore() throws IOException {
        String longest = "SSH-2.0-" + "v".repeat(255 - 10) + "\r\n";
        assertThat(readAll(input(longest))).isEqualTo(longest);
        assertThatThrownBy(() -> readAll(input("SSH-2.0-" + "v".repeat(255 - 9) + "\r\n")))
                .hasMessage("sent an SSH version line longer than 255 bytes");
    }

    @Test
    void moreThan1MiBBetweenTheVersionLineAndLoginIsRefused() throws IOException {
        String justEnough = VERSION + "p".repeat(HandshakeInput.MAX_HANDSHAKE_BYTES);
        assertThat(readAll(input(justEnough))).hasSize(justEnough.length());

        HandshakeInput tooMuch = input(justEnough + "p");
        assertThatThrownBy(() -> readAll(tooMuch)).hasMessage("sent more than 1 MiB before login was done (a real "
                + "server sends a few KiB)");
    }

    @Test
    void afterLoginTheServerMaySendAnyAmount() throws IOException {
        HandshakeInput in = input(VERSION + "p".repeat(2 * HandshakeInput.MAX_HANDSHAKE_BYTES));
        assertThat(in.readNBytes(VERSION.length())).asString(US_ASCII).isEqualTo(VERSION);

        in.loggedIn();

        assertThat(in.readAllBytes()).hasSize(2 * HandshakeInput.MAX_HANDSHAKE_BYTES);
    }
}
