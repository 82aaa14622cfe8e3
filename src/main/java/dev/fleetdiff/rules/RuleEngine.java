package dev.fleetdiff.rules;

import dev.fleetdiff.compare.Change;
import java.util.List;
import java.util.Optional;

/** Decides which rule, if any, fires for one command output. */
public interface RuleEngine {

    /**
     * @param change empty for the first output of a (host, command) (the silent baseline); otherwise the comparison
     *               with the stored output, possibly {@link Change#NONE}
     * @return the rule that fires, if any; a level-0 rule never reaches here as a firing
     */
    Optional<Rule> evaluate(Event event, Optional<Change> change);

    /**
     * The rule to raise for one of fleetdiff's own alerts ({@link BuiltinRules#RAISED}), after local rules below it
     * ({@code <if_sid>}) had their say: the deepest one whose conditions the event meets, or the built-in rule itself;
     * empty when that rule has level 0, which silences the alert. The default has no local rules.
     */
    default Optional<Rule> refine(Rule builtin, Event event) {
        return Optional.of(builtin).filter(rule -> rule.level() > 0);
    }

    /** Every rule loaded, for {@code fleetdiff check}. */
    List<Rule> rules();

    /**
     * Like {@link #evaluate} but says why, for {@code fleetdiff rules test}; engines without a rule tree give no steps.
     */
    default Evaluation explain(Event event, Optional<Change> change) {
        Optional<Rule> fired = evaluate(event, change);
        Verdict verdict = fired.isPresent() ? Verdict.FIRED : change.isEmpty() ? Verdict.BASELINE : Verdict.NO_MATCH;
        return new Evaluation(List.of(), fired, verdict);
    }
}
