package dev.fleetdiff.collect.ssh;

/** Text from a host or a library made safe for terminals, logs and mail: no control characters, bounded length. */
final class PrintableText {

    /** Longest text kept from a foreign message; the rest is cut and marked. */
    static final int MAX_CHARS = 300;

    private PrintableText() {
    }

    /** Replaces control, format (bidi) and unassigned characters with '?' and cuts after {@link #MAX_CHARS}. */
    static String of(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_CHARS + 3));
        int[] codePoints = raw.codePoints().limit(MAX_CHARS + 1L).toArray();
        for (int i = 0; i < Math.min(codePoints.length, MAX_CHARS); i++) {
            out.appendCodePoint(printable(codePoints[i]) ? codePoints[i] : '?');
        }
        if (codePoints.length > MAX_CHARS) {
            out.append("...");
        }
        return out.toString();
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                 Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
