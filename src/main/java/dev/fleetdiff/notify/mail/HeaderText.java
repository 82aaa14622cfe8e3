package dev.fleetdiff.notify.mail;

import dev.fleetdiff.text.ShownText;

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
     * The value with CR, LF and every other character {@link ShownText} refuses turned into a space, runs
     * of spaces folded into one, and cut to {@code maxChars} with "..." when longer.
     */
    static String of(String value, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars + 1));
        boolean space = true;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (!ShownText.isShown(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
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
}
