package dev.fleetdiff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void escapesControlsAndBidiOverridesButKeepsNewlinesTabsAndLetters() {
        assertThat(TerminalText.safe("ok\tline\n\u001b[31mred\r\u009b2J\u202egnp.exe\u2028é"))
                .isEqualTo("ok\tline\n?[31mred??2J?gnp.exe?é");
    }

    @Test
    void oneLineFoldsNewlines() {
        assertThat(TerminalText.oneLine("web1\nBcc: x@example.com")).isEqualTo("web1 Bcc: x@example.com");
    }
}
