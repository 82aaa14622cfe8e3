package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** check with rule files, and rules test, through the CLI. */
class RulesCommandTest {
    static final Path INVALID = Path.of("src/test/resources/dev/fleetdiff/rules/xml/invalid");
    static final String PORTS = "tcp        0      0 0.0.0.0:25              0.0.0.0:*               LISTEN\n";
    /** A rule in the shape of OSSEC's stock sshd rules, which backtracks for minutes over a long line in Java regex. */
    static final String SSHD_RULE = """
            <group name="sshd,">
            <rule id="100100" level="5">
              <if_sid>530</if_sid>
              <regex>\\S+\\sfor</regex>
              <description>An sshd login line</description>
            </rule>
            </group>
            """;

    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"unsupported-element.xml, 5, <if_group> is not supported", "duplicate-id.xml, 9, is already defined",
            "bad-regex.xml, 6, <regex> 'port (\\d+(\\w+))'"})
    void checkRefusesABadRuleFileNamingFileAndLine(String name, int line, String message) throws Exception {
        fleet = new CliFleet(dir, "", "web1");
        Path rules = Files.createDirectories(dir.resolve("bad-rules"));
        Files.copy(INVALID.resolve(name), rules.resolve(name));

        CliFleet.Run check = fleet.run("check", "--rules", rules.toString());

        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains(rules.resolve(name) + ":" + line + ": ").contains(message);
    }

    @Test
    void checkListsTheRuleFilesOfThePack() {
        fleet = new CliFleet(dir, "", "web1");
        CliFleet.Run check = fleet.run("check", "--rules", Path.of("rules").toAbsolutePath().toString());
        assertThat(check.exit()).as(check.err()).isEqualTo(0);
        assertThat(check.out()).containsPattern("local_rules.xml +1 rules").contains("zz-any-command.xml");
    }

    @Test
    void rulesTestShowsTheFiringRuleAndTheDiffAgainstTheStoredOutput() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", PORTS);
        String rules = Path.of("rules").toAbsolutePath().toString();
        fleet.run("poll", "--all", "--rules", rules);

        InputStream stdin = System.in;
        try {
            String opened = "tcp        0      0 0.0.0.0:23456           0.0.0.0:*               LISTEN\n" + PORTS;
            System.setIn(new ByteArrayInputStream(opened.getBytes(StandardCharsets.UTF_8)));
            CliFleet.Run test = fleet.run("rules", "test", "--host", "web1", "--command", "listening-ports",
                    "--rules", rules);
            assertThat(test.exit()).as(test.err()).isEqualTo(1);
            assertThat(test.out()).contains("140123").contains("Listened ports have changed.")
                    .contains("changed").contains("+tcp        0      0 0.0.0.0:23456");

            System.setIn(new ByteArrayInputStream(PORTS.getBytes(StandardCharsets.UTF_8)));
            CliFleet.Run same = fleet.run("rules", "test", "--host", "web1", "--command", "listening-ports",
                    "--rules", rules);
            assertThat(same.exit()).isEqualTo(0);
            assertThat(same.out()).contains("unchanged");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void rulesTestOverALongLineWithoutSpacesAnswersInLinearTime() throws Exception {
        fleet = new CliFleet(dir, "", "web1");
        Path rules = Files.createDirectories(dir.resolve("sshd-rules"));
        Files.writeString(rules.resolve("sshd.xml"), SSHD_RULE);
        InputStream stdin = System.in;
        try {
            for (String tail : new String[] {"\n", " for root\n"}) {
                System.setIn(new ByteArrayInputStream(("x".repeat(100_000) + tail).getBytes(StandardCharsets.UTF_8)));
                CliFleet.Run test = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> fleet.run("rules", "test",
                        "--host", "web1", "--command", "listening-ports", "--rules", rules.toString()));
                assertThat(test.exit()).as(test.err()).isEqualTo(0);
                assertThat(test.out()).contains("100100").contains(tail.isBlank() ? "<regex> '\\S+\\sfor' not found"
                        : "<regex> '\\S+\\sfor' matches");
            }
        } finally {
            System.setIn(stdin);
        }
    }
}
