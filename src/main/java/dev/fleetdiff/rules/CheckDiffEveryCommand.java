package dev.fleetdiff.rules;

import dev.fleetdiff.compare.Change;
import java.util.List;
import java.util.Optional;

/**
 * The provisional engine until rule files are loaded: every command behaves as if a check_diff rule matched it,
 * so a changed output raises one level-7 alert and the baseline and unchanged outputs raise nothing.
 */
public final class CheckDiffEveryCommand implements RuleEngine {
    /** The one rule: check_diff on every command output. */
    public static final Rule RULE = new Rule(199100, 7, "Output of $(command) changed.",
            List.of("fleetdiff", "check_diff"), true, null, true);

    @Override
    public Optional<Rule> evaluate(Event event, Optional<Change> change) {
        return change.filter(Change::changed).map(c -> RULE);
    }

    @Override
    public List<Rule> rules() {
        return List.of(RULE);
    }
}
