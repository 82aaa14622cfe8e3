package dev.fleetdiff.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HostBytesTest {

    @Test
    void validUtf8DecodesAsUsual() {
        String text = "ok \u2713 caf\u00e9 \uD83D\uDE00 \u0000\n";
        assertThat(HostBytes.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(HostBytes.encode(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidBytesBecomeDistinctEscapesAndEncodeBackExactly() {
        byte[] ff = {'x', (byte) 0xFF, '\n'};
        byte[] fe = {'x', (byte) 0xFE, '\n'};

        assertThat(HostBytes.decode(ff)).isEqualTo("x\uDCFF\n").isNotEqualTo(HostBytes.decode(fe));
        assertThat(HostBytes.encode(HostBytes.decode(ff))).isEqualTo(ff);
        assertThat(HostBytes.encode(HostBytes.decode(fe))).isEqualTo(fe);
    }

    @Test
    void aCharacterCutShortAndAnEncodedSurrogateKeepEveryByte() {
        byte[] cut = {'a', (byte) 0xE2, (byte) 0x9C};
        byte[] surrogate = {(byte) 0xED, (byte) 0xB3, (byte) 0xBF, 'z'};

        assertThat(HostBytes.decode(cut)).isEqualTo("a\uDCE2\uDC9C");
        assertThat(HostBytes.encode(HostBytes.decode(surrogate))).isEqualTo(surrogate);
        assertThat(HostBytes.decode(surrogate)).isEqualTo("\uDCED\uDCB3\uDCBFz");
    }

    @Test
    void everyByteStringRoundTrips() {
        Random random = new Random(42);
        for (int run = 0; run < 2_000; run++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            assertThat(HostBytes.encode(HostBytes.decode(bytes))).as("run %d", run).isEqualTo(bytes);
        }
    }

    @Test
    void escapeBytesWritesOnlyInvalidBytes() {
        assertThat(HostBytes.escapeBytes("x\uDCFF\uDCFE\u001b\uD83D\uDE00")).isEqualTo("x\\xff\\xfe\u001b\uD83D\uDE00");
        assertThat(HostBytes.escapeBytes("lone \uD800 high")).isEqualTo("lone \uFFFD high");
    }
}
