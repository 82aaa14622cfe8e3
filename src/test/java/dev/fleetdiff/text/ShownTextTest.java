package dev.fleetdiff.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShownTextTest {

    @Test
    void textKeepsNewlinesTabsAndLettersButNotControlsOrBidi() {
        assertThat(ShownText.text("ok\tline\n\u001b[31mred\r\u009b2J\u202egnp.exe\u2028\u00e9\u007f"))
                .isEqualTo("ok\tline\n?[31mred??2J?gnp.exe?\u00e9?");
    }

    @Test
    void lineFoldsNewlinesAndTabs() {
        assertThat(ShownText.line("web1\nBcc: x@example.com\tok")).isEqualTo("web1 Bcc: x@example.com ok");
    }

    @Test
    void charactersOutsideTheBasicPlaneAreJudgedAsWholeCodePoints() {
        String tags = "\uDB40\uDC01\uDB40\uDC41";   // U+E0001 LANGUAGE TAG, U+E0041 TAG LATIN CAPITAL A
        String privateUse = "\uDBC0\uDC00";         // U+100000, plane 16 private use
        assertThat(ShownText.text("a" + tags + "b" + privateUse + "c\uD83D\uDE00")).isEqualTo("a??b?c\uD83D\uDE00");
    }

    @Test
    void everyBidiControlAndInvisibleFormatCharacterIsRefused() {
        for (int c : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B,
                0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD, 0x2028, 0x2029, 0x0085, 0xE000, 0xFFFF}) {
            assertThat(ShownText.isShown(c)).as("U+%04X", c).isFalse();
        }
    }

    @Test
    void invalidBytesAreShownAsHexEscapesAndLoneSurrogatesAsRefused() {
        assertThat(ShownText.text("x\uDCFF\n")).isEqualTo("x\\xff\n");
        assertThat(ShownText.line("x\uDCFE\uD800")).isEqualTo("x\\xfe?");
    }

    @Test
    void lineCutsAfterTheGivenNumberOfCodePoints() {
        assertThat(ShownText.line("x".repeat(10), 4)).isEqualTo("xxxx...");
        assertThat(ShownText.line("ab\uD83D\uDE00\uD83D\uDE00", 3)).isEqualTo("ab\uD83D\uDE00...");
        assertThat(ShownText.line("abc", 3)).isEqualTo("abc");
        assertThat(ShownText.line(null)).isEmpty();
    }

    @Test
    void messagesAreOneLineAndBounded() {
        assertThat(ShownText.message("bad\u001b[31m\r\nbanner\u202Etxt")).isEqualTo("bad?[31m? banner?txt");
        assertThat(ShownText.message("x".repeat(1000))).hasSize(ShownText.MESSAGE_CHARS + 3).endsWith("...");
        assertThat(ShownText.message("caf\u00e9")).isEqualTo("caf\u00e9");
    }
}
