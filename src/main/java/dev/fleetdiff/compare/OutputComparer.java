package dev.fleetdiff.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.regex.LinearRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Compares two outputs the way a command asks: unified diff for lines, added/removed multiset for set. */
public final class OutputComparer {
    /** Context lines around each hunk of a unified diff. */
    static final int CONTEXT_LINES = 3;
    /**
     * Above this many lines (before and after together) a line diff could take minutes (its cost grows with size
     * times edits), so the change is listed as lines added and removed instead, in linear time.
     */
    static final int MAX_LINE_DIFF_LINES = 20_000;

    private OutputComparer() {
    }

    /** Compares previous and current output of the command named {@code label}. */
    public static Change compare(String label, String previous, String current, CompareMode mode,
                                 List<LinearRegex> ignore) {
        List<String> before = filter(lines(previous), ignore);
        List<String> after = filter(lines(current), ignore);
        return mode == CompareMode.SET ? compareSets(before, after) : compareLines(label, before, after);
    }

    /** The output's lines with ignored ones dropped, as they are compared. */
    public static List<String> filter(List<String> lines, List<LinearRegex> ignore) {
        if (ignore.isEmpty()) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (ignore.stream().noneMatch(p -> p.find(line))) {
                kept.add(line);
            }
        }
        return kept;
    }

    /** Splits output into lines; a final newline does not make an empty last line. */
    public static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\r?\n", -1));
    }

    private static Change compareLines(String label, List<String> before, List<String> after) {
        if (before.equals(after)) {
            return Change.NONE;
        }
        if (before.size() + after.size() > MAX_LINE_DIFF_LINES) {
            Change listed = compareSets(before, after);
            String note = "# " + label + ": " + before.size() + " -> " + after.size()
                    + " lines, too many for a line diff; lines removed and added:\n";
            return new Change(true, note + listed.diff(), listed.added(), listed.removed());
        }
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            removed.addAll(delta.getSource().getLines());
            added.addAll(delta.getTarget().getLines());
        }
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                "previous/" + label, "current/" + label, before, patch, CONTEXT_LINES);
        return new Change(true, String.join("\n", unified) + "\n", added, removed);
    }

    private static Change compareSets(List<String> before, List<String> after) {
        Map<String, Integer> counts = new TreeMap<>();
        before.forEach(line -> counts.merge(line, -1, Integer::sum));
        after.forEach(line -> counts.merge(line, 1, Integer::sum));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        counts.forEach((line, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                (n > 0 ? added : removed).add(line);
            }
        });
        if (added.isEmpty() && removed.isEmpty()) {
            return Change.NONE;
        }
        StringBuilder diff = new StringBuilder();
        removed.forEach(line -> diff.append('-').append(line).append('\n'));
        added.forEach(line -> diff.append('+').append(line).append('\n'));
        return new Change(true, diff.toString(), added, removed);
    }
}
