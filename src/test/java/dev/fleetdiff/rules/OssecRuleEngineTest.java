package dev.fleetdiff.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.compare.Change;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OssecRuleEngineTest {
    private static final Path FILE = Path.of("rules/test.xml");
    private static final Optional<Change> CHANGED = Optional.of(new Change(true, "+x\n", 3));
    private static final Optional<Change> UNCHANGED = Optional.of(Change.NONE);
    private static final Optional<Change> BASELINE = Optional.empty();

    private static RuleDefinition rule(int id, int level, List<Integer> parents, boolean checkDiff,
                                       Condition... conditions) {
        Rule rule = new Rule(id, level, "Rule " + id + " on $(command).", List.of("test"), checkDiff, null, true);
        return new RuleDefinition(rule, parents, List.of(conditions), FILE, id % 1000, id % 1000 + 1);
    }

    private static OssecRuleEngine engine(RuleDefinition... rules) throws RulesException {
        return OssecRuleEngine.build(List.of(new RuleFile(FILE, rules.length)), List.of(rules));
    }

    private static Event event(String output) {
        return new Event("web1", "ports", "netstat -tan", output);
    }

    private static Optional<Integer> matched(Evaluation evaluation) {
        return evaluation.matched().map(Rule::id);
    }

    @Test
    void theDeepestMatchingRuleWins() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(199200, 5, List.of(530), false, Condition.match("foo")),
                rule(199201, 9, List.of(199200), false, Condition.regex("bar\\d+")));

        assertThat(matched(engine.explain(event("foo bar42"), CHANGED))).contains(199201);
        assertThat(matched(engine.explain(event("foo bar"), CHANGED))).contains(199200);
        assertThat(matched(engine.explain(event("bar42"), CHANGED))).contains(530);
    }

    @Test
    void anUnchangedCheckDiffRuleDoesNotMatchSoItsSiblingsAndThenItsParentAreTried() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100300, 2, List.of(530), false, Condition.match("x")),
                rule(100301, 9, List.of(100300), true),
                rule(100302, 4, List.of(100300), false, Condition.match("sibling")));

        assertThat(engine.explain(event("x"), CHANGED).fired().map(Rule::id)).contains(100301);
        assertThat(matched(engine.explain(event("x sibling"), UNCHANGED))).contains(100302);
        assertThat(matched(engine.explain(event("x"), UNCHANGED))).contains(100300);
        Evaluation evaluation = engine.explain(event("x"), UNCHANGED);
        assertThat(evaluation.steps()).extracting(Step::describe).containsExactly(
                "  530 matched: no conditions (every command output)",
                "    100300 matched: <match> 'x' matches",
                "      100301 not matched: check_diff: output unchanged",
                "      100302 not matched: <match> 'sibling' not found");
    }

    @Test
    void checkDiffIsTestedBeforeTheChildrenAsInOssec() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100300, 7, List.of(530), true),
                rule(100301, 9, List.of(100300), false, Condition.match("x")));

        assertThat(engine.evaluate(event("x"), CHANGED).map(Rule::id)).contains(100301);
        assertThat(engine.evaluate(event("x"), UNCHANGED)).isEmpty();
        assertThat(engine.explain(event("x"), UNCHANGED).verdict()).isEqualTo(Verdict.SILENT);
    }

    @Test
    void siblingsAreTriedHighestLevelFirstThenInLoadOrder() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100400, 3, List.of(530), true),
                rule(100401, 9, List.of(530), true),
                rule(100402, 9, List.of(530), true));

        assertThat(engine.evaluate(event("x"), CHANGED).map(Rule::id)).contains(100401);
    }

    @Test
    void levelZeroSilencesAMatchingEvent() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100500, 7, List.of(530), true),
                rule(100501, 0, List.of(100500), false, Condition.match("benign")));

        Evaluation silenced = engine.explain(event("benign change"), CHANGED);
        assertThat(matched(silenced)).contains(100501);
        assertThat(silenced.verdict()).isEqualTo(Verdict.SILENT);
        assertThat(silenced.fired()).isEmpty();
        assertThat(engine.evaluate(event("other change"), CHANGED).map(Rule::id)).contains(100500);
    }

    @Test
    void theFirstOutputIsABaselineThatNeverAlerts() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100600, 7, List.of(530), true),
                rule(100601, 12, List.of(530), false, Condition.match("full")));

        Evaluation diff = engine.explain(event("x"), BASELINE);
        assertThat(matched(diff)).contains(530);
        assertThat(diff.verdict()).isEqualTo(Verdict.BASELINE);
        assertThat(diff.steps()).extracting(Step::reason).contains("check_diff: first output, nothing to compare with");
        Evaluation plain = engine.explain(event("disk full"), BASELINE);
        assertThat(matched(plain)).contains(100601);
        assertThat(plain.verdict()).isEqualTo(Verdict.BASELINE);
        assertThat(plain.fired()).isEmpty();
    }

    @Test
    void aRuleWithoutCheckDiffFiresWhenTheOutputChangedAndDoesNotRepeatWhileItStaysTheSame()
            throws RulesException {
        OssecRuleEngine engine = engine(rule(100700, 7, List.of(530), false, Condition.regex("\\s100%")));

        assertThat(engine.evaluate(event("/ 100%"), CHANGED).map(Rule::id)).contains(100700);
        Evaluation repeat = engine.explain(event("/ 100%"), UNCHANGED);
        assertThat(matched(repeat)).contains(100700);
        assertThat(repeat.verdict()).isEqualTo(Verdict.REPEAT);
        assertThat(repeat.fired()).isEmpty();
    }

    @Test
    void aRuleWithoutIfSidIsTopLevelBeside530AndTriedByLevel() throws RulesException {
        OssecRuleEngine engine = engine(rule(100800, 8, List.of(), false, Condition.match("alarm")));

        assertThat(engine.evaluate(event("alarm"), CHANGED).map(Rule::id)).contains(100800);
        assertThat(matched(engine.explain(event("calm"), CHANGED))).contains(530);
    }

    @Test
    void aRuleWithSeveralParentsHangsBelowEachOfThem() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100900, 5, List.of(530), false, Condition.match("a")),
                rule(100901, 5, List.of(530), false, Condition.match("b")),
                rule(100902, 9, List.of(100900, 100901), false, Condition.match("c")));

        assertThat(engine.evaluate(event("a c"), CHANGED).map(Rule::id)).contains(100902);
        assertThat(engine.evaluate(event("b c"), CHANGED).map(Rule::id)).contains(100902);
    }

    @Test
    void hostnameAndCommandConditionsTestTheHostAndTheCommandName() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(101000, 7, List.of(530), true, Condition.hostname("^web\\d+$"), Condition.command("ports|x")));

        assertThat(engine.evaluate(event("x"), CHANGED).map(Rule::id)).contains(101000);
        Event db = new Event("db1", "ports", "netstat -tan", "x");
        assertThat(engine.explain(db, CHANGED).steps().get(1).reason())
                .isEqualTo("<hostname> '^web\\d+$' does not match host 'db1'");
        Event users = new Event("web1", "users", "cat /etc/passwd", "ports");
        assertThat(engine.explain(users, CHANGED).steps().get(1).reason())
                .isEqualTo("<command> 'ports|x' is not 'users'");
    }

    @Test
    void duplicateReservedAndUnknownIdsAndCyclesAreLoadErrors() {
        assertThatThrownBy(() -> engine(rule(101100, 7, List.of(530), true), rule(101100, 3, List.of(530), true)))
                .isInstanceOf(RulesException.class)
                .hasMessage("rules/test.xml:100: rule id 101100 is already defined at rules/test.xml:100; give each "
                        + "rule its own id");
        assertThatThrownBy(() -> engine(rule(530, 0, List.of(), false)))
                .hasMessage("rules/test.xml:530: rule id 530 is built into fleetdiff (\"Command output.\"); give this "
                        + "rule another id, and use <if_sid>530</if_sid> to hang a rule below the base rule");
        assertThatThrownBy(() -> engine(rule(199001, 12, List.of(530), false)))
                .hasMessageStartingWith("rules/test.xml:1: rule id 199001 is built into fleetdiff");
        assertThatThrownBy(() -> engine(rule(101200, 7, List.of(999), true)))
                .hasMessage("rules/test.xml:201: <if_sid> of rule 101200 names rule 999, which no rule file defines; "
                        + "define it, or use 530 to follow every command output");
        assertThatThrownBy(() -> engine(rule(101300, 7, List.of(101302), true), rule(101301, 7, List.of(101300), true),
                rule(101302, 7, List.of(101301), true)))
                .hasMessage("rules/test.xml:301: <if_sid> links rules in a cycle: 101300 -> 101302 -> 101301 "
                        + "-> 101300; a rule cannot descend from itself, so break the cycle");
        assertThatThrownBy(() -> engine(rule(101400, 7, List.of(101400), true)))
                .hasMessage("rules/test.xml:401: <if_sid> links rules in a cycle: 101400 -> 101400; a rule cannot "
                        + "descend from itself, so break the cycle");
    }

    @Test
    void aLocalRuleRefinesOrSilencesAnAlertFleetdiffRaisesItself() throws RulesException {
        OssecRuleEngine engine = engine(
                rule(100800, 0, List.of(199002), false, Condition.hostname("^lab")),
                rule(100801, 13, List.of(199002), false, Condition.hostname("^db")),
                rule(100802, 3, List.of(199010), false, Condition.command("journal")));
        Event labDown = new Event("lab7", "", "", "lab7: 3 polls in a row failed.\n");
        Event dbDown = new Event("db1", "", "", "db1: 3 polls in a row failed.\n");
        Event webDown = new Event("web1", "", "", "web1: 3 polls in a row failed.\n");

        assertThat(engine.refine(BuiltinRules.HOST_FAILING, labDown)).as("level 0 silences it").isEmpty();
        assertThat(engine.refine(BuiltinRules.HOST_FAILING, dbDown)).map(Rule::id).contains(100801);
        assertThat(engine.refine(BuiltinRules.HOST_FAILING, webDown)).contains(BuiltinRules.HOST_FAILING);
        assertThat(engine.refine(BuiltinRules.HOST_RECOVERED, dbDown)).as("only below its own parent")
                .contains(BuiltinRules.HOST_RECOVERED);
        assertThat(engine.refine(BuiltinRules.OUTPUT_CUT, new Event("web1", "journal", "journalctl", "cut")))
                .map(Rule::level).contains(3);
        assertThat(engine.evaluate(new Event("db1", "ports", "netstat", "x\n"), Optional.of(Change.NONE)))
                .as("fleetdiff's own rules never match a command output").isEmpty();
    }

    @Test
    void listsBuiltInRulesThenLoadedRulesAndTheFiles() throws RulesException {
        OssecRuleEngine engine = engine(rule(101500, 7, List.of(530), true, Condition.command("ports|gone")));

        assertThat(engine.rules()).extracting(Rule::id).containsExactly(530, 199001, 199002, 199003, 199004, 199010, 101500);
        assertThat(engine.files()).containsExactly(new RuleFile(FILE, 1));
        assertThat(engine.unknownCommands(Set.of("ports"))).containsExactly("rules/test.xml:500: rule 101500 names "
                + "command 'gone', which hosts.yaml does not define; the rule never matches");
    }

    @Test
    void theProvisionalEngineExplainsWithoutATrace() {
        RuleEngine provisional = new CheckDiffEveryCommand();

        assertThat(provisional.explain(event("x"), CHANGED).fired()).contains(CheckDiffEveryCommand.RULE);
        assertThat(provisional.explain(event("x"), UNCHANGED).verdict()).isEqualTo(Verdict.NO_MATCH);
        assertThat(provisional.explain(event("x"), BASELINE).verdict()).isEqualTo(Verdict.BASELINE);
        assertThat(provisional.explain(event("x"), CHANGED).steps()).isEqualTo(new ArrayList<Step>());
    }
}
