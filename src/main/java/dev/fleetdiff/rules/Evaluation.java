package dev.fleetdiff.rules;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of evaluating the rules on one event, with the trace of every rule tried.
 *
 * @param steps   every rule tried, in order, depth-first
 * @param matched the deepest matching rule, whether or not it fires
 */
public record Evaluation(List<Step> steps, Optional<Rule> matched, Verdict verdict) {
    public Evaluation {
        steps = List.copyOf(steps);
    }

    /** The rule that raises an alert, if any. */
    public Optional<Rule> fired() {
        return verdict == Verdict.FIRED ? matched : Optional.empty();
    }

    /**
     * The result as one line, as OSSEC words it when a rule fires, for example
     * {@code Rule: 140123 fired (level 7) -> "Listened ports have changed."}.
     */
    public String describe(String host, String command) {
        if (verdict == Verdict.FIRED) {
            Rule rule = matched.orElseThrow();
            return "Rule: " + rule.id() + " fired (level " + rule.level() + ") -> \"" + rule.describe(host, command)
                    + "\"";
        }
        return matched.map(r -> "rule " + r.id() + " (level " + r.level() + ") matched; ").orElse("")
                + verdict.meaning();
    }
}
