package dev.fleetdiff.web;

import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.text.ShownText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unified diff as lines marked for colour, and as the rows of a side-by-side view: removed lines on the left, added
 * on the right, each run of removals paired with the run of additions that follows it. Every text is sanitized; the
 * templates escape it.
 */
final class DiffLines {
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    private DiffLines() {
    }

    /** One diff line: kind is add, del, hunk, head or ctx, the CSS class it is shown with. */
    record Line(String kind, String text) {
    }

    /** One row of the side-by-side view; a side with no line has number 0 and kind "none". */
    record Row(int leftNumber, String left, String leftKind, int rightNumber, String right, String rightKind) {
    }

    static List<Line> unified(String diff) {
        List<Line> lines = new ArrayList<>();
        for (String line : OutputComparer.lines(diff)) {
            lines.add(new Line(kind(line), ShownText.line(line)));
        }
        return lines;
    }

    private static String kind(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return "head";
        }
        if (line.startsWith("@@")) {
            return "hunk";
        }
        if (line.startsWith("+")) {
            return "add";
        }
        if (line.startsWith("-")) {
            return "del";
        }
        return "ctx";
    }

    static List<Row> sideBySide(String diff) {
        List<Row> rows = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int[] numbers = {0, 0};
        for (String line : OutputComparer.lines(diff)) {
            String kind = kind(line);
            switch (kind) {
                case "del" -> removed.add(line.substring(1));
                case "add" -> added.add(line.substring(1));
                case "head" -> { }
                default -> {
                    flush(rows, removed, added, numbers);
                    Matcher hunk = HUNK.matcher(line);
                    if (hunk.find()) {
                        numbers[0] = Integer.parseInt(hunk.group(1)) - 1;
                        numbers[1] = Integer.parseInt(hunk.group(2)) - 1;
                        rows.add(new Row(0, ShownText.line(line), "hunk", 0, "", "hunk"));
                    } else if (kind.equals("ctx")) {
                        String text = ShownText.line(line.isEmpty() ? "" : line.substring(1));
                        rows.add(new Row(++numbers[0], text, "ctx", ++numbers[1], text, "ctx"));
                    }
                }
            }
        }
        flush(rows, removed, added, numbers);
        return rows;
    }

    private static void flush(List<Row> rows, List<String> removed, List<String> added, int[] numbers) {
        for (int i = 0; i < Math.max(removed.size(), added.size()); i++) {
            boolean left = i < removed.size();
            boolean right = i < added.size();
            rows.add(new Row(left ? ++numbers[0] : 0, left ? ShownText.line(removed.get(i)) : "", left ? "del" : "none",
                    right ? ++numbers[1] : 0, right ? ShownText.line(added.get(i)) : "", right ? "add" : "none"));
        }
        removed.clear();
        added.clear();
    }
}
