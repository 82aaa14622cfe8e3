package dev.fleetdiff.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.regex.LinearRegex;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputComparerTest {

    @Test
    void linesModeGivesAUnifiedDiffWithTheAddedLine() {
        Change change = OutputComparer.compare("ports", "a\nb\n", "a\nnew\nb\n", CompareMode.LINES, List.of());
        assertThat(change.changed()).isTrue();
        assertThat(change.diff()).startsWith("--- previous/ports\n+++ current/ports\n@@ -1,2 +1,3 @@\n")
                .contains("\n+new\n");
    }

    @Test
    void linesModeSeesReorderingButSetModeDoesNot() {
        assertThat(OutputComparer.compare("c", "a\nb\n", "b\na\n", CompareMode.LINES, List.of()).changed()).isTrue();
        assertThat(OutputComparer.compare("c", "a\nb\n", "b\na\n", CompareMode.SET, List.of())).isEqualTo(Change.NONE);
    }

    @Test
    void setModeCountsDuplicatesAndListsRemovedThenAdded() {
        Change change = OutputComparer.compare("c", "a\na\nb\n", "a\nb\nc\n", CompareMode.SET, List.of());
        assertThat(change.diff()).isEqualTo("-a\n+c\n");
    }

    @Test
    void ignoredLinesAreDroppedBeforeComparing() {
        List<LinearRegex> ignore = List.of(LinearRegex.compile("^# generated at"));
        Change change = OutputComparer.compare("c", "# generated at 10:00\nx\n", "# generated at 11:00\nx\n",
                CompareMode.LINES, ignore);
        assertThat(change).isEqualTo(Change.NONE);
    }

    /** Nested repetition backtracks exponentially in java.util.regex: over a 30-character line, for minutes. */
    @Test
    void ignoreRegexesRunInLinearTimeOverAHostileLine() {
        List<LinearRegex> ignore = List.of(LinearRegex.compile("(a+)+$"), LinearRegex.compile("(x+x+)+y"));
        String hostile = "x".repeat(100_000) + "\n" + "a".repeat(100_000) + "!\n";
        Change change = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> OutputComparer.compare("c", "",
                hostile + "xxy\naaa\n", CompareMode.LINES, ignore));
        assertThat(change.diff().lines().filter(line -> line.startsWith("+") && !line.startsWith("+++")))
                .containsExactly("+" + "x".repeat(100_000), "+" + "a".repeat(100_000) + "!");
    }

    @Test
    void aFinalNewlineDoesNotMakeALineAndCrLfEqualsLf() {
        assertThat(OutputComparer.lines("a\nb\n")).containsExactly("a", "b");
        assertThat(OutputComparer.lines("a\r\nb")).containsExactly("a", "b");
        assertThat(OutputComparer.lines("")).isEmpty();
    }

    @Test
    void hugeChangesAreOneReplacedHunkInLinearTime() {
        String before = IntStream.range(0, 15_000).mapToObj(i -> "old" + i).collect(Collectors.joining("\n"));
        String after = IntStream.range(0, 15_000).mapToObj(i -> "new" + i).collect(Collectors.joining("\n"));
        Change change = OutputComparer.compare("big", before, after, CompareMode.LINES, List.of());
        assertThat(change.changed()).isTrue();
        assertThat(change.diff()).startsWith("# big: 15000 -> 15000 changed lines, too many for a line diff;")
                .contains("\n--- previous/big\n+++ current/big\n@@ -1,15000 +1,15000 @@\n-old0\n")
                .contains("\n-old14999\n+new0\n").endsWith("\n+new14999\n");
    }

    @Test
    void aSmallChangeInAHugeOutputIsAUnifiedDiffWithTheRightLineNumbers() {
        String before = IntStream.range(0, 1_000_000).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
        String after = before.replace("line 500000\n", "line 500000 changed\n");
        Change change = OutputComparer.compare("big", before, after, CompareMode.LINES, List.of());
        assertThat(change.diff()).isEqualTo("""
                --- previous/big
                +++ current/big
                @@ -499998,7 +499998,7 @@
                 line 499997
                 line 499998
                 line 499999
                -line 500000
                +line 500000 changed
                 line 500001
                 line 500002
                 line 500003
                """);
    }

    @Test
    void aBoundedDiffKeepsItsStartAndCountsTheRest() {
        String before = IntStream.range(0, 30_000).mapToObj(i -> "old" + i + "\n").collect(Collectors.joining());
        String after = IntStream.range(0, 30_000).mapToObj(i -> "new" + i + "\n").collect(Collectors.joining());
        Change whole = OutputComparer.compare("big", before, after, CompareMode.LINES, List.of());
        Change bounded = OutputComparer.compare("big", before, after, CompareMode.LINES, List.of(), 1_000);

        assertThat(bounded.diff()).hasSize(1_000).isEqualTo(whole.diff().substring(0, 1_000));
        assertThat(bounded.diffChars()).isEqualTo(whole.diff().length());
        assertThat(bounded.cut()).isTrue();
        assertThat(whole.cut()).isFalse();
    }

    @Test
    void ignoredLinesStillCountWhenTheChangedPartIsHuge() {
        List<LinearRegex> ignore = List.of(LinearRegex.compile("^stamp "));
        String before = IntStream.range(0, 30_000).mapToObj(i -> "stamp " + i + "\nsame\n").collect(Collectors.joining());
        String after = IntStream.range(0, 30_000).mapToObj(i -> "stamp x" + i + "\nsame\n").collect(Collectors.joining());
        assertThat(OutputComparer.compare("c", before, after, CompareMode.LINES, ignore)).isEqualTo(Change.NONE);
        assertThat(OutputComparer.compare("c", before, after + "new\n", CompareMode.LINES, ignore).diff())
                .startsWith("# c: 30000 -> 30001 changed lines").endsWith("+same\n+new\n");
    }

    @Test
    void onlyTheEndsOfLinesAreSkipped() {
        Change change = OutputComparer.compare("c", "a\nbc\nd\n", "a\nbx\nd\n", CompareMode.LINES, List.of());
        assertThat(change.diff()).isEqualTo("--- previous/c\n+++ current/c\n@@ -1,3 +1,3 @@\n a\n-bc\n+bx\n d\n");
        assertThat(OutputComparer.compare("c", "a\nb", "a\nb\n", CompareMode.LINES, List.of())).isEqualTo(Change.NONE);
        assertThat(OutputComparer.compare("c", "a\r\nb", "a\nb", CompareMode.LINES, List.of())).isEqualTo(Change.NONE);
        assertThat(OutputComparer.compare("c", "x\nsame\n", "y\nsame\n", CompareMode.LINES, List.of()).diff())
                .isEqualTo("--- previous/c\n+++ current/c\n@@ -1,2 +1,2 @@\n-x\n+y\n same\n");
    }
}
