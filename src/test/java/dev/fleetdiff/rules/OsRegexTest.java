package dev.fleetdiff.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsRegexTest {

    private static boolean matches(String regex, String text) {
        return OsRegex.compile(regex).find(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\\w     | [A-Za-z0-9@_-]",
        "\\W     | [^A-Za-z0-9@_-]",
        "\\d     | [0-9]",
        "\\D     | [^0-9]",
        "\\s     | [ ]",
        "\\S     | [^ ]",
        "\\p     | \"[!\"\"#$%&'()*+,\\-.:;<=>?\\[\\]{|}]\"",
        "\\t     | \\t",
        "\\.     | (?s:.)",
        "\\$     | \\$",
        "\"\\|\" | \"\\|\"",
        "\\<     | <",
        "\\(     | \\(",
        "\\)     | \\)",
        "\\\\    | \\\\",
        "\\[     | \\[",
        "\\]     | \\]",
        "\\{     | \\{",
        "\\}     | \\}",
    })
    void everyEscapeTranslatesToItsJavaEquivalent(String ossec, String java) {
        assertThat(OsRegex.toJava(ossec.strip())).isEqualTo(java.strip());
    }

    @ParameterizedTest(name = "{0} matches \"{1}\" but not \"{2}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "^\\w+$  | ab-c_9@Z | a.b",
        "^\\W$   | .        | -",
        "^\\d+$  | 0129     | 12a",
        "^\\D+$  | abc-     | ab1",
        "^a\\sb$ | a b      | \"a\tb\"",
        "^\\S+$  | \"a\tb\"   | a b",
        "^\\p+$  | \"!\"\"#$%&'()*+,-.:;<=>?[]{|}\" | /",
        "^\\p$   | }        | _",
        "^a\\tb$ | \"a\tb\"   | a b",
        "^a\\.c$ | a/c      | ac",
        "^a\\$$  | a$       | a",
        "\"^a\\|b$\" | \"a|b\" | a",
        "^\\<x$  | <x       | x",
        "^\\(x\\)$ | (x)    | x",
        "^a\\\\b$ | a\\b    | ab",
        "^\\[\\]\\{\\}$ | []{} | ()",
    })
    void everyEscapeMatchesWhatOssecMatches(String regex, String yes, String no) {
        assertThat(matches(regex.strip(), yes.strip().replace("\\t", "\t"))).isTrue();
        assertThat(matches(regex.strip(), no.strip().replace("\\t", "\t"))).isFalse();
    }

    @Test
    void dotEscapeCrossesLines() {
        assertThat(matches("a\\.b", "a\nb")).isTrue();
        assertThat(matches("a\\.+z", "a\nb\nz")).isTrue();
    }

    @Test
    void plusAndStarRepeatTheEscapeBeforeThem() {
        assertThat(OsRegex.toJava("\\d+x\\s*")).isEqualTo("[0-9]+x[ ]*");
        assertThat(matches("^port \\d+$", "port 23456")).isTrue();
        assertThat(matches("^a\\s*b$", "ab")).isTrue();
        assertThat(matches("^a\\s*b$", "a   b")).isTrue();
        assertThat(matches("^a\\s+b$", "ab")).isFalse();
    }

    @Test
    void plusAndStarAfterAnythingElseAreLiteral() {
        assertThat(OsRegex.toJava("a+b*")).isEqualTo("a\\+b\\*");
        assertThat(matches("^a+$", "a+")).isTrue();
        assertThat(matches("^a+$", "aa")).isFalse();
        assertThat(matches("^(ab)+$", "ab+")).isTrue();
        assertThat(matches("^\\d++$", "12+")).isTrue();
        assertThat(matches("^\\\\d+$", "\\d+")).isTrue();
    }

    @Test
    void caretAndDollarAnchorOnlyAtTheEndsOfAnAlternative() {
        assertThat(OsRegex.toJava("^ab$")).isEqualTo("\\Aab\\z");
        assertThat(matches("^ossec", "ossec: output")).isTrue();
        assertThat(matches("^output", "ossec: output")).isFalse();
        assertThat(matches("put$", "ossec: output")).isTrue();
        assertThat(matches("ossec$", "ossec: output")).isFalse();
        assertThat(matches("a^b", "a^b")).isTrue();
        assertThat(matches("a$b", "a$b")).isTrue();
        assertThat(matches("last$", "last\n")).isFalse();
    }

    @Test
    void alternativesEachHaveTheirOwnAnchors() {
        assertThat(OsRegex.toJava("^a|b$")).isEqualTo("\\Aa|b\\z");
        assertThat(matches("^x|y$", "zzy")).isTrue();
        assertThat(matches("^x|y$", "xzz")).isTrue();
        assertThat(matches("^x|y$", "zxz")).isFalse();
    }

    @Test
    void parenthesesGroupOneLevelAndOtherCharactersAreLiteral() {
        assertThat(OsRegex.toJava("user (\\w+) from")).isEqualTo("user ([A-Za-z0-9@_-]+) from");
        assertThat(OsRegex.toJava("a.b?c[d]{e}")).isEqualTo("a\\.b\\?c\\[d\\]\\{e\\}");
        assertThat(matches("a.b", "axb")).isFalse();
        assertThat(matches("a.b", "a.b")).isTrue();
    }

    @Test
    void matchingIgnoresAsciiCase() {
        assertThat(matches("LISTEN", "tcp listen")).isTrue();
        assertThat(matches("^\\w+$", "ABC")).isTrue();
    }

    /**
     * OSSEC's stock shapes over one long line without spaces: a backtracking engine tries every split of the line at
     * every start, which took minutes at 100 KB; linear matching takes milliseconds, and still finds the match.
     */
    @ParameterizedTest(name = "over {0} characters")
    @CsvSource({"100000", "1048576"})
    void stockShapesRunInLinearTimeOverALongLineWithoutSpaces(int length) {
        String line = "x".repeat(length);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(matches("\\S+\\sfor", line)).isFalse();
            assertThat(matches("\\S+\\sfor", line + " FOR")).isTrue();
            assertThat(matches("\\S+ \\S+ (\\S+)$", line)).isFalse();
            assertThat(matches("^\\S+ \\S+ (\\S+)$", "a b " + line)).isTrue();
            assertThat(matches("\\.+ from \\S+ port \\d+", line + "\n")).isFalse();
        });
    }

    /**
     * Random patterns of the dialect over random short texts (fixed seed): the linear matcher, with its search for the
     * text every match holds, answers exactly as the documented Java translation does.
     */
    @Test
    void answersAsTheJavaTranslationOnRandomPatternsAndTexts() {
        String[] units = {"a", "B", "k", "x", "1", " ", ".", "+", "^", "$", "|", "(", ")", "\\s", "\\s+", "\\S+",
            "\\w*", "\\d+", "\\D*", "\\W", "\\.", "\\.*", "\\p", "\\t", "\\$", "\\(", "\\|", "\\s*", "\\$*", "\\(+"};
        String alphabet = "aAbBkK1 2\t$(x.+-|\u212A";
        Random random = new Random(20261130);
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder regex = new StringBuilder();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                regex.append(units[random.nextInt(units.length)]);
            }
            OsRegex linear;
            Pattern java;
            try {
                linear = OsRegex.compile(regex.toString());
                java = Pattern.compile(OsRegex.toJava(regex.toString()), Pattern.CASE_INSENSITIVE);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (int t = 0; t < 8; t++) {
                StringBuilder text = new StringBuilder();
                for (int n = random.nextInt(10); n > 0; n--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                assertThat(linear.find(text.toString())).as(regex + " on '" + text + "'")
                        .isEqualTo(java.matcher(text).find());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50_000);
    }

    @Test
    void onlyAsciiLettersMatchTheirOtherCase() {
        assertThat(matches("^k$", "K")).isTrue();
        assertThat(matches("^k$", "\u212A")).as("Kelvin sign").isFalse();
        assertThat(matches("^s\\w$", "S\u017F")).as("long s").isFalse();
        assertThat(matches("^\\W$", "\u212A")).isTrue();
    }

    @Test
    void badRegexesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> OsRegex.toJava("a\\qb")).hasMessage("uses \\q at position 2, which OSSEC regex does "
                + "not have; supported escapes: \\w \\W \\d \\D \\s \\S \\p \\t \\. \\$ \\| \\< \\( \\) \\\\ \\[ \\] \\{ \\}");
        assertThatThrownBy(() -> OsRegex.toJava("ab\\")).hasMessage("ends with a lone \\; write \\\\ for a backslash");
        assertThatThrownBy(() -> OsRegex.toJava("(a(b))")).hasMessage("nests '(' at position 3; OSSEC regex allows "
                + "one level of parentheses");
        assertThatThrownBy(() -> OsRegex.toJava("a)")).hasMessage("closes ')' at position 2 without an open '('; "
                + "write \\) for a literal parenthesis");
        assertThatThrownBy(() -> OsRegex.toJava("(a")).hasMessage("leaves '(' open; close it with ')' or write \\( "
                + "for a literal one");
        assertThatThrownBy(() -> OsRegex.toJava("(a|b)")).hasMessage("has '|' inside parentheses at position 3; "
                + "OSSEC regex only allows | between whole alternatives");
        assertThatThrownBy(() -> OsRegex.toJava("a||b")).hasMessage("has an empty alternative (between two |, at an "
                + "end, or only ^ or $); remove it");
        assertThatThrownBy(() -> OsRegex.toJava("^$")).hasMessageStartingWith("has an empty alternative");
        assertThatThrownBy(() -> OsRegex.toJava("")).hasMessage("is empty; write the text to look for");
    }
}
