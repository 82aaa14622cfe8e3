package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI reference made from the annotations: docs/CLI.md is current, every command has a clean man page. */
class CliReferenceTest {
    static final Path CHECKED_IN = Path.of("docs/CLI.md");
    /** Bounds one groff run. */
    static final long GROFF_PATIENCE_SECONDS = 30;

    private final CliReference reference = new CliReference();

    @Test
    void docsCliMdIsWhatTheAnnotationsSay() throws Exception {
        String generated = reference.markdown();
        assertThat(Files.readString(CHECKED_IN))
                .as("docs/CLI.md is out of date: run ./mvnw -q -DskipTests package and copy "
                        + "target/generated-docs/CLI.md to docs/CLI.md")
                .isEqualTo(generated);
        for (var command : reference.commands()) {
            assertThat(generated).contains("## " + command.getCommandSpec().qualifiedName() + "\n");
        }
        assertThat(generated).contains("## fleetdiff show\n").contains("--at=TIME").contains("## fleetdiff rules test\n");
    }

    @Test
    void everyCommandHasAManPageThatGroffRendersWithoutWarnings(@TempDir Path dir) throws Exception {
        Map<String, String> pages = reference.manPages();
        assertThat(pages).hasSize(reference.commands().size()).containsKeys("fleetdiff.1", "fleetdiff-poll.1",
                "fleetdiff-rules-test.1", "fleetdiff-show.1");
        assertThat(pages.get("fleetdiff-show.1")).startsWith(".TH FLEETDIFF-SHOW 1 ")
                .contains(".SH OPTIONS\n").contains(".TP\n\\fB\\-\\-host\\fR \\fIH\\fR\nthe host's name in hosts.yaml\n")
                .contains("\\fB\\-\\-raw\\fR\n");
        assertThat(pages.get("fleetdiff.1")).contains(".SH COMMANDS\n").contains("See \\fBfleetdiff\\-poll\\fR(1).");

        Path groff = Path.of("/usr/bin/groff");
        assumeThat(Files.isExecutable(groff) || "true".equals(System.getenv("CI"))).as("groff is installed").isTrue();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Path file = dir.resolve(page.getKey());
            Files.writeString(file, page.getValue());
            Process run = new ProcessBuilder(groff.toString(), "-man", "-Tutf8", "-ww", "-z", file.toString())
                    .redirectErrorStream(true).start();
            String warnings = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(GROFF_PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(warnings).as(page.getKey()).isEmpty();
        }
    }

    @Test
    void bashCompletionKnowsEveryCommand() {
        String bash = reference.bashCompletion();
        for (var command : reference.commands()) {
            assertThat(bash).contains(command.getCommandName());
        }
        assertThat(bash).contains("complete -F _complete_fleetdiff");
    }
}
