package dev.fleetdiff.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * OSSEC's {@code <match>} (OS_Match) as a Java regex: case-insensitive substring search, {@code |} between
 * alternatives, {@code ^} at the start of an alternative anchors it to the start of the text and {@code $} at its
 * end to the end of the text. Nothing else is special: there are no escapes.
 */
public final class OsMatch {

    private OsMatch() {
    }

    /** Compiles an OSSEC match pattern; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Pattern compile(String match) {
        return Pattern.compile(toJava(match), Pattern.CASE_INSENSITIVE);
    }

    /** The Java regex equivalent to an OSSEC match pattern, to be compiled case-insensitively. */
    public static String toJava(String match) {
        if (match.isEmpty()) {
            throw new IllegalArgumentException("is empty; write the text to look for");
        }
        List<String> alternatives = new ArrayList<>();
        for (String alternative : match.split("\\|", -1)) {
            boolean begin = alternative.startsWith("^");
            boolean end = alternative.endsWith("$") && alternative.length() > (begin ? 1 : 0);
            String body = alternative.substring(begin ? 1 : 0, alternative.length() - (end ? 1 : 0));
            if (body.isEmpty()) {
                throw new IllegalArgumentException("has an empty alternative (between two |, at an end, or only ^ "
                        + "or $), which would match every event; remove it");
            }
            alternatives.add((begin ? "\\A" : "") + Pattern.quote(body) + (end ? "\\z" : ""));
        }
        return String.join("|", alternatives);
    }
}
