package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    @ParameterizedTest(name = "fleetdiff {0} --help")
    @MethodSource("commandPaths")
    void everyCommandAnswersHelpWithItsUsage(List<String> path) {
        String usage = "Usage: fleetdiff " + String.join(" ", path);
        for (String flag : List.of("--help", "-h")) {
            CliFleet.Run run = CliFleet.execute(args(path, flag));
            assertThat(run.exit()).as("exit of %s %s; stderr: %s", path, flag, run.err()).isZero();
            assertThat(run.out()).as("%s %s", path, flag).contains(usage);
        }
        List<String> parent = path.subList(0, path.size() - 1);
        CliFleet.Run help = CliFleet.execute(args(parent, "help", path.get(path.size() - 1)));
        assertThat(help.exit()).as("fleetdiff help %s; stderr: %s", path, help.err()).isZero();
        assertThat(help.out()).contains(usage);
    }
}
