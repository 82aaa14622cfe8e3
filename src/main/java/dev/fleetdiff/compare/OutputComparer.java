package dev.fleetdiff.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.regex.LinearRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two outputs the way a command asks: unified diff for lines, added/removed multiset for set. In lines mode
 * the lines both outputs start and end with are skipped in place before anything is split or diffed, so a small change
 * in a huge output costs time and memory for the changed part only.
 */
public final class OutputComparer {
    /** Context lines around each hunk of a unified diff. */
    static final int CONTEXT_LINES = 3;
    /**
     * Above this many changed lines (before and after together) a line diff could take minutes (its cost grows with
     * size times edits), so the changed part is shown as one hunk, all removed then all added, in linear time.
     */
    static final int MAX_LINE_DIFF_LINES = 20_000;
    /** A diff as long as it comes: for {@code fleetdiff diff}, which is asked for all of it. */
    public static final int WHOLE = Integer.MAX_VALUE - 8;
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(,\\d+)? \\+(\\d+)(,\\d+)? @@");

    private OutputComparer() {
    }

    /** Compares previous and current output of the command named {@code label}, keeping the whole diff. */
    public static Change compare(String label, String previous, String current, CompareMode mode,
                                 List<LinearRegex> ignore) {
        return compare(label, previous, current, mode, ignore, WHOLE);
    }

    /** As {@link #compare(String, String, String, CompareMode, List)}, keeping the first {@code maxDiffChars} of the diff. */
    public static Change compare(String label, String previous, String current, CompareMode mode,
                                 List<LinearRegex> ignore, int maxDiffChars) {
        return compare(Sides.versions(label), previous, current, mode, ignore, maxDiffChars);
    }

    /**
     * What a diff's headers call the output and its two sides.
     *
     * @param name what was compared (the command), in the header of a diff too long for lines
     * @param from the first side, after {@code ---}
     * @param to   the second side, after {@code +++}
     */
    public record Sides(String name, String from, String to) {

        /** Two versions of one command's output: previous/NAME and current/NAME, as alerts show them. */
        public static Sides versions(String name) {
            return new Sides(name, "previous/" + name, "current/" + name);
        }
    }

    /** As {@link #compare(String, String, String, CompareMode, List, int)}, with the diff's sides named. */
    public static Change compare(Sides sides, String previous, String current, CompareMode mode,
                                 List<LinearRegex> ignore, int maxDiffChars) {
        if (previous.equals(current)) {
            return Change.NONE;
        }
        if (mode == CompareMode.SET) {
            return compareSets(filter(lines(previous), ignore), filter(lines(current), ignore), maxDiffChars);
        }
        return compareLines(sides, Window.of(previous, current), ignore, maxDiffChars);
    }

    /** The output's lines with ignored ones dropped, as they are compared. */
    public static List<String> filter(List<String> lines, List<LinearRegex> ignore) {
        if (ignore.isEmpty()) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!ignored(line, ignore)) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static boolean ignored(String line, List<LinearRegex> ignore) {
        return ignore.stream().anyMatch(p -> p.find(line));
    }

    /** Splits output into lines; a final newline does not make an empty last line. */
    public static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\r?\n", -1));
    }

    private static Change compareLines(Sides sides, Window window, List<LinearRegex> ignore, int maxDiffChars) {
        if (window.changedLines() > MAX_LINE_DIFF_LINES) {
            return replacedBlock(sides, window, ignore, maxDiffChars);
        }
        List<String> before = filter(lines(window.before()), ignore);
        List<String> after = filter(lines(window.after()), ignore);
        if (before.equals(after)) {
            return Change.NONE;
        }
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                sides.from(), sides.to(), before, patch, CONTEXT_LINES);
        DiffText diff = new DiffText(maxDiffChars);
        for (String line : unified) {
            diff.line(window.skippedLines() == 0 ? line : shifted(line, window.skippedLines()));
        }
        return diff.change();
    }

    /** A hunk header of the window moved down by the lines skipped before it; other lines as they are. */
    private static String shifted(String line, long skipped) {
        Matcher hunk = HUNK.matcher(line);
        if (!line.startsWith("@@") || !hunk.find()) {
            return line;
        }
        return "@@ -" + (Long.parseLong(hunk.group(1)) + skipped) + (hunk.group(2) == null ? "" : hunk.group(2))
                + " +" + (Long.parseLong(hunk.group(3)) + skipped) + (hunk.group(4) == null ? "" : hunk.group(4))
                + line.substring(hunk.end() - 3);
    }

    /**
     * The changed part, too long for a line diff, as one hunk of every line removed then every line added: read twice
     * in place (once to count, once to write), never split into a list.
     */
    private static Change replacedBlock(Sides sides, Window window, List<LinearRegex> ignore, int maxDiffChars) {
        long removed = window.beforeLines().count(ignore);
        long added = window.afterLines().count(ignore);
        if (removed == added && window.beforeLines().sameAs(window.afterLines(), ignore)) {
            return Change.NONE;
        }
        DiffText diff = new DiffText(maxDiffChars)
                .line("# " + sides.name() + ": " + removed + " -> " + added + " changed lines, too many for a line diff;"
                        + " shown as one block removed, then added")
                .line("--- " + sides.from())
                .line("+++ " + sides.to())
                .line("@@ -" + (window.skippedLines() + (removed == 0 ? 0 : 1)) + "," + removed
                        + " +" + (window.skippedLines() + (added == 0 ? 0 : 1)) + "," + added + " @@");
        window.beforeLines().forEach(ignore, line -> diff.line("-", line));
        window.afterLines().forEach(ignore, line -> diff.line("+", line));
        return diff.change();
    }

    private static Change compareSets(List<String> before, List<String> after, int maxDiffChars) {
        Map<String, Integer> counts = new TreeMap<>();
        before.forEach(line -> counts.merge(line, -1, Integer::sum));
        after.forEach(line -> counts.merge(line, 1, Integer::sum));
        counts.values().removeIf(n -> n == 0);
        if (counts.isEmpty()) {
            return Change.NONE;
        }
        DiffText diff = new DiffText(maxDiffChars);
        counts.forEach((line, n) -> repeat(diff, "-", line, -n));
        counts.forEach((line, n) -> repeat(diff, "+", line, n));
        return diff.change();
    }

    private static void repeat(DiffText diff, String prefix, String line, int times) {
        for (int i = 0; i < times; i++) {
            diff.line(prefix, line);
        }
    }
}
