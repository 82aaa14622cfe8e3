package dev.fleetdiff.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinearRegexTest {

    @Test
    void findsLikeJavaRegexes() {
        assertThat(LinearRegex.compile("^tcp6").find("tcp6 0 0 :::22")).isTrue();
        assertThat(LinearRegex.compile("ESTABLISHED$").find("tcp ESTABLISHED")).isTrue();
        assertThat(LinearRegex.compile("ESTABLISHED$").find("ESTABLISHED tcp")).isFalse();
        assertThat(LinearRegex.compile("(?i)listen\\s+\\d+").find("LISTEN 22")).isTrue();
        assertThat(LinearRegex.compile("^(?<user>\\w+):").find("root:x:0")).isTrue();
        assertThat(LinearRegex.compile("a{2,3}").pattern()).isEqualTo("a{2,3}");
    }

    /** Each of these backtracks exponentially in java.util.regex: a 40-character line would take hours there. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"(a+)+$; a", "(x+x+)+y; x", "(a|aa)+$; a", "^(\\w+\\s?)*$; a"})
    void nestedRepetitionRunsInLinearTime(String regex, String repeated) {
        String line = repeated.repeat(1_000_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(LinearRegex.compile(regex).find(line))
                .isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "^(\\w+) \\1$   | a backreference near \"\\1\"",
        "x\\k<name>     | a backreference near \"\\k<\"",
        "^#(?!include)  | a lookahead near \"(?!\"",
        "(?=a)b         | a lookahead near \"(?=\"",
        "(?<!a)b        | a lookbehind near \"(?<!\"",
        "(?<=a)b        | a lookbehind near \"(?<=\"",
        "(?>a+)b        | an atomic group near \"(?>\"",
        "a++b           | a possessive quantifier near \"++\"",
    })
    void featuresThatNeedBacktrackingAreRefusedByName(String regex, String feature) {
        assertThatThrownBy(() -> LinearRegex.compile(regex.strip())).hasMessage("uses " + feature.strip() + ", which "
                + "regexes over host output do not have, since it can take exponential time; write the pattern "
                + "without it (RE2 syntax), for example spell out what may follow");
    }

    @Test
    void aSyntaxErrorSaysWhereAndHowToFixIt() {
        assertThatThrownBy(() -> LinearRegex.compile("[a-")).hasMessage("is not a valid regex: missing closing ] "
                + "near \"[a-\"; fix the pattern (put a backslash before a literal ( [ { . * + or ?)");
    }

    /** The sudoers ignore of the default commands, spelled out without lookahead, drops exactly what it did. */
    @Test
    void theSudoersCommentPatternDropsWhatTheLookaheadDid() {
        LinearRegex spelled = LinearRegex.compile(
                "^[^:]*:\\s*#($|[^i]|i($|[^n]|n($|[^c]|c($|[^l]|l($|[^u]|u($|[^d]|d($|[^e])))))))");
        Pattern lookahead = Pattern.compile("^[^:]*:\\s*#(?!include)");
        for (String line : List.of("/etc/sudoers:# comment", "/etc/sudoers:#", "/etc/sudoers:  #i", "f:#inc",
                "f:#includ", "f:#include /etc/x", "f:#includedir /etc/sudoers.d", "f:#Include", "f:#incl x",
                "f:root ALL=(ALL) ALL", "f:", "f:#includ e", "f: # include")) {
            assertThat(spelled.find(line)).as(line).isEqualTo(lookahead.matcher(line).find());
        }
    }
}
