package dev.fleetdiff.rules;

/**
 * One rule tried on an event, one line of a {@code rules test} trace.
 *
 * @param depth   0 for a top-level rule, 1 for its children, and so on
 * @param matched whether the rule matched (its children are tried next)
 * @param reason  the test that failed, or the tests that passed
 */
public record Step(Rule rule, int depth, boolean matched, String reason) {

    /** The step as an indented line, for example {@code "  140123 matched: <match> '...' found"}. */
    public String describe() {
        return "  ".repeat(depth + 1) + rule.id() + (matched ? " matched: " : " not matched: ") + reason;
    }
}
