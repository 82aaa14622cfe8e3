package dev.fleetdiff.rules;

import dev.fleetdiff.regex.LinearRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OSSEC's own regex dialect (OS_Regex, used by {@code <regex>}) translated to an equivalent regex that RE2/J matches in
 * time linear in the text, as OSSEC's own matcher runs, so that OSSEC rules keep their meaning and no host output can
 * stall their evaluation. The translation table is documented in docs/RULES.md.
 *
 * <p>The dialect: escapes {@code \w \W \d \D \s \S \p \t \.} are character classes, {@code \$ \| \< \( \) \\} (and
 * OSSEC 3's {@code \[ \] \{ \}}) are literal characters; {@code +} and {@code *} repeat the escape right before them
 * and are literal anywhere else; {@code ( )} group one level deep; {@code |} separates whole alternatives;
 * {@code ^} first in an alternative and {@code $} last in it anchor to the start and end of the text, and are literal
 * anywhere else; every other character is itself. Matching ignores ASCII case.
 *
 * <p>Most outputs lack the literal text a rule looks for (the {@code " for"} of {@code \S+\sfor}), so a direct search
 * for the text every match must contain answers them before the regex engine runs. Immutable and thread-safe.
 */
public final class OsRegex {
    /** OSSEC's word characters: letters, digits, {@code @ _ -}. */
    static final String WORD = "[A-Za-z0-9@_-]";
    /** OSSEC's punctuation class {@code \p}. */
    static final String PUNCTUATION = "[!\"#$%&'()*+,\\-.:;<=>?\\[\\]{|}]";

    private static final Map<Character, String> ESCAPES = Map.ofEntries(
            Map.entry('w', WORD),
            Map.entry('W', "[^A-Za-z0-9@_-]"),
            Map.entry('d', "[0-9]"),
            Map.entry('D', "[^0-9]"),
            Map.entry('s', "[ ]"),
            Map.entry('S', "[^ ]"),
            Map.entry('p', PUNCTUATION),
            Map.entry('t', "\\t"),
            Map.entry('.', "(?s:.)"),
            Map.entry('$', "\\$"),
            Map.entry('|', "\\|"),
            Map.entry('<', "<"),
            Map.entry('(', "\\("),
            Map.entry(')', "\\)"),
            Map.entry('\\', "\\\\"),
            Map.entry('[', "\\["),
            Map.entry(']', "\\]"),
            Map.entry('{', "\\{"),
            Map.entry('}', "\\}"));
    private static final String SUPPORTED = "\\w \\W \\d \\D \\s \\S \\p \\t \\. \\$ \\| \\< \\( \\) "
            + "\\\\ \\[ \\] \\{ \\}";
    private static final String JAVA_META = "\\^$.|?*+()[]{}";
    /** The escapes that stand for exactly one character, and that character. */
    private static final Map<Character, Character> ONE_CHARACTER = Map.ofEntries(Map.entry('s', ' '),
            Map.entry('t', '\t'), Map.entry('$', '$'), Map.entry('|', '|'), Map.entry('<', '<'), Map.entry('(', '('),
            Map.entry(')', ')'), Map.entry('\\', '\\'), Map.entry('[', '['), Map.entry(']', ']'), Map.entry('{', '{'),
            Map.entry('}', '}'));

    private final LinearRegex regex;
    /** For each alternative, ASCII lower case text that every match of it contains; empty if one has none. */
    private final List<String> required;

    private OsRegex(LinearRegex regex, List<String> required) {
        this.regex = regex;
        this.required = List.copyOf(required);
    }

    /** Compiles an OSSEC regex; throws {@link IllegalArgumentException} saying what is wrong and where. */
    public static OsRegex compile(String regex) {
        List<Alternative> alternatives = parse(regex);
        List<String> required = alternatives.stream().map(Alternative::requiredText).toList();
        return new OsRegex(LinearRegex.compile(translate(alternatives, true)),
                required.contains("") ? List.of() : required);
    }

    /** The Java regex equivalent to an OSSEC regex, to be compiled case-insensitively (ASCII), as docs/RULES.md shows it. */
    public static String toJava(String regex) {
        return translate(parse(regex), false);
    }

    /** Whether the regex matches anywhere in the text, in time linear in the text. */
    public boolean find(String text) {
        if (!required.isEmpty() && required.stream().noneMatch(r -> OsMatch.containsIgnoringAsciiCase(text, r))) {
            return false;
        }
        return regex.find(text);
    }

    /**
     * The regex equivalent to an OSSEC regex; with {@code foldCase} each ASCII letter becomes a class of its two cases
     * ({@code [aA]}), which is exactly OSSEC's ASCII case-insensitivity (RE2's own flag folds Unicode too, so that
     * {@code k} would match the Kelvin sign).
     */
    private static String translate(List<Alternative> alternatives, boolean foldCase) {
        return String.join("|", alternatives.stream().map(a -> a.translate(foldCase)).toList());
    }

    private static List<Alternative> parse(String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("is empty; write the text to look for");
        }
        return tokenize(regex).stream().map(Alternative::of).toList();
    }

    /** One unit of an OSSEC regex: an escape, a repeat, a parenthesis or a literal character. */
    private record Token(Kind kind, char c) {
        boolean literal(char expected) {
            return kind == Kind.LITERAL && c == expected;
        }
    }

    private enum Kind { ESCAPE, REPEAT, OPEN, CLOSE, LITERAL }

    private static List<List<Token>> tokenize(String regex) {
        List<List<Token>> alternatives = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            Token previous = current.isEmpty() ? null : current.get(current.size() - 1);
            if (c == '\\') {
                if (i + 1 == regex.length()) {
                    throw new IllegalArgumentException("ends with a lone \\; write \\\\ for a backslash");
                }
                char e = regex.charAt(++i);
                if (!ESCAPES.containsKey(e)) {
                    throw new IllegalArgumentException("uses \\" + e + " at position " + i
                            + ", which OSSEC regex does not have; supported escapes: " + SUPPORTED);
                }
                current.add(new Token(Kind.ESCAPE, e));
            } else if ((c == '+' || c == '*') && previous != null && previous.kind() == Kind.ESCAPE) {
                current.add(new Token(Kind.REPEAT, c));
            } else if (c == '(') {
                if (++depth > 1) {
                    throw new IllegalArgumentException("nests '(' at position " + (i + 1)
                            + "; OSSEC regex allows one level of parentheses");
                }
                current.add(new Token(Kind.OPEN, c));
            } else if (c == ')') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("closes ')' at position " + (i + 1)
                            + " without an open '('; write \\) for a literal parenthesis");
                }
                current.add(new Token(Kind.CLOSE, c));
            } else if (c == '|') {
                if (depth > 0) {
                    throw new IllegalArgumentException("has '|' inside parentheses at position " + (i + 1)
                            + "; OSSEC regex only allows | between whole alternatives");
                }
                alternatives.add(current);
                current = new ArrayList<>();
            } else {
                current.add(new Token(Kind.LITERAL, c));
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("leaves '(' open; close it with ')' or write \\( for a literal one");
        }
        alternatives.add(current);
        return alternatives;
    }

    /** One alternative: whether {@code ^} anchors it to the start and {@code $} to the end, and what lies between. */
    private record Alternative(boolean begin, boolean end, List<Token> body) {

        static Alternative of(List<Token> tokens) {
            boolean begin = !tokens.isEmpty() && tokens.get(0).literal('^');
            boolean end = tokens.size() > (begin ? 1 : 0) && tokens.get(tokens.size() - 1).literal('$');
            List<Token> body = tokens.subList(begin ? 1 : 0, tokens.size() - (end ? 1 : 0));
            if (body.isEmpty()) {
                throw new IllegalArgumentException("has an empty alternative (between two |, at an end, or only ^ or "
                        + "$); remove it");
            }
            return new Alternative(begin, end, List.copyOf(body));
        }

        String translate(boolean foldCase) {
            StringBuilder java = new StringBuilder(begin ? "\\A" : "");
            for (Token token : body) {
                switch (token.kind()) {
                    case ESCAPE -> java.append(ESCAPES.get(token.c()));
                    case REPEAT, OPEN, CLOSE -> java.append(token.c());
                    case LITERAL -> java.append(literal(token.c(), foldCase));
                }
            }
            return java.append(end ? "\\z" : "").toString();
        }

        /**
         * The longest run of single characters, neither repeated nor optional, in ASCII lower case: every match holds
         * it, since parentheses are never repeated and only join; empty when there is none.
         */
        String requiredText() {
            String longest = "";
            StringBuilder run = new StringBuilder();
            for (int i = 0; i < body.size(); i++) {
                Token token = body.get(i);
                if (token.kind() == Kind.OPEN || token.kind() == Kind.CLOSE) {
                    continue;
                }
                boolean repeated = i + 1 < body.size() && body.get(i + 1).kind() == Kind.REPEAT;
                Character single = token.kind() == Kind.LITERAL ? Character.valueOf(token.c())
                        : token.kind() == Kind.ESCAPE && !repeated ? ONE_CHARACTER.get(token.c()) : null;
                if (single == null) {
                    longest = run.length() > longest.length() ? run.toString() : longest;
                    run.setLength(0);
                } else {
                    run.append(OsMatch.asciiLower(single));
                }
            }
            return run.length() > longest.length() ? run.toString() : longest;
        }
    }

    /** One literal character as regex syntax: escaped when it is syntax, both cases of an ASCII letter with foldCase. */
    static String literal(char c, boolean foldCase) {
        if (JAVA_META.indexOf(c) >= 0) {
            return "\\" + c;
        }
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        return foldCase && letter ? "[" + Character.toLowerCase(c) + Character.toUpperCase(c) + "]" : String.valueOf(c);
    }
}
