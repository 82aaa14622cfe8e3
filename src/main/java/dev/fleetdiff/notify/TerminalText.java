package dev.fleetdiff.notify;

/** Makes text from hosts safe to print on a terminal or put in a one-line field: no escape sequences, no CR. */
public final class TerminalText {
    private TerminalText() {
    }

    /**
     * Replaces control characters other than newline and tab (ESC, CR, BEL, C1 controls ...) and invisible format
     * characters (bidi overrides that could reorder a diff on screen, line and paragraph separators) with '?'.
     */
    public static String safe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0)
                    || Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029';
            if (control) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Like {@link #safe} and also folds newlines and tabs into spaces, for one-line values such as names. */
    public static String oneLine(String text) {
        return safe(text).replace('\n', ' ').replace('\t', ' ');
    }
}
