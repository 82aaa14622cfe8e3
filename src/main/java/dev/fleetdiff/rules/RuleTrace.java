package dev.fleetdiff.rules;

import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import java.util.Optional;

/**
 * The answer to {@code fleetdiff rules test} (OSSEC's logtest): which rules matched, which fired and why, and the
 * diff against the stored output, for one output of a command on a host.
 *
 * @param change empty when nothing is stored for the host and command (the output would be the baseline)
 */
public record RuleTrace(Event event, Optional<Change> change, Evaluation evaluation) {

    /**
     * Compares the output with the stored one the way the command asks, then evaluates the rules, exactly as a poll
     * would, without storing anything.
     *
     * @param previousOutput the latest stored output of the command on the host, if any
     */
    public static RuleTrace run(RuleEngine engine, String host, Command command, Optional<String> previousOutput,
                                String output) {
        Optional<Change> change = previousOutput.map(previous -> OutputComparer.compare(command.name(), previous,
                output, command.compare(), command.ignore()));
        Event event = new Event(host, command.name(), command.run(), output);
        return new RuleTrace(event, change, engine.explain(event, change));
    }

    /** A report for a person: the event, every rule tried, the result and the diff. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Event from ").append(event.host()).append(", command ").append(event.command()).append(":\n");
        out.append("  ").append(Event.header(event.commandLine())).append('\n');
        if (event.cut()) {
            out.append("  <match> and <regex> searched the first ").append(Event.MAX_OUTPUT_CHARS).append(" of its ")
                    .append(event.output().length()).append(" characters\n");
        }
        out.append("Compared with the stored output: ").append(change.map(c -> c.changed() ? "changed" : "unchanged")
                .orElse("nothing stored yet")).append('\n');
        out.append("Rules tried:\n");
        evaluation.steps().forEach(step -> out.append(step.describe()).append('\n'));
        out.append("Result: ").append(evaluation.describe(event.host(), event.command())).append('\n');
        change.filter(Change::changed).ifPresent(c -> out.append("Diff against the stored output:\n").append(c.diff()));
        return out.toString();
    }
}
