package dev.fleetdiff.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OSSEC's rule tree: rules without {@code <if_sid>} at the top (with built-in rule 530), every other rule a child of
 * each rule its {@code <if_sid>} names. Siblings are tried highest level first, then in load order, as OSSEC orders
 * them.
 */
final class RuleTree {
    private static final Comparator<RuleDefinition> BY_LEVEL_DESCENDING =
            Comparator.comparingInt((RuleDefinition d) -> d.rule().level()).reversed();

    private final List<RuleDefinition> roots;
    private final Map<Integer, List<RuleDefinition>> children;

    private RuleTree(List<RuleDefinition> roots, Map<Integer, List<RuleDefinition>> children) {
        this.roots = roots;
        this.children = children;
    }

    List<RuleDefinition> roots() {
        return roots;
    }

    List<RuleDefinition> children(RuleDefinition parent) {
        return children.getOrDefault(parent.rule().id(), List.of());
    }

    /**
     * Builds the tree from definitions in load order, failing on a duplicate id, an {@code <if_sid>} naming no rule, or
     * a cycle of {@code <if_sid>}.
     */
    static RuleTree build(List<RuleDefinition> definitions) throws RulesException {
        Map<Integer, RuleDefinition> byId = new LinkedHashMap<>();
        for (RuleDefinition definition : definitions) {
            RuleDefinition earlier = byId.putIfAbsent(definition.rule().id(), definition);
            if (earlier != null) {
                throw new RulesException(definition.file(), definition.line(), "rule id " + definition.rule().id()
                        + " is already defined at " + earlier.location() + "; give each rule its own id");
            }
        }
        List<RuleDefinition> roots = new ArrayList<>();
        Map<Integer, List<RuleDefinition>> children = new HashMap<>();
        for (RuleDefinition definition : definitions) {
            if (definition.parents().isEmpty()) {
                roots.add(definition);
            }
            for (int parent : definition.parents()) {
                if (!byId.containsKey(parent)) {
                    throw new RulesException(definition.file(), definition.parentLine(), "<if_sid> of rule "
                            + definition.rule().id() + " names rule " + parent + ", which no rule file defines; "
                            + "define it, or use 530 to follow every command output");
                }
                children.computeIfAbsent(parent, id -> new ArrayList<>()).add(definition);
            }
        }
        Set<Integer> acyclic = new HashSet<>();
        for (RuleDefinition definition : definitions) {
            rejectCycle(definition, byId, new ArrayList<>(), acyclic);
        }
        roots.sort(BY_LEVEL_DESCENDING);
        children.values().forEach(list -> list.sort(BY_LEVEL_DESCENDING));
        return new RuleTree(List.copyOf(roots), children);
    }

    /** Walks up the {@code <if_sid>} links of a rule, skipping rules whose ancestry is already known to be acyclic. */
    private static void rejectCycle(RuleDefinition definition, Map<Integer, RuleDefinition> byId, List<Integer> path,
                                    Set<Integer> acyclic) throws RulesException {
        int id = definition.rule().id();
        if (acyclic.contains(id)) {
            return;
        }
        if (path.contains(id)) {
            List<Integer> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            RuleDefinition first = byId.get(cycle.get(0));
            throw new RulesException(first.file(), first.parentLine(), "<if_sid> links rules in a cycle: "
                    + String.join(" -> ", cycle.stream().map(String::valueOf).toList())
                    + "; a rule cannot descend from itself, so break the cycle");
        }
        path.add(id);
        for (int parent : definition.parents()) {
            rejectCycle(byId.get(parent), byId, path, acyclic);
        }
        path.remove(path.size() - 1);
        acyclic.add(id);
    }
}
