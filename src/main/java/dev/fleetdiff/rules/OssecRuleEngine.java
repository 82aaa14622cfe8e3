package dev.fleetdiff.rules;

import dev.fleetdiff.compare.Change;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates OSSEC rules the way OSSEC's analysisd does: top-level rules in order, and below the first one that
 * matches, its children in order, recursively; the deepest rule reached wins. A check_diff rule matches only when the
 * output differs from the stored one, so on an unchanged output evaluation goes on with its siblings and falls back
 * to its parent, exactly as in OSSEC. A matching rule without check_diff does not repeat its alert while the output
 * stays the same (see docs/RULES.md). Immutable and thread-safe.
 */
public final class OssecRuleEngine implements RuleEngine {
    /** The file named for rules built into fleetdiff. */
    public static final Path BUILTIN = Path.of("(built-in)");

    private final RuleTree tree;
    private final List<RuleFile> files;
    private final List<RuleDefinition> definitions;

    private OssecRuleEngine(RuleTree tree, List<RuleFile> files, List<RuleDefinition> definitions) {
        this.tree = tree;
        this.files = List.copyOf(files);
        this.definitions = List.copyOf(definitions);
    }

    /**
     * Builds the engine from rules in load order, adding built-in rule 530 as the base every command output matches.
     *
     * @throws RulesException on a duplicate or reserved id, an {@code <if_sid>} naming no rule, or a cycle
     */
    public static OssecRuleEngine build(List<RuleFile> files, List<RuleDefinition> loaded) throws RulesException {
        for (RuleDefinition definition : loaded) {
            for (Rule builtin : BuiltinRules.ALL) {
                if (definition.rule().id() == builtin.id()) {
                    throw new RulesException(definition.file(), definition.line(), "rule id " + builtin.id()
                            + " is built into fleetdiff (\"" + builtin.description() + "\"); give this rule another "
                            + "id, and use <if_sid>530</if_sid> to hang a rule below the base rule");
                }
            }
        }
        List<RuleDefinition> all = new ArrayList<>();
        all.add(new RuleDefinition(BuiltinRules.COMMAND_OUTPUT, List.of(), List.of(), BUILTIN, 0, 0));
        all.addAll(loaded);
        List<RuleDefinition> tree = new ArrayList<>(all);
        for (Rule raised : BuiltinRules.RAISED) {
            tree.add(new RuleDefinition(raised, List.of(), List.of(), BUILTIN, 0, 0));
        }
        return new OssecRuleEngine(RuleTree.build(tree), files, all);
    }

    /**
     * The deepest local rule below the built-in one whose conditions the event meets ({@code <check_diff />} never
     * holds here: these alerts compare nothing), else the built-in rule; empty when the result has level 0.
     */
    @Override
    public Optional<Rule> refine(Rule builtin, Event event) {
        Optional<RuleDefinition> node = tree.roots().stream().filter(d -> d.rule().equals(builtin)).findFirst();
        if (node.isEmpty()) {
            throw new IllegalArgumentException("rule " + builtin.id() + " is not one fleetdiff raises itself");
        }
        return descend(node.get(), 0, event, event.text(), Optional.empty(), new ArrayList<>())
                .map(RuleDefinition::rule).filter(rule -> rule.level() > 0);
    }

    @Override
    public Optional<Rule> evaluate(Event event, Optional<Change> change) {
        return explain(event, change).fired();
    }

    @Override
    public Evaluation explain(Event event, Optional<Change> change) {
        List<Step> steps = new ArrayList<>();
        Optional<RuleDefinition> deepest = Optional.empty();
        String text = event.text();
        for (RuleDefinition root : tree.roots()) {
            if (BuiltinRules.RAISED.contains(root.rule())) {
                continue; // fleetdiff raises these itself; they never match a command output
            }
            deepest = descend(root, 0, event, text, change, steps);
            if (deepest.isPresent()) {
                break;
            }
        }
        Optional<Rule> matched = deepest.map(RuleDefinition::rule);
        return new Evaluation(steps, matched, verdict(matched, change));
    }

    /** Built-in rules first, then every loaded rule in load order. */
    @Override
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(BuiltinRules.ALL);
        definitions.stream().skip(1).map(RuleDefinition::rule).forEach(rules::add);
        return rules;
    }

    /** Every rule with where it was written, built-in rule 530 first. */
    public List<RuleDefinition> definitions() {
        return definitions;
    }

    /** The rule files loaded, in load order, with their rule counts. */
    public List<RuleFile> files() {
        return files;
    }

    /**
     * Problems for {@code fleetdiff check}: each {@code <command>} naming a command that hosts.yaml does not define,
     * as {@code file:line: message}. Not an error, since a rule pack may cover commands a fleet does not run.
     */
    public List<String> unknownCommands(Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (RuleDefinition definition : definitions) {
            for (Condition condition : definition.conditions()) {
                for (String name : condition.commandNames()) {
                    if (!known.contains(name)) {
                        problems.add(definition.location() + ": rule " + definition.rule().id() + " names command '"
                                + name + "', which hosts.yaml does not define; the rule never matches");
                    }
                }
            }
        }
        return problems;
    }

    private Optional<RuleDefinition> descend(RuleDefinition node, int depth, Event event, String text,
                                             Optional<Change> change, List<Step> steps) {
        Optional<String> failure = failure(node, event, text, change);
        steps.add(new Step(node.rule(), depth, failure.isEmpty(), failure.orElseGet(() -> success(node))));
        if (failure.isPresent()) {
            return Optional.empty();
        }
        for (RuleDefinition child : tree.children(node)) {
            Optional<RuleDefinition> found = descend(child, depth + 1, event, text, change, steps);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.of(node);
    }

    private static Optional<String> failure(RuleDefinition node, Event event, String text, Optional<Change> change) {
        for (Condition condition : node.conditions()) {
            if (!condition.test(event, text)) {
                return Optional.of(condition.describe() + switch (condition.element()) {
                    case MATCH, REGEX -> " not found";
                    case HOSTNAME -> " does not match host '" + event.host() + "'";
                    case COMMAND -> " is not '" + event.command() + "'";
                });
            }
        }
        if (node.rule().checkDiff()) {
            if (change.isEmpty()) {
                return Optional.of("check_diff: first output, nothing to compare with");
            }
            if (!change.get().changed()) {
                return Optional.of("check_diff: output unchanged");
            }
        }
        return Optional.empty();
    }

    private static String success(RuleDefinition node) {
        List<String> passed = new ArrayList<>();
        node.conditions().forEach(c -> passed.add(c.describe() + " matches"));
        if (node.rule().checkDiff()) {
            passed.add("check_diff: output changed");
        }
        return passed.isEmpty() ? "no conditions (every command output)" : String.join(", ", passed);
    }

    private static Verdict verdict(Optional<Rule> matched, Optional<Change> change) {
        if (matched.isEmpty()) {
            return Verdict.NO_MATCH;
        }
        if (change.isEmpty()) {
            return Verdict.BASELINE;
        }
        if (matched.get().level() == 0) {
            return Verdict.SILENT;
        }
        if (!matched.get().checkDiff() && !change.get().changed()) {
            return Verdict.REPEAT;
        }
        return Verdict.FIRED;
    }
}
