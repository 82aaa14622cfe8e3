package dev.fleetdiff.rules.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.compare.Change;
import dev.fleetdiff.rules.BuiltinRules;
import dev.fleetdiff.rules.Event;
import dev.fleetdiff.rules.OssecRuleEngine;
import dev.fleetdiff.rules.Rule;
import dev.fleetdiff.rules.RuleDefinition;
import dev.fleetdiff.rules.RuleFile;
import dev.fleetdiff.rules.RulesException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class XmlRuleLoaderTest {
    /** The rule of the OSSEC post, character for character, inside the group DESIGN.md shows. */
    static final String POST_RULE = """
            <group name="local,">
            <rule id="140123" level="7">
              <if_sid>530</if_sid>
              <match>ossec: output: 'netstat -tan |grep LISTEN</match>
              <check_diff />
              <description>Listened ports have changed.</description>
            </rule>
            </group>
            """;
    private static final Pattern EXPECTATION = Pattern.compile("\\A<!-- expect (\\d+): (.*) -->\n");
    private static final Optional<Change> CHANGED = Optional.of(new Change(true, "+x\n", List.of("x"), List.of()));

    @TempDir
    Path dir;

    @Test
    void thePostRuleLoadsVerbatimAndFiresOnTheNetstatCommand() throws Exception {
        Files.writeString(dir.resolve("local_rules.xml"), POST_RULE);

        OssecRuleEngine engine = XmlRuleLoader.load(dir);

        Rule rule = engine.rules().get(BuiltinRules.ALL.size());
        assertThat(rule).isEqualTo(new Rule(140123, 7, "Listened ports have changed.", List.of("local"), true, null,
                true));
        assertThat(engine.files()).containsExactly(new RuleFile(dir.resolve("local_rules.xml"), 1));
        Event netstat = new Event("web1", "ports", "netstat -tan |grep LISTEN|grep -v 127.0.0.1", "tcp4 *.23456\n");
        assertThat(engine.evaluate(netstat, CHANGED)).contains(rule);
        assertThat(engine.evaluate(netstat, Optional.of(Change.NONE))).isEmpty();
        assertThat(engine.evaluate(new Event("web1", "users", "cat /etc/passwd", "bob:x:1001"), CHANGED)).isEmpty();
    }

    @Test
    void readsEverythingOssecRuleFilesUse() throws Exception {
        Files.writeString(dir.resolve("full.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Two top-level groups, as OSSEC's own rule files have. -->
                <group name="syslog, ports ,">
                  <rule id="100600" level="7">
                    <if_sid>530</if_sid>
                    <hostname>^web\\d+</hostname>
                    <command> ports | sockets </command>
                    <match>tcp</match>
                    <regex>\\<\\d+>|&amp;&lt;</regex>
                    <check_diff/>
                    <description>
                      Ports &amp; sockets.
                    </description>
                    <group>network,</group>
                    <options>alert_by_email</options>
                    <options>no_log</options>
                  </rule>
                </group>
                <group name="other,">
                  <rule id="100601" level="0">
                    <if_sid>100600, 530</if_sid>
                    <options>no_email_alert</options>
                  </rule>
                </group>
                """);

        OssecRuleEngine engine = XmlRuleLoader.load(dir);

        RuleDefinition first = engine.definitions().get(1);
        assertThat(first.rule()).isEqualTo(new Rule(100600, 7, "Ports & sockets.", List.of("syslog", "ports",
                "network"), true, true, false));
        assertThat(first.line()).isEqualTo(4);
        assertThat(first.parentLine()).isEqualTo(5);
        assertThat(first.conditions()).extracting(c -> c.element().tag() + "=" + c.pattern()).containsExactly(
                "match=tcp", "regex=\\<\\d+>|&<", "hostname=^web\\d+", "command=ports | sockets");
        assertThat(first.conditions().get(1).matcher().test("a <42> b")).isTrue();
        RuleDefinition second = engine.definitions().get(2);
        assertThat(second.parents()).containsExactly(100600, 530);
        assertThat(second.rule().email()).isFalse();
        Event event = new Event("web12", "sockets", "ss", "tcp &<");
        assertThat(engine.explain(event, CHANGED).matched().map(Rule::id)).contains(100601);
    }

    @Test
    void loadsFilesInNameOrderAndSkipsHiddenAndOtherFiles() throws Exception {
        Files.writeString(dir.resolve("b.xml"), rule(100702, 7));
        Files.writeString(dir.resolve("a.xml"), rule(100701, 7));
        Files.writeString(dir.resolve(".#a.xml"), "not xml");
        Files.writeString(dir.resolve("notes.txt"), "not xml");
        Files.createDirectory(dir.resolve("cases.xml"));

        OssecRuleEngine engine = XmlRuleLoader.load(dir);

        assertThat(engine.files()).extracting(f -> f.file().getFileName().toString()).containsExactly("a.xml", "b.xml");
        assertThat(engine.evaluate(new Event("h", "c", "c", "x"), CHANGED).map(Rule::id)).contains(100701);
    }

    @Test
    void aParentMayComeFromALaterFileButAnIdMayNotRepeatAcrossFiles() throws Exception {
        Files.writeString(dir.resolve("a.xml"), rule(100901, 7).replace("530", "100900"));
        Files.writeString(dir.resolve("b.xml"), rule(100900, 5));
        assertThat(XmlRuleLoader.load(dir).evaluate(new Event("h", "c", "c", "x"), CHANGED).map(Rule::id))
                .contains(100901);

        Path again = Files.writeString(dir.resolve("c.xml"), "\n" + rule(100901, 3));
        assertThatThrownBy(() -> XmlRuleLoader.load(dir)).isInstanceOf(RulesException.class)
                .hasMessage(again + ":2: rule id 100901 is already defined at " + dir.resolve("a.xml") + ":1; give "
                        + "each rule its own id");
    }

    @Test
    void aMissingOrEmptyFolderIsAnError() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> XmlRuleLoader.load(missing)).isInstanceOf(RulesException.class)
                .hasMessage(missing + ": is not a folder of rule files; set settings.rules (or --rules) to the folder "
                        + "holding the *.xml rule files, such as the rules/ folder fleetdiff ships");
        Files.writeString(dir.resolve("readme.txt"), "no rules");
        assertThatThrownBy(() -> XmlRuleLoader.load(dir))
                .hasMessage(dir + ": holds no *.xml rule files; copy the default pack from fleetdiff's rules/ folder "
                        + "into it, or point settings.rules at your rule files");
    }

    @Test
    void anExternalEntityIsNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("x.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE g [<!ENTITY s SYSTEM \""
                + secret.toUri() + "\">]>\n" + rule(100800, 7).replace("Rule.", "&s;"));

        assertThatThrownBy(() -> XmlRuleLoader.load(rules)).isInstanceOf(RulesException.class)
                .hasMessageContaining("<!DOCTYPE> is not allowed").hasMessageNotContaining("TOP-SECRET");
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidFileFailsWithItsExactMessage() throws IOException, URISyntaxException {
        Path invalid = Path.of(Objects.requireNonNull(getClass().getResource("invalid")).toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(invalid)) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String text = Files.readString(file);
            Matcher expect = EXPECTATION.matcher(text);
            assertThat(expect.find()).as("first line <!-- expect LINE: MESSAGE -->").isTrue();
            Path folder = Files.createDirectory(dir.resolve(file.getFileName().toString().replace(".xml", "")));
            Path copy = Files.writeString(folder.resolve(file.getFileName()), text);

            RulesException error = org.junit.jupiter.api.Assertions.assertThrows(RulesException.class,
                    () -> XmlRuleLoader.load(folder));

            assertThat(error.file()).isEqualTo(copy);
            assertThat(error.detail()).isEqualTo(expect.group(2).replace("{file}", copy.toString()));
            assertThat(error.line()).isEqualTo(Integer.parseInt(expect.group(1)));
            assertThat(error.getMessage()).isEqualTo(copy + ":" + error.line() + ": " + error.detail());
        }));
    }

    private static String rule(int id, int level) {
        return "<group name=\"t,\"><rule id=\"" + id + "\" level=\"" + level + "\"><if_sid>530</if_sid>"
                + "<check_diff /><description>Rule.</description></rule></group>\n";
    }
}
