package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.audit.OutputGroup;
import dev.fleetdiff.audit.Outliers;
import dev.fleetdiff.text.ShownText;
import dev.fleetdiff.web.OutliersJson;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdiff outliers}: which hosts differ from the rest. Hosts grouped by their latest output of a command,
 * largest group first, each minority group with its diff against the largest; failed, stale and never polled hosts
 * in groups of their own.
 */
@Command(name = "outliers", description = "Group hosts by their latest output of a command; diff each minority group"
        + " against the largest.")
final class OutliersCommand extends FleetCommand {
    /** Characters of a hash shown in the text form. */
    private static final int SHORT_HASH = 12;

    @Option(names = "--command", required = true, paramLabel = "C", description = "the command whose outputs to group")
    String command;

    @Option(names = "--group", paramLabel = "G", description = "only this group's hosts (repeatable)")
    List<String> groups = new ArrayList<>();

    @Option(names = "--host", paramLabel = "H", description = "only these hosts (repeatable)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--json", description = "print one JSON object: command, hosts, groups (kind, count, ranges,"
            + " hosts, hash, reason, diff)")
    boolean json;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            Outliers outliers = app.outliers(command, groups, hosts);
            out().print(json ? json(outliers) + "\n" : text(outliers));
            return outliers.differ() ? ExitCodes.CHANGED : ExitCodes.OK;
        }
    }

    /** The groups as text: a heading line per group, its host ranges, and the diff of a minority group. */
    static String text(Outliers outliers) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %d hosts in %d groups%n", outliers.command(), outliers.hosts(),
                outliers.groups().size()));
        int number = 0;
        for (OutputGroup group : outliers.groups()) {
            number++;
            text.append(String.format("%n#%d  %d %s  %s%n", number, group.hosts().size(),
                    group.hosts().size() == 1 ? "host" : "hosts", heading(group, number)));
            text.append("    ").append(ShownText.line(group.ranges())).append('\n');
            group.diff().ifPresent(diff -> {
                text.append("    diff against #1 (").append(diff.diffChars()).append(" characters")
                        .append(diff.cut() ? ", cut" : "").append("):\n");
                for (String line : ShownText.text(diff.diff()).split("\n", -1)) {
                    if (!line.isEmpty()) {
                        text.append("    ").append(line).append('\n');
                    }
                }
            });
        }
        return text.toString();
    }

    private static String heading(OutputGroup group, int number) {
        return switch (group.kind()) {
            case OUTPUT -> "output sha256:" + group.hash().orElse("").substring(0, SHORT_HASH)
                    + (number == 1 ? " (largest)" : "");
            case FAILED -> "failed: " + ShownText.line(group.reason().orElse(""));
            case STALE -> "stale: " + ShownText.line(group.reason().orElse(""));
            case NEVER_POLLED -> "never polled: " + ShownText.line(group.reason().orElse(""));
        };
    }

    /** The groups as one JSON object, every non-ASCII character escaped. */
    static String json(Outliers outliers) {
        return OutliersJson.write(outliers, TerminalJson.FACTORY);
    }
}
