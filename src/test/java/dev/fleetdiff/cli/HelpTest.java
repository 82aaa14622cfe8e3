package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code --help} and {@code -h} with its usage and exit 0, and so does
 * {@code fleetdiff help <command>}; the commands are listed from the picocli model, so a new one cannot be missed.
 */
class HelpTest {

    /** Each command path below fleetdiff, e.g. [poll] or [rules, test]. */
    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), List.of(), paths);
        assertThat(paths).as("the model lists the commands").hasSizeGreaterThan(10);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        for (var sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            paths.add(subPath);
            collect(sub.getValue(), subPath, paths);
        }
    }

    private static String[] args(List<String> path, String... more) {
        return Stream.concat(path.stream(), Stream.of(more)).toArray(String[]::new);
    }

    /** Runs the CLI in-process; returns its exit code and what it printed on stdout, then stderr. */
    private static List<String> run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return List.of(String.valueOf(exit), outBytes.toString(StandardCharsets.UTF_8),
                    errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @ParameterizedTest(name = "fleetdiff {0} --help")
    @MethodSource("commandPaths")
    void everyCommandAnswersHelpWithItsUsage(List<String> path) {
        String usage = "Usage: fleetdiff " + String.join(" ", path);
        for (String flag : List.of("--help", "-h")) {
            List<String> run = run(args(path, flag));
            assertThat(run.get(0)).as("exit of %s %s; stderr: %s", path, flag, run.get(2)).isEqualTo("0");
            assertThat(run.get(1)).as("%s %s", path, flag).contains(usage);
        }
        List<String> parent = path.subList(0, path.size() - 1);
        List<String> help = run(args(parent, "help", path.get(path.size() - 1)));
        assertThat(help.get(0)).as("fleetdiff help %s; stderr: %s", path, help.get(2)).isEqualTo("0");
        assertThat(help.get(1)).contains(usage);
    }
}
