package dev.fleetdiff.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.regex.LinearRegex;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleTraceTest {
    private static final Path FILE = Path.of("rules/local_rules.xml");
    private static final Command NETSTAT = new Command("ports", "netstat -tan |grep LISTEN", CompareMode.SET,
            List.of(LinearRegex.compile("^#")), Optional.empty());

    private static OssecRuleEngine engine() throws RulesException {
        Rule post = new Rule(140123, 7, "Listened ports have changed.", List.of("local"), true, null, true);
        RuleDefinition definition = new RuleDefinition(post, List.of(530),
                List.of(Condition.match("ossec: output: 'netstat -tan |grep LISTEN")), FILE, 2, 3);
        return OssecRuleEngine.build(List.of(new RuleFile(FILE, 1)), List.of(definition));
    }

    @Test
    void comparesLikeThePollThenShowsEveryRuleTriedTheResultAndTheDiff() throws RulesException {
        RuleTrace trace = RuleTrace.run(engine(), "web1", NETSTAT, Optional.of("tcp *.25\ntcp *.3306\n# note\n"),
                "tcp *.3306\ntcp *.23456\ntcp *.25\n");

        assertThat(trace.evaluation().fired().map(Rule::id)).contains(140123);
        assertThat(trace.render()).isEqualTo("""
                Event from web1, command ports:
                  ossec: output: 'netstat -tan |grep LISTEN':
                Compared with the stored output: changed
                Rules tried:
                  530 matched: no conditions (every command output)
                    140123 matched: <match> 'ossec: output: 'netstat -tan |grep LISTEN' matches, check_diff: output changed
                Result: Rule: 140123 fired (level 7) -> "Listened ports have changed."
                Diff against the stored output:
                +tcp *.23456
                """);
    }

    @Test
    void anUnchangedOrFirstOutputSaysWhyNothingFires() throws RulesException {
        RuleTrace unchanged = RuleTrace.run(engine(), "web1", NETSTAT, Optional.of("tcp *.25\ntcp *.3306\n"),
                "tcp *.3306\ntcp *.25\n# comment\n");
        assertThat(unchanged.render()).contains("Compared with the stored output: unchanged\n",
                "    140123 not matched: check_diff: output unchanged\n",
                "Result: rule 530 (level 0) matched; the matching rule has level 0: silent\n")
                .doesNotContain("Diff");

        RuleTrace first = RuleTrace.run(engine(), "web1", NETSTAT, Optional.empty(), "tcp *.25\n");
        assertThat(first.change()).isEmpty();
        assertThat(first.render()).contains("Compared with the stored output: nothing stored yet\n",
                "Result: rule 530 (level 0) matched; first output of this host and command: stored as the baseline, "
                        + "no alert\n");
    }

    @Test
    void rulesSearchABoundedPrefixOfALongOutputAndTheTraceSaysSo() throws RulesException {
        Rule late = new Rule(100200, 5, "Late word.", List.of("local"), false, null, true);
        RuleDefinition definition = new RuleDefinition(late, List.of(530), List.of(Condition.regex("late\\d")),
                FILE, 2, 3);
        OssecRuleEngine engine = OssecRuleEngine.build(List.of(new RuleFile(FILE, 1)), List.of(definition));
        String filler = "x".repeat(Event.MAX_OUTPUT_CHARS - 10);

        RuleTrace within = RuleTrace.run(engine, "web1", NETSTAT, Optional.of(""), filler + "late1\n");
        assertThat(within.evaluation().matched().map(Rule::id)).contains(100200);
        assertThat(within.render()).doesNotContain("searched the first");

        RuleTrace past = RuleTrace.run(engine, "web1", NETSTAT, Optional.of(""), filler + "0123456789late1\n");
        assertThat(past.evaluation().matched().map(Rule::id)).contains(530);
        assertThat(past.render()).contains("  <match> and <regex> searched the first 1048576 of its 1048582 characters\n");
    }
}
