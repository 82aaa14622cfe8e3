package dev.fleetdiff.compare;

/**
 * Where two outputs differ, found in place: the whole lines both start with and both end with are skipped, and what
 * is left (the core), with up to {@link OutputComparer#CONTEXT_LINES} unchanged lines around it, is the part worth
 * splitting and diffing. Finding it reads each output once and copies nothing.
 *
 * @param beforeText      the previous output
 * @param afterText       the current output
 * @param coreStart       where the core starts in both (the skipped prefix is the same text in both)
 * @param coreEndBefore   where the core ends in {@code before}
 * @param coreEndAfter    where the core ends in {@code after}
 * @param contextStart    where the window starts in both: the core with the context lines before it
 * @param contextEndBefore where the window ends in {@code before}: the core with the context lines after it
 * @param contextEndAfter where the window ends in {@code after}
 */
record Window(String beforeText, String afterText, int coreStart, int coreEndBefore, int coreEndAfter,
              int contextStart, int contextEndBefore, int contextEndAfter) {

    static Window of(String before, String after) {
        int common = Math.min(before.length(), after.length());
        int same = 0;
        while (same < common && before.charAt(same) == after.charAt(same)) {
            same++;
        }
        int coreStart = same == 0 ? 0 : before.lastIndexOf('\n', same - 1) + 1;
        int endBefore = before.length();
        int endAfter = after.length();
        while (endBefore > coreStart && endAfter > coreStart
                && before.charAt(endBefore - 1) == after.charAt(endAfter - 1)) {
            endBefore--;
            endAfter--;
        }
        if (!lineStart(before, endBefore) || !lineStart(after, endAfter)) {
            int newline = before.indexOf('\n', endBefore);
            int shift = newline < 0 ? before.length() - endBefore : newline + 1 - endBefore;
            endBefore += shift;
            endAfter += shift;
        }
        int contextStart = coreStart;
        for (int i = 0; i < OutputComparer.CONTEXT_LINES && contextStart > 0; i++) {
            contextStart = contextStart < 2 ? 0 : before.lastIndexOf('\n', contextStart - 2) + 1;
        }
        int contextEnd = endBefore;
        for (int i = 0; i < OutputComparer.CONTEXT_LINES && contextEnd < before.length(); i++) {
            int newline = before.indexOf('\n', contextEnd);
            contextEnd = newline < 0 ? before.length() : newline + 1;
        }
        return new Window(before, after, coreStart, endBefore, endAfter, contextStart, contextEnd,
                endAfter + (contextEnd - endBefore));
    }

    private static boolean lineStart(String text, int at) {
        return at == 0 || at == text.length() || text.charAt(at - 1) == '\n';
    }

    /** The previous output's window, to be split into lines. */
    String before() {
        return beforeText.substring(contextStart, contextEndBefore);
    }

    /** The current output's window. */
    String after() {
        return afterText.substring(contextStart, contextEndAfter);
    }

    /** Lines of both outputs before the window, by which its hunk line numbers are moved. */
    long skippedLines() {
        return newlines(beforeText, 0, contextStart);
    }

    /** Lines of the two cores together, a bound on what a line diff would have to look at. */
    long changedLines() {
        return newlines(beforeText, coreStart, coreEndBefore) + newlines(afterText, coreStart, coreEndAfter) + 2;
    }

    /** The previous output's core, line by line. */
    LineRange beforeLines() {
        return new LineRange(beforeText, coreStart, coreEndBefore);
    }

    /** The current output's core, line by line. */
    LineRange afterLines() {
        return new LineRange(afterText, coreStart, coreEndAfter);
    }

    private static long newlines(String text, int from, int to) {
        long count = 0;
        for (int i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
            count++;
        }
        return count;
    }
}
