package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    @Test
    void keepsTheFirstBytesCountsAllAndSignalsTheLimitOnce() throws IOException {
        AtomicInteger signalled = new AtomicInteger();
        byte[] input = "0123456789".repeat(10_000).getBytes();

        OutputCapture capture = OutputCapture.read(new ByteArrayInputStream(input), 25, signalled::incrementAndGet);

        assertThat(capture.text()).isEqualTo("0123456789012345678901234");
        assertThat(capture.kept()).isEqualTo(25);
        assertThat(capture.total()).isEqualTo(100_000);
        assertThat(capture.overLimit()).isTrue();
        assertThat(signalled).hasValue(1);
    }

    @Test
    void outputOfExactlyTheLimitIsNotOver() throws IOException {
        AtomicInteger signalled = new AtomicInteger();

        OutputCapture capture = OutputCapture.read(new ByteArrayInputStream("abc".getBytes()), 3, signalled::incrementAndGet);

        assertThat(capture.overLimit()).isFalse();
        assertThat(capture.text()).isEqualTo("abc");
        assertThat(signalled).hasValue(0);
    }

    @Test
    void malformedUtf8AndACharacterCutAtTheLimitKeepEachByteAsAnEscape() throws IOException {
        byte[] input = {'o', 'k', (byte) 0xFF, ' ', (byte) 0xE2, (byte) 0x9C, (byte) 0x93};

        assertThat(OutputCapture.read(new ByteArrayInputStream(input), 100, () -> { }).text()).isEqualTo("ok\uDCFF \u2713");
        assertThat(OutputCapture.read(new ByteArrayInputStream(input), 6, () -> { }).text()).isEqualTo("ok\uDCFF \uDCE2\uDC9C");
    }
}
