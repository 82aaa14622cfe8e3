package dev.fleetdiff.notify.mail;

/** Makes a value safe for a mail header: one line, no control or format characters, bounded length. */
final class HeaderText {
    /** Longest subject we send; servers and clients handle far more, readers do not. */
    static final int SUBJECT_CHARS = 250;
    /** Longest host name or description put into a subject. */
    static final int PART_CHARS = 120;
    private static final String ELLIPSIS = "...";

    private HeaderText() {
    }

    /**
     * The value with CR, LF and every other control, format or line-separator character turned into a space, runs
     * of spaces folded into one, and cut to {@code maxChars} with "..." when longer.
     */
    static String of(String value, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars + 1));
        boolean space = true;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (unsafe(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.appendCodePoint(c);
                space = false;
            }
        }
        String line = out.toString().strip();
        if (line.length() <= maxChars) {
            return line;
        }
        int end = maxChars - ELLIPSIS.length();
        if (Character.isLowSurrogate(line.charAt(end))) {
            end--;
        }
        return line.substring(0, end) + ELLIPSIS;
    }

    private static boolean unsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }
}
