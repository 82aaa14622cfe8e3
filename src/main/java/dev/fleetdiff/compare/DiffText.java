package dev.fleetdiff.compare;

/**
 * A diff written line by line that keeps its first {@code maxChars} characters and counts the rest, so that a diff of
 * a huge output costs no more memory than the part of it anyone will be shown.
 */
final class DiffText {
    private final StringBuilder kept = new StringBuilder();
    private final int maxChars;
    private long chars;
    private boolean full;

    DiffText(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Adds {@code line} and a newline. */
    DiffText line(CharSequence line) {
        return line("", line);
    }

    /** Adds {@code prefix}, {@code line} and a newline. */
    DiffText line(String prefix, CharSequence line) {
        append(prefix);
        append(line);
        append("\n");
        return this;
    }

    private void append(CharSequence text) {
        chars += text.length();
        if (full) {
            return;
        }
        int end = Math.min(maxChars - kept.length(), text.length());
        if (end < text.length()) {
            full = true;
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
        }
        kept.append(text, 0, end);
    }

    Change change() {
        return new Change(true, kept.toString(), chars);
    }
}
