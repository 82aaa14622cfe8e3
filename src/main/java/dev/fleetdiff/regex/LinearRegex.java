package dev.fleetdiff.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;

/**
 * A regular expression in RE2 syntax, matched by RE2/J in time linear in the text whatever the text holds, so that no
 * host output can make a match backtrack for minutes. Immutable and thread-safe.
 */
public final class LinearRegex {
    /**
     * Java regex features RE2 leaves out because they need backtracking, with how to spot each in a pattern; these
     * Java regexes only ever read a pattern from a configuration file, never host output.
     */
    private static final List<Feature> BACKTRACKING_FEATURES = List.of(
            new Feature("a backreference", java.util.regex.Pattern.compile("\\\\(?:[1-9]|k<)")),
            new Feature("a lookahead", java.util.regex.Pattern.compile("\\(\\?[=!]")),
            new Feature("a lookbehind", java.util.regex.Pattern.compile("\\(\\?<[=!]")),
            new Feature("an atomic group", java.util.regex.Pattern.compile("\\(\\?>")),
            new Feature("a possessive quantifier", java.util.regex.Pattern.compile("(?<!\\\\)[*+?}]\\+")));

    private final Pattern re2;

    private LinearRegex(Pattern re2) {
        this.re2 = re2;
    }

    /**
     * Compiles a regex in RE2 syntax (Java's syntax without backreferences, lookaround, atomic groups and possessive
     * quantifiers); throws {@link IllegalArgumentException} saying what is wrong and what to do.
     */
    public static LinearRegex compile(String regex) {
        try {
            return new LinearRegex(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            for (Feature feature : BACKTRACKING_FEATURES) {
                java.util.regex.Matcher spotted = feature.spotted().matcher(regex);
                if (spotted.find()) {
                    throw new IllegalArgumentException("uses " + feature.name() + " near \"" + spotted.group()
                            + "\", which regexes over host output do not have, since it can take exponential time; "
                            + "write the pattern without it (RE2 syntax), for example spell out what may follow", e);
                }
            }
            throw new IllegalArgumentException("is not a valid regex: " + e.getDescription() + " near \""
                    + e.getPattern() + "\"; fix the pattern (put a backslash before a literal ( [ { . * + or ?)", e);
        }
    }

    /** Whether the regex matches anywhere in the text. */
    public boolean find(CharSequence text) {
        return re2.matcher(text).find();
    }

    /** The regex as compiled. */
    public String pattern() {
        return re2.pattern();
    }

    @Override
    public String toString() {
        return re2.pattern();
    }

    /** A Java regex feature that RE2 lacks, and a pattern that spots its use. */
    private record Feature(String name, java.util.regex.Pattern spotted) {
    }
}
