package dev.fleetdiff.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * A text being written, which remembers where it holds a unified diff, so that a view (the HTML mail) colours the
 * diffs by where they were put and never by what a line says: a host that prints "Diff:" colours nothing.
 */
public final class MarkedText {
    private final StringBuilder text = new StringBuilder();
    private final List<Span> diffs = new ArrayList<>();

    /** Characters {@code start} (inclusive) to {@code end} (exclusive) of the text are one diff. */
    public record Span(int start, int end) {
        public boolean contains(int index) {
            return index >= start && index < end;
        }
    }

    public MarkedText append(Object plain) {
        text.append(plain);
        return this;
    }

    public MarkedText appendDiff(String diff) {
        int start = text.length();
        text.append(diff);
        diffs.add(new Span(start, text.length()));
        return this;
    }

    /** Appends another marked text, its diffs still marked. */
    public MarkedText append(MarkedText other) {
        int offset = text.length();
        text.append(other.text);
        other.diffs.forEach(span -> diffs.add(new Span(span.start() + offset, span.end() + offset)));
        return this;
    }

    public int length() {
        return text.length();
    }

    public List<Span> diffs() {
        return List.copyOf(diffs);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
