package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {

    @Test
    void replacesControlAndBidiCharactersAndCutsLongText() {
        assertThat(PrintableText.of("bad\u001b[31m\r\nbanner\u202Etxt")).isEqualTo("bad?[31m??banner?txt");
        assertThat(PrintableText.of("x".repeat(1000))).hasSize(PrintableText.MAX_CHARS + 3).endsWith("...");
        assertThat(PrintableText.of(null)).isEmpty();
        assertThat(PrintableText.of("caf\u00e9")).isEqualTo("caf\u00e9");
    }
}
