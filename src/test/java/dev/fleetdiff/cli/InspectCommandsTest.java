package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history, diff, show, status, check and prune over what polls stored. */
class InspectCommandsTest {
    /** An output with an escape sequence and a byte that is not UTF-8: what a hostile host prints. */
    static final byte[] HOSTILE = {'x', 0x1b, '[', '3', '1', 'm', (byte) 0xFF, '\n'};
    static final Instant FIRST_SEEN = Instant.parse("2026-01-10T12:00:00Z");
    static final long TWO_YEARS_AGO_MILLIS = System.currentTimeMillis() - 2L * 365 * 24 * 3600 * 1000;

    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void historyAndDiffShowEveryStoredVersion() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", "a\nb\n");
        fleet.run("poll", "--all");
        fleet.reply("web1", "a\nb\nc\n");
        fleet.run("poll", "--all");
        fleet.run("poll", "--all");

        CliFleet.Run history = fleet.run("history", "--host", "web1");
        assertThat(history.exit()).isEqualTo(0);
        assertThat(history.out()).contains("web1 listening-ports: 2 versions").contains("v1 ").contains("v2 ");

        CliFleet.Run diff = fleet.run("diff", "--host", "web1", "--command", "listening-ports");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("v1").contains("-> v2").contains("+c");

        CliFleet.Run same = fleet.run("diff", "--host", "web1", "--command", "listening-ports", "--from", "2");
        assertThat(same.out()).contains("(no difference)");

        CliFleet.Run missing = fleet.run("diff", "--host", "web1", "--command", "listening-ports", "--to", "9");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no version 9").contains("versions are 1..2");
    }

    @Test
    void statusShowsEachHostsLastPollAndFailures() {
        fleet = new CliFleet(dir, "", "web1", "web2").reply("web1", "ok\n");
        fleet.run("poll", "--all");

        CliFleet.Run status = fleet.run("status");
        assertThat(status.exit()).isEqualTo(0);
        assertThat(status.out()).containsPattern("web1 +\\S+ +ok ").containsPattern("web2 +\\S+ +failed +1 ")
                .contains("outbox log: 0 pending");
    }

    @Test
    void checkShowsTheDatabaseWithoutItsPasswords() {
        fleet = new CliFleet(dir, "  database: \"jdbc:postgresql://audit:pw1@db.example.com/fd?sslpassword=pw2&password=pw3\"",
                "web1");

        CliFleet.Run check = fleet.run("check");

        assertThat(check.exit()).as(check.err()).isEqualTo(0);
        assertThat(check.out()).contains("database: jdbc:postgresql://audit:***@db.example.com/fd?sslpassword=***&password=***")
                .doesNotContain("pw1").doesNotContain("pw2").doesNotContain("pw3");
    }

    @Test
    void statusShowsEpisodesAndWhyACommandFailsAndFiltersAndSpeaksJson() {
        fleet = new CliFleet(dir, "", "web1", "web2").reply("web1", "ok\n");
        fleet.hosts.get("web2").reply(CliFleet.PORTS_COMMAND,
                dev.fleetdiff.testing.Reply.exit(1, "", "sudo: a password is required\n"));
        for (int i = 0; i < 3; i++) {
            CliFleet.Run poll = fleet.run("poll", "--all");
            assertThat(poll.out()).contains("web2: FAILED listening-ports: failed: exit status 1: "
                    + "sudo: a password is required");
        }
        assertThat(fleet.run("poll", "--all", "--json").out()).contains("\"stderr\":\"sudo: a password is required\\n\"");
        assertThat(fleet.alertLines()).singleElement().asString().contains("\"rule_id\":199002")
                .contains("sudo: a password is required");

        CliFleet.Run status = fleet.run("status");
        assertThat(status.out()).containsPattern("web2 .* failing since \\S+ +never +- +listening-ports: failed: "
                + "exit status 1: sudo: a password is required").containsPattern("web1 .* ok +\\S+ +\\d+s ");
        assertThat(fleet.run("history", "--host", "web2").out()).containsPattern("latest poll \\S+: failed: "
                + "exit status 1: sudo: a password is required");
        assertThat(fleet.run("history", "--host", "web1").out()).doesNotContain("latest poll");
        assertThat(fleet.run("status", "--failing").out()).contains("web2").doesNotContain("web1");
        assertThat(fleet.run("status", "--stale").out()).doesNotContain("web1").doesNotContain("web2");
        assertThat(fleet.run("status", "--host", "web1", "--json").out().strip())
                .startsWith("{\"host\":\"web1\",\"state\":\"ok\",\"last_good_poll\":")
                .doesNotContain("web2");
        assertThat(fleet.run("status", "--failing", "--json").out().strip())
                .contains("\"state\":\"failing\",\"since\":").contains("sudo: a password is required");
    }

    @Test
    void checkSaysWhatWasLoadedAndRefusesMistakesWithExitTwo() {
        fleet = new CliFleet(dir, "", "web1");
        CliFleet.Run ok = fleet.run("check");
        assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
        assertThat(ok.out()).contains("1 hosts, 1 commands, 1 groups").contains("every command is check_diff");

        fleet.write("settings:\n  concurency: 3\n");
        CliFleet.Run bad = fleet.run("check");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("hosts.yaml:2:").contains("concurency");
    }

    @Test
    void checkWarnsAboutAnUnsetPassphraseVariableAndARuleForAnUndefinedCommandOnce() throws Exception {
        fleet = new CliFleet(dir, "", "web1", "web2");
        String variable = "FLEETDIFF_TEST_UNSET_" + System.nanoTime();
        fleet.write(Files.readString(fleet.config).replace("  command_timeout: 5s\n",
                "  command_timeout: 5s\n  identity_passphrase_env: " + variable + "\n")
                .replace("rules: builtin", "rules: rules"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("local_rules.xml"), """
                <group name="local,">
                  <rule id="100900" level="7">
                    <if_sid>530</if_sid>
                    <command>crontabs</command>
                    <description>Crontabs changed.</description>
                  </rule>
                </group>
                """);

        CliFleet.Run check = fleet.run("check");

        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("warning: identity_passphrase_env " + variable + " is not set in this"
                + " environment (web1, web2)");
        assertThat(check.out()).contains("warning: " + rules.resolve("local_rules.xml") + ":2: rule 100900 names"
                + " command 'crontabs', which hosts.yaml does not define; the rule never matches")
                .doesNotContain("a rule names command");
    }

    @Test
    void checkWarnsAboutASplayNotShorterThanTheSchedulesPeriod() throws Exception {
        fleet = new CliFleet(dir, "", "web1", "web2");
        String yaml = Files.readString(fleet.config);
        fleet.write(yaml.replace("  command_timeout: 5s\n", "  command_timeout: 5s\n  splay: 4m\n"));
        assertThat(fleet.run("check").out()).doesNotContain("warning");

        fleet.write(yaml.replace("  command_timeout: 5s\n", "  command_timeout: 5s\n  splay: 5m\n"));
        CliFleet.Run check = fleet.run("check");
        assertThat(check.exit()).isEqualTo(0);
        assertThat(check.out()).contains("warning: splay 5m is not shorter than \"0 */5 * * * ?\", which can fire 5m"
                + " apart (web1, web2)");
    }

    @Test
    void pruneKeepsTheNewestVersionsAndPrintsWhatItRemoved() throws SQLException {
        fleet = new CliFleet(dir, "  retention: { keep_versions: 2, keep_days: 30 }", "web1");
        for (int i = 1; i <= 5; i++) {
            fleet.reply("web1", "tcp " + i + "\n");
            assertThat(fleet.run("poll", "--all").exit()).isEqualTo(i == 1 ? 0 : 1);
        }
        assertThat(fleet.alertLines()).hasSize(4);

        CliFleet.Run fresh = fleet.run("prune");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.out()).as("everything is younger than keep_days").startsWith("pruned 0 versions");

        age("UPDATE versions SET first_seen = " + TWO_YEARS_AGO_MILLIS + ", last_seen = " + TWO_YEARS_AGO_MILLIS);
        age("UPDATE alerts SET raised_at = " + TWO_YEARS_AGO_MILLIS);
        CliFleet.Run pruned = fleet.run("prune");

        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.out()).isEqualTo("""
                web1 listening-ports: 3 versions removed
                pruned 3 versions of 1 outputs, 3 unused contents (18 bytes), 4 delivered alerts; kept the newest 2\
                 versions of each output and all seen in the last 30 days
                """);
        assertThat(fleet.run("history", "--host", "web1", "--command", "listening-ports").out())
                .doesNotContain("v1 ").contains("4").contains("5");
        CliFleet.Run diff = fleet.run("diff", "--host", "web1", "--command", "listening-ports");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("v4").contains("v5").contains("-tcp 4").contains("+tcp 5");

        fleet.reply("web1", "tcp 6\n");
        assertThat(fleet.run("poll", "--all").exit()).as("the baseline survived: the change is seen").isEqualTo(1);
        assertThat(fleet.run("prune").out()).as("v4 is old and no longer among the newest two")
                .startsWith("web1 listening-ports: 1 versions removed\npruned 1 versions");
        assertThat(fleet.run("prune").out()).startsWith("pruned 0 versions");
    }

    @Test
    void showPrintsTheExactStoredBytesOfTheLatestAVersionOrTheOneCurrentAtATime() throws SQLException {
        fleet = new CliFleet(dir, "", "web1").reply("web1", "a\nb\n");
        fleet.run("poll", "--all");
        fleet.hosts.get("web1").reply(CliFleet.PORTS_COMMAND, Reply.okBytes(HOSTILE));
        CliFleet.Run hostile = fleet.run("poll", "--all");
        assertThat(hostile.exit()).as(hostile.out() + hostile.err()).isEqualTo(1);
        age("UPDATE versions SET first_seen = " + FIRST_SEEN.toEpochMilli() + ", last_seen = "
                + FIRST_SEEN.toEpochMilli() + " WHERE number = 1");

        CliFleet.Run latest = fleet.run("show", "--host", "web1", "--command", "listening-ports");
        assertThat(latest.exit()).as(latest.err()).isZero();
        assertThat(latest.outBytes()).as("not a terminal: the exact bytes").isEqualTo(HOSTILE);
        assertThat(fleet.run("show", "--host", "web1", "--command", "listening-ports", "--version", "1").out())
                .isEqualTo("a\nb\n");
        assertThat(fleet.run("show", "--host", "web1", "--command", "listening-ports", "--at", "2026-01-11").out())
                .isEqualTo("a\nb\n");
        assertThat(fleet.run("show", "--host", "web1", "--command", "listening-ports", "--at", "1d").out())
                .as("a day ago v1 was current").isEqualTo("a\nb\n");
        assertThat(fleet.run("show", "--host", "web1", "--command", "listening-ports", "--at",
                Instant.now().plusSeconds(60).toString()).outBytes()).isEqualTo(HOSTILE);

        CliFleet.Run before = fleet.run("show", "--host", "web1", "--command", "listening-ports", "--at",
                "2026-01-10T11:00:00Z");
        assertThat(before.exit()).isEqualTo(2);
        assertThat(before.err()).contains("no output of listening-ports on web1 was stored by 2026-01-10T11:00:00Z");
        CliFleet.Run both = fleet.run("show", "--host", "web1", "--command", "listening-ports", "--version", "1",
                "--at", "1h");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(fleet.run("show", "--host", "web1", "--command", "listening-ports", "--at", "yesterday").err())
                .contains("'yesterday' is no time; expected 2026-11-30T14:00:00Z, 2026-11-30 (UTC) or a duration");
    }

    @Test
    void historyKeepsTheVersionsSeenInItsWindowAndSpeaksJson() throws SQLException {
        fleet = new CliFleet(dir, "", "web1").reply("web1", "a\nb\n");
        fleet.run("poll", "--all");
        fleet.reply("web1", "a\nb\nc\n");
        fleet.run("poll", "--all");
        age("UPDATE versions SET first_seen = " + FIRST_SEEN.toEpochMilli() + ", last_seen = "
                + FIRST_SEEN.toEpochMilli() + " WHERE number = 1");

        CliFleet.Run recent = fleet.run("history", "--host", "web1", "--since", "1h");
        assertThat(recent.out()).contains("1 versions").contains("v2 ").doesNotContain("v1 ");
        CliFleet.Run old = fleet.run("history", "--host", "web1", "--until", "2026-01-10T12:30:00Z");
        assertThat(old.out()).contains("1 versions").contains("v1 ").doesNotContain("v2 ");

        CliFleet.Run json = fleet.run("history", "--host", "web1", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out().lines()).hasSize(2);
        assertThat(json.out().lines().findFirst().orElseThrow()).startsWith(
                "{\"host\":\"web1\",\"command\":\"listening-ports\",\"version\":1,\"hash\":\"sha256:")
                .contains("\"first_seen\":\"2026-01-10T12:00:00Z\"")
                .endsWith("\"lines\":2,\"bytes\":4,\"truncated\":false,\"accepted\":false}");

        CliFleet.Run diff = fleet.run("diff", "--host", "web1", "--command", "listening-ports", "--json");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).startsWith("{\"host\":\"web1\",\"command\":\"listening-ports\",\"from\":{\"version\":1,")
                .contains("\"to\":{\"version\":2,").contains("\"changed\":true,\"diff\":\"").contains("+c\\n")
                .endsWith("}\n");
    }

    @Test
    void diffJsonEscapesWhatAHostPrinted() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", "a\n");
        fleet.run("poll", "--all");
        fleet.hosts.get("web1").reply(CliFleet.PORTS_COMMAND, Reply.okBytes(HOSTILE));
        fleet.run("poll", "--all");

        CliFleet.Run diff = fleet.run("diff", "--host", "web1", "--command", "listening-ports", "--json");

        assertThat(diff.out()).contains("+x\\u001B[31m\\\\xff\\n").doesNotContain("\u001b");
    }

    private void age(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fleetdiff.db"));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
