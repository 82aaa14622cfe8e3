package dev.fleetdiff.rules;

import java.nio.file.Path;
import java.util.List;

/**
 * A rule as loaded from a rule file: its identity and effect, where it hangs in the tree, what it tests and where it
 * was written.
 *
 * @param rule       id, level, description, groups, check_diff and options
 * @param parents    the ids in {@code <if_sid>}; empty for a top-level rule
 * @param conditions every test an event must pass, in the order OSSEC makes them
 * @param file       the rule file
 * @param line       line of the {@code <rule>} element
 * @param parentLine line of the {@code <if_sid>} element, or of the rule when there is none
 */
public record RuleDefinition(Rule rule, List<Integer> parents, List<Condition> conditions, Path file, int line,
                             int parentLine) {
    public RuleDefinition {
        parents = List.copyOf(parents);
        conditions = List.copyOf(conditions);
    }

    /** Where the rule was written, as {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
