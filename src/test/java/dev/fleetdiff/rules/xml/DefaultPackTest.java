package dev.fleetdiff.rules.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.rules.CheckDiffEveryCommand;
import dev.fleetdiff.rules.Event;
import dev.fleetdiff.rules.OssecRuleEngine;
import dev.fleetdiff.rules.Rule;
import dev.fleetdiff.rules.RuleDefinition;
import dev.fleetdiff.rules.RuleTrace;
import dev.fleetdiff.rules.RulesException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The default rule pack in rules/, with its commands from rules/commands.yaml, run on its golden cases. */
class DefaultPackTest {
    private static final Path PACK = Path.of("rules");
    private static final Path CASES = PACK.resolve("cases");
    private static final String HOST = "web1";

    private static OssecRuleEngine engine;
    private static Map<String, Command> commands;
    private static List<GoldenCase> cases;

    @TempDir
    Path scratch;

    @BeforeAll
    static void load() throws RulesException, IOException {
        engine = XmlRuleLoader.load(PACK);
        commands = CommandCatalog.read(PACK.resolve("commands.yaml"));
        cases = GoldenCase.discover(CASES);
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseRaisesExactlyItsExpectedAlerts() {
        return cases.stream().map(golden -> DynamicTest.dynamicTest(golden.rule() + "#" + golden.name(), () -> {
            RuleTrace trace = trace(golden);
            List<String> alerts = trace.evaluation().fired().map(r -> r.id() + " " + r.level()).stream().toList();
            assertThat(alerts).as(trace.render()).isEqualTo(golden.expectedAlerts());
        }));
    }

    @Test
    void everyRuleOfThePackHasGoldenCasesAndEveryAlertingRuleFiresInOne() throws IOException {
        Set<String> named = new HashSet<>();
        Set<String> fired = new HashSet<>();
        for (GoldenCase golden : cases) {
            named.add(golden.rule());
            golden.expectedAlerts().forEach(line -> fired.add(line.split(" ")[0]));
        }
        for (RuleDefinition definition : engine.definitions()) {
            if (definition.file().equals(OssecRuleEngine.BUILTIN)) {
                continue;
            }
            String id = String.valueOf(definition.rule().id());
            assertThat(named).as("golden cases for rule " + id).contains(id);
            if (definition.rule().level() > 0) {
                assertThat(fired).as("a golden case where rule " + id + " fires").contains(id);
            }
        }
        assertThat(cases).as("noise cases").extracting(GoldenCase::name)
                .contains("recv-q-changed", "reordered", "pid-changed", "netns-added", "pod-started",
                        "account-backups-rewritten", "udp-client-restarted", "wtmp-rotated");
    }

    @Test
    void thePackLoadsOneConcernPerFileWithIdsInItsRange() {
        assertThat(engine.files()).hasSizeGreaterThanOrEqualTo(14);
        for (RuleDefinition definition : engine.definitions()) {
            int id = definition.rule().id();
            String file = definition.file().getFileName().toString();
            assertThat(id == 530 || id == 140123 || (id >= 199100 && id <= 199299)).as(file + " rule " + id).isTrue();
        }
        assertThat(engine.files().get(engine.files().size() - 1).file().getFileName().toString())
                .isEqualTo("zz-any-command.xml");
        assertThat(engine.rules()).as("the provisional catch-all, now an ordinary rule")
                .contains(CheckDiffEveryCommand.RULE);
    }

    @Test
    void everyCommandThePackNamesIsInTheCatalogAndEveryCatalogCommandIsValidShell() throws Exception {
        assertThat(engine.unknownCommands(commands.keySet())).isEmpty();
        for (Command command : commands.values()) {
            Process check = new ProcessBuilder("sh", "-n", "-c", command.run()).redirectErrorStream(true).start();
            assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(command.name() + ": " + command.run()).isZero();
        }
    }

    @Test
    void theOpenPortScenarioFiresThePostRuleOncePerChangedHost() throws Exception {
        Command netstat = commands.get("netstat-listening");
        GoldenCase newPort = golden("140123", "new-port");
        String before = newPort.output("before", netstat.run(), scratch).orElseThrow();
        String after = newPort.output("after", netstat.run(), scratch).orElseThrow();
        Map<String, Optional<String>> previous = Map.of("web1", Optional.of(before), "web2", Optional.of(after),
                "web3", Optional.of(before), "db1", Optional.empty());
        List<String> alerts = new ArrayList<>();
        for (String host : List.of("web1", "web2", "web3", "db1")) {
            RuleTrace trace = RuleTrace.run(engine, host, netstat, previous.get(host), after);
            trace.evaluation().fired().ifPresent(rule -> alerts.add(host + " " + rule.id() + " " + rule.level()
                    + " " + rule.describe(host, netstat.name())));
        }
        assertThat(alerts).containsExactly("web1 140123 7 Listened ports have changed.",
                "web3 140123 7 Listened ports have changed.");
    }

    @Test
    void otherCommandsNeverFireThePostRule() throws Exception {
        for (GoldenCase golden : cases) {
            Command command = commands.get(golden.commandName());
            if (command.name().equals("netstat-listening")) {
                continue;
            }
            String listening = "tcp 0.0.0.0:23456 LISTEN\n" + golden.output("after", command.run(), scratch)
                    .orElseThrow();
            Event event = new Event(HOST, command.name(), command.run(), listening);
            Optional<Rule> fired = engine.evaluate(event, Optional.of(new dev.fleetdiff.compare.Change(true, "+",
                    List.of(), List.of())));
            assertThat(fired.map(Rule::id)).as(golden.rule() + "#" + golden.name()).isNotEqualTo(Optional.of(140123));
        }
    }

    /**
     * One output of a single 1 MiB line, of each of a few shapes, through every command's ignore regexes, comparison
     * and the whole pack, as a poll would run it: linear work, a few seconds in all even on a loaded machine (the
     * figures are in docs/SECURITY.md).
     */
    @Test
    void aOneMebibyteLineGoesThroughEveryCommandAndThePackInBoundedTime() {
        List<String> lines = List.of("x".repeat(Event.MAX_OUTPUT_CHARS), " ".repeat(Event.MAX_OUTPUT_CHARS),
                "1".repeat(Event.MAX_OUTPUT_CHARS - 4) + " 100", "/etc/sudoers:" + "#".repeat(Event.MAX_OUTPUT_CHARS));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String line : lines) {
                for (Command command : commands.values()) {
                    RuleTrace trace = RuleTrace.run(engine, HOST, command, Optional.of("before\n"), line + "\n");
                    assertThat(trace.change()).as(command.name()).hasValueSatisfying(c -> assertThat(c.changed())
                            .isTrue());
                    assertThat(trace.evaluation().steps()).as(command.name()).isNotEmpty();
                }
            }
        });
    }

    private RuleTrace trace(GoldenCase golden) throws IOException, InterruptedException {
        Command command = commands.get(golden.commandName());
        assertThat(command).as("command " + golden.commandName() + " in rules/commands.yaml").isNotNull();
        Optional<String> before = golden.output("before", command.run(), scratch);
        String after = golden.output("after", command.run(), scratch).orElseThrow(
                () -> new IllegalStateException(golden.rule() + "#" + golden.name() + ": missing #after.txt"));
        return RuleTrace.run(engine, HOST, command, before, after);
    }

    private static GoldenCase golden(String rule, String name) {
        return cases.stream().filter(c -> c.rule().equals(rule) && c.name().equals(name)).findFirst().orElseThrow();
    }
}
