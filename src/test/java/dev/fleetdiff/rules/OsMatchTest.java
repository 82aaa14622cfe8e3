package dev.fleetdiff.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OsMatchTest {
    private static final String EVENT = "ossec: output: 'netstat -tan |grep LISTEN|grep -v 127.0.0.1':\ntcp 0.0.0.0:22\n";

    private static boolean matches(String match, String text) {
        return OsMatch.compile(match).find(text);
    }

    @Test
    void isACaseInsensitiveSubstringSearch() {
        assertThat(matches("tcp 0.0.0.0:22", EVENT)).isTrue();
        assertThat(matches("TCP 0.0.0.0", EVENT)).isTrue();
        assertThat(matches("tcp 0x0", EVENT)).isFalse();
    }

    @Test
    void barSeparatesAlternativesEvenInTheOssecPostRule() {
        assertThat(OsMatch.toJava("a|b")).isEqualTo("\\Qa\\E|\\Qb\\E");
        assertThat(matches("nothing|LISTEN", EVENT)).isTrue();
        String post = "ossec: output: 'netstat -tan |grep LISTEN";
        assertThat(matches(post, EVENT)).isTrue();
        assertThat(matches(post, "ossec: output: 'ss -tln | grep LISTEN':\n")).isTrue();
        assertThat(matches(post, "ossec: output: 'netstat -tan -p':\n")).isTrue();
        assertThat(matches(post, "ossec: output: 'netstat -tan':\n")).isFalse();
        assertThat(matches(post, "ossec: output: 'netstat -tn':\ngrep LISTENING\n")).isTrue();
        assertThat(matches(post, "ossec: output: 'ss -tln':\nLISTEN\n")).isFalse();
    }

    @Test
    void caretAndDollarAnchorToTheWholeText() {
        assertThat(OsMatch.toJava("^a$")).isEqualTo("\\A\\Qa\\E\\z");
        assertThat(matches("^ossec: output: ", EVENT)).isTrue();
        assertThat(matches("^output", EVENT)).isFalse();
        assertThat(matches(":22\n$", EVENT)).isTrue();
        assertThat(matches(":22$", EVENT)).isFalse();
        assertThat(matches("^abc$", "ABC")).isTrue();
        assertThat(matches("^abc$", "abcd")).isFalse();
    }

    @Test
    void onlyAsciiLettersMatchTheirOtherCase() {
        assertThat(matches("kernel", "KERNEL")).isTrue();
        assertThat(matches("kernel", "\u212Aernel")).as("Kelvin sign").isFalse();
        assertThat(matches("\u00e9t\u00e9", "\u00c9T\u00c9")).as("Java's ASCII-only case folding").isFalse();
    }

    @Test
    void everyOtherCharacterIsLiteral() {
        assertThat(matches("a.c", "abc")).isFalse();
        assertThat(matches("\\d+(x)*", "\\d+(x)*")).isTrue();
        assertThat(matches("mid^dle$x", "mid^dle$x")).isTrue();
    }

    @Test
    void emptyPatternsAndAlternativesAreRejected() {
        assertThatThrownBy(() -> OsMatch.toJava("")).hasMessage("is empty; write the text to look for");
        assertThatThrownBy(() -> OsMatch.toJava("a|")).hasMessage("has an empty alternative (between two |, at an "
                + "end, or only ^ or $), which would match every event; remove it");
        assertThatThrownBy(() -> OsMatch.toJava("^")).hasMessageStartingWith("has an empty alternative");
        assertThatThrownBy(() -> OsMatch.toJava("$|x")).hasMessageStartingWith("has an empty alternative");
    }
}
