package dev.fleetdiff.config;

import dev.fleetdiff.inventory.Baseline;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.regex.LinearRegex;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the {@code commands} section: each command's line to run, how to compare it and with which baseline, which
 * lines to ignore, and the limits and exit statuses that are its own rather than its hosts'.
 */
final class CommandsReader {
    static final List<String> KEYS = List.of("run", "compare", "ignore", "schedule", "command_timeout", "max_output",
            "success_exit_codes", "baseline");
    static final CompareMode DEFAULT_COMPARE = CompareMode.LINES;
    /** OSSEC's check_diff semantics: each output is compared with the one before. */
    static final Baseline DEFAULT_BASELINE = Baseline.PREVIOUS;
    private static final int MAX_EXIT_STATUS = 255;

    private CommandsReader() {
    }

    /** Commands by name, in file order; empty when the section is missing. */
    static Map<String, Command> read(Section top) throws ConfigException {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Map.Entry<String, Section> entry : top.named("commands", "command", KEYS).entrySet()) {
            commands.put(entry.getKey(), command(entry.getValue(), entry.getKey()));
        }
        return commands;
    }

    private static Command command(Section section, String name) throws ConfigException {
        String run = section.required("run", CommandsReader::commandLine, "\"cat /etc/passwd\"");
        CompareMode compare = section.value("compare", CommandsReader::compareMode).orElse(DEFAULT_COMPARE);
        List<LinearRegex> ignore = section.list("ignore", LinearRegex::compile, false).orElse(List.of());
        Optional<String> schedule = section.value("schedule", HostLayer::schedule);
        Optional<Duration> timeout = section.value("command_timeout", Units::positiveDuration);
        OptionalLong maxOutput = section.value("max_output", Units.size(HostLayer.MAX_OUTPUT_LIMIT_BYTES))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        Set<Integer> successExits = section.list("success_exit_codes", Units.integer(0, MAX_EXIT_STATUS), true)
                .<Set<Integer>>map(Set::copyOf).orElse(Command.DEFAULT_SUCCESS_EXITS);
        if (successExits.isEmpty()) {
            throw section.source().error(section.node("success_exit_codes").orElseThrow(), section.path(
                    "success_exit_codes") + " is empty; list the exit statuses whose output is compared, e.g. [0, 1]");
        }
        Baseline baseline = section.value("baseline", CommandsReader::baseline).orElse(DEFAULT_BASELINE);
        return new Command(name, run, compare, ignore, schedule, timeout, maxOutput, successExits, baseline);
    }

    private static String commandLine(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("is empty; write the command line to run, e.g. run: \"cat /etc/passwd\"");
        }
        return text;
    }

    private static CompareMode compareMode(String text) {
        return switch (text) {
            case "lines" -> CompareMode.LINES;
            case "set" -> CompareMode.SET;
            default -> throw new IllegalArgumentException(
                    "is not a compare mode; write lines (order matters) or set (order ignored)");
        };
    }

    private static Baseline baseline(String text) {
        return switch (text) {
            case "previous" -> Baseline.PREVIOUS;
            case "accepted" -> Baseline.ACCEPTED;
            default -> throw new IllegalArgumentException("is not a baseline; write previous (compare with the output"
                    + " before) or accepted (compare with the last output accepted by fleetdiff accept)");
        };
    }
}
