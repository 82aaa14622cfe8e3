package dev.fleetdiff.compare;

import dev.fleetdiff.regex.LinearRegex;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The lines of part of a text, read in place one at a time, split as {@link OutputComparer#lines} splits them
 * (CRLF or LF, no empty line after a final newline), with ignored lines skipped.
 */
record LineRange(String text, int start, int end) {

    /** The lines not ignored, in order, each cut out of the text only when it is reached. */
    Iterator<String> lines(List<LinearRegex> ignore) {
        return new Iterator<>() {
            private int at = start;
            private String next = advance();

            private String advance() {
                while (at < end) {
                    int newline = text.indexOf('\n', at);
                    int lineEnd = newline < 0 || newline >= end ? end : newline;
                    int contentEnd = lineEnd > at && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
                    String line = text.substring(at, contentEnd);
                    at = lineEnd + 1;
                    if (ignore.stream().noneMatch(p -> p.find(line))) {
                        return line;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = advance();
                return line;
            }
        };
    }

    void forEach(List<LinearRegex> ignore, Consumer<String> each) {
        lines(ignore).forEachRemaining(each);
    }

    long count(List<LinearRegex> ignore) {
        long count = 0;
        for (Iterator<String> lines = lines(ignore); lines.hasNext(); lines.next()) {
            count++;
        }
        return count;
    }

    /** True if both ranges hold the same lines not ignored, in the same order. */
    boolean sameAs(LineRange other, List<LinearRegex> ignore) {
        Iterator<String> mine = lines(ignore);
        Iterator<String> theirs = other.lines(ignore);
        while (mine.hasNext() && theirs.hasNext()) {
            if (!Objects.equals(mine.next(), theirs.next())) {
                return false;
            }
        }
        return mine.hasNext() == theirs.hasNext();
    }
}
