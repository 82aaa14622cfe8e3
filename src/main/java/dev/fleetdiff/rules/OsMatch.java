package dev.fleetdiff.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * OSSEC's {@code <match>} (OS_Match): case-insensitive (ASCII) substring search, {@code |} between alternatives,
 * {@code ^} at the start of an alternative anchors it to the start of the text and {@code $} at its end to the end of
 * the text. Nothing else is special: there are no escapes. Searched directly, not through a regex engine, in time
 * proportional to the text times the pattern's length, as OSSEC's own OS_Match does. Immutable and thread-safe.
 */
public final class OsMatch {
    private final List<Alternative> alternatives;

    private OsMatch(List<Alternative> alternatives) {
        this.alternatives = List.copyOf(alternatives);
    }

    /** Compiles an OSSEC match pattern; throws {@link IllegalArgumentException} saying what is wrong. */
    public static OsMatch compile(String match) {
        return new OsMatch(parse(match));
    }

    /** The Java regex equivalent to an OSSEC match pattern, to be compiled case-insensitively, as docs/RULES.md shows it. */
    public static String toJava(String match) {
        List<String> alternatives = new ArrayList<>();
        for (Alternative alternative : parse(match)) {
            alternatives.add((alternative.begin() ? "\\A" : "") + Pattern.quote(alternative.text())
                    + (alternative.end() ? "\\z" : ""));
        }
        return String.join("|", alternatives);
    }

    /** Whether any alternative occurs in the text, ignoring ASCII case. */
    public boolean find(String text) {
        for (Alternative alternative : alternatives) {
            if (alternative.foundIn(text)) {
                return true;
            }
        }
        return false;
    }

    private static List<Alternative> parse(String match) {
        if (match.isEmpty()) {
            throw new IllegalArgumentException("is empty; write the text to look for");
        }
        List<Alternative> alternatives = new ArrayList<>();
        for (String alternative : match.split("\\|", -1)) {
            boolean begin = alternative.startsWith("^");
            boolean end = alternative.endsWith("$") && alternative.length() > (begin ? 1 : 0);
            String body = alternative.substring(begin ? 1 : 0, alternative.length() - (end ? 1 : 0));
            if (body.isEmpty()) {
                throw new IllegalArgumentException("has an empty alternative (between two |, at an end, or only ^ "
                        + "or $), which would match every event; remove it");
            }
            alternatives.add(new Alternative(begin, end, body, asciiLower(body)));
        }
        return alternatives;
    }

    /**
     * One alternative: whether it is anchored to the start or the end of the searched text, its text as written and
     * with ASCII letters in lower case.
     */
    private record Alternative(boolean begin, boolean end, String text, String folded) {

        boolean foundIn(String searched) {
            int last = searched.length() - folded.length();
            if (last < 0) {
                return false;
            }
            if (begin || end) {
                return (!begin || !end || last == 0) && occursAt(searched, begin ? 0 : last, folded);
            }
            return containsIgnoringAsciiCase(searched, folded);
        }
    }

    /** Whether the text contains {@code folded}, given in ASCII lower case, ignoring ASCII case. */
    static boolean containsIgnoringAsciiCase(String text, String folded) {
        for (int at = 0; at <= text.length() - folded.length(); at++) {
            if (occursAt(text, at, folded)) {
                return true;
            }
        }
        return false;
    }

    private static boolean occursAt(String searched, int at, String folded) {
        for (int i = 0; i < folded.length(); i++) {
            if (asciiLower(searched.charAt(at + i)) != folded.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String asciiLower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        text.chars().forEach(c -> lower.append(asciiLower((char) c)));
        return lower.toString();
    }

    static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
