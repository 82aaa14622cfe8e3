package dev.fleetdiff.text;

/**
 * The one sanitizer for text a host (or a library repeating a host) wrote, before it reaches a terminal, a log line,
 * a mail or a page. It decides per code point, so characters outside the Basic Multilingual Plane (tag characters
 * U+E0001...) are judged like any other. Refused: C0 and C1 controls and DEL (a caller's text mode keeps newline and
 * tab), format characters (bidi embeddings, overrides and isolates, zero-width characters, tag characters, soft
 * hyphen), line and paragraph separators, private-use characters (their glyph depends on the font), unassigned code
 * points and surrogates. A refused character is shown as '?'; a byte that was not valid UTF-8 (see
 * {@link HostBytes}) is shown as {@code \xNN}.
 */
public final class ShownText {
    /** Longest text shown from a foreign message (a host's or a library's); the rest is cut and marked. */
    public static final int MESSAGE_CHARS = 300;
    /** What a refused character is shown as. */
    static final char REFUSED = '?';
    private static final String CUT_MARK = "...";

    private ShownText() {
    }

    /**
     * Whether the code point may be shown as it is; newline and tab are not (only {@link #text} keeps them), nor
     * is the escape of an invalid byte (which {@link #text} and {@link #line} write as {@code \xNN}).
     */
    public static boolean isShown(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                 Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Multi-line text such as command output: newlines and tabs stay, every other refused character is replaced. */
    public static String text(String text) {
        return render(text, false, Integer.MAX_VALUE);
    }

    /** One line, for a name, a log field or a message: newlines and tabs become spaces too. */
    public static String line(String text) {
        return render(text, true, Integer.MAX_VALUE);
    }

    /** Like {@link #line(String)} for at most {@code maxCodePoints} input characters, then "..." if cut. */
    public static String line(String text, int maxCodePoints) {
        return render(text, true, maxCodePoints);
    }

    /** A foreign message (an exception's, a host's) for an error line: one line, cut after {@link #MESSAGE_CHARS}. */
    public static String message(String raw) {
        return line(raw, MESSAGE_CHARS);
    }

    private static String render(String text, boolean oneLine, int maxCodePoints) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        int copied = 0;
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (count++ == maxCodePoints) {
                return (out == null ? new StringBuilder() : out).append(text, copied, i).append(CUT_MARK).toString();
            }
            String shown = shown(c, oneLine);
            if (shown != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16);
                }
                out.append(text, copied, i).append(shown);
                copied = i + Character.charCount(c);
            }
            i += Character.charCount(c);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** What replaces the code point, or null when it is shown as it is. */
    private static String shown(int c, boolean oneLine) {
        if (c == '\n' || c == '\t') {
            return oneLine ? " " : null;
        }
        if (HostBytes.isEscape(c)) {
            return HostBytes.escaped(c);
        }
        return isShown(c) ? null : String.valueOf(REFUSED);
    }
}
