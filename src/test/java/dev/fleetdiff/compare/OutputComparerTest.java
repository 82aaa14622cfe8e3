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
        assertThat(change.added()).containsExactly("new");
        assertThat(change.removed()).isEmpty();
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
        assertThat(change.removed()).containsExactly("a");
        assertThat(change.added()).containsExactly("c");
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
        assertThat(change.added()).containsExactly("x".repeat(100_000), "a".repeat(100_000) + "!");
    }

    @Test
    void aFinalNewlineDoesNotMakeALineAndCrLfEqualsLf() {
        assertThat(OutputComparer.lines("a\nb\n")).containsExactly("a", "b");
        assertThat(OutputComparer.lines("a\r\nb")).containsExactly("a", "b");
        assertThat(OutputComparer.lines("")).isEmpty();
    }

    @Test
    void hugeOutputsAreListedInLinearTimeInsteadOfDiffed() {
        String before = IntStream.range(0, 15_000).mapToObj(i -> "old" + i).collect(Collectors.joining("\n"));
        String after = IntStream.range(0, 15_000).mapToObj(i -> "new" + i).collect(Collectors.joining("\n"));
        Change change = OutputComparer.compare("big", before, after, CompareMode.LINES, List.of());
        assertThat(change.changed()).isTrue();
        assertThat(change.added()).hasSize(15_000);
        assertThat(change.diff()).startsWith("# big: 15000 -> 15000 lines, too many for a line diff");
    }
}
