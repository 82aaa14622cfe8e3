package dev.fleetdiff.web;

import dev.fleetdiff.audit.OutputGroup;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.audit.Outliers;
import dev.fleetdiff.text.ShownText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which hosts differ from the rest: the hosts that run a command grouped by their latest output of it, largest group
 * first, each minority group with its diff against the largest coloured as on an alert; failed, stale and never polled
 * hosts in groups of their own. The same groups as {@code fleetdiff outliers}.
 */
record OutliersView(Chrome chrome, List<String> commands, List<String> groupNames, String command, String group,
                    int hosts, List<Shown> groups) {

    /**
     * One group as shown: its number (#1 is the largest), kind label, size, host ranges, heading detail (hash or
     * reason), and for a minority output group its coloured diff against #1.
     */
    record Shown(int number, String kind, int count, String ranges, String detail, List<DiffLines.Line> diff,
                 long diffChars, boolean cut) {
    }

    /** The page for {@code outliers} of {@code command}, limited to {@code group} when not empty. */
    static OutliersView of(Outliers outliers, List<String> commands, List<String> groupNames, String group,
                           Chrome chrome) {
        List<Shown> shown = new ArrayList<>();
        for (OutputGroup g : outliers.groups()) {
            Optional<String> diff = g.diff().map(Change::diff);
            shown.add(new Shown(shown.size() + 1, label(g.kind()), g.hosts().size(), ShownText.line(g.ranges()),
                    ShownText.line(g.hash().map(h -> "sha256:" + h).or(g::reason).orElse("")),
                    diff.map(DiffLines::unified).orElse(List.of()), g.diff().map(Change::diffChars).orElse(0L),
                    g.diff().map(Change::cut).orElse(false)));
        }
        return new OutliersView(chrome, commands, groupNames, ShownText.line(outliers.command()),
                ShownText.line(group), outliers.hosts(), shown);
    }

    private static String label(OutputGroup.Kind kind) {
        return switch (kind) {
            case OUTPUT -> "same output";
            case FAILED -> "failed";
            case STALE -> "stale";
            case NEVER_POLLED -> "never polled";
        };
    }
}
