package dev.fleetdiff.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void lineBreaksAndControlsBecomeOneSpace() {
        assertThat(HeaderText.of("web1\r\nBcc: thief@evil.example\u0000\u001b[31m\tX", 200))
                .isEqualTo("web1 Bcc: thief@evil.example [31m X");
    }

    @Test
    void unicodeLineSeparatorsAndBidiOverridesGoToo() {
        assertThat(HeaderText.of("a\u2028b\u2029c\u0085d\u202Eevil\u200Be", 200)).isEqualTo("a b c d evil e");
    }

    @Test
    void longValuesAreCutWithAnEllipsisWithoutSplittingACharacter() {
        assertThat(HeaderText.of("x".repeat(300), 20)).isEqualTo("x".repeat(17) + "...");
        assertThat(HeaderText.of("ab" + "\uD83D\uDE00".repeat(5), 6)).isEqualTo("ab...");
    }

    @Test
    void plainTextAndAccentsStay() {
        assertThat(HeaderText.of("  Ports geändert ✓  ", 200)).isEqualTo("Ports geändert ✓");
    }
}
