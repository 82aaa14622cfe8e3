package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poll command end to end on in-process SSH hosts: baseline, change, unchanged, dry run, JSON, exit codes. */
class PollCommandTest {
    static final String PORTS = """
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:25              0.0.0.0:*               LISTEN
            """;
    static final String OPENED = "tcp        0      0 0.0.0.0:23456           0.0.0.0:*               LISTEN\n";

    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void baselineIsSilentThenAChangeRaisesOneAlertThenNothing() {
        fleet = new CliFleet(dir, "", "web1", "web2").reply("web1", PORTS).reply("web2", PORTS);

        CliFleet.Run first = fleet.run("poll", "--all");
        assertThat(first.exit()).as(first.err()).isEqualTo(0);
        assertThat(first.out()).contains("web1: ok, 1 commands, 1 baseline").contains("0 alerts");
        assertThat(fleet.alertLines()).isEmpty();

        fleet.reply("web2", OPENED + PORTS);
        CliFleet.Run second = fleet.run("poll", "--all");
        assertThat(second.exit()).as(second.err()).isEqualTo(1);
        assertThat(second.out()).contains("Received From: web2->" + CliFleet.PORTS_COMMAND)
                .contains("Rule: 199100 fired (level 7) -> \"Output of listening-ports changed.\"")
                .contains("Previous output:").contains("+" + OPENED.strip()).contains("--END OF NOTIFICATION");
        assertThat(fleet.alertLines()).singleElement().asString().contains("\"host\":\"web2\"")
                .contains("\"rule_id\":199100").contains("23456").contains("\"previous_output\"");

        CliFleet.Run third = fleet.run("poll", "--all");
        assertThat(third.exit()).isEqualTo(0);
        assertThat(fleet.alertLines()).hasSize(1);
    }

    @Test
    void bytesThatAreNotUtf8AreComparedExactlyAndPrintedEscaped() {
        fleet = new CliFleet(dir, "", "web1");
        FakeHost web1 = fleet.hosts.get("web1");
        web1.reply(CliFleet.PORTS_COMMAND, Reply.okBytes(new byte[] {'x', (byte) 0xFF, '\n'}));
        fleet.run("poll", "--all");
        web1.reply(CliFleet.PORTS_COMMAND, Reply.okBytes(new byte[] {'x', (byte) 0xFE, '\n'}));

        CliFleet.Run changed = fleet.run("poll", "--all");
        assertThat(changed.exit()).as(changed.err()).isEqualTo(1);
        assertThat(changed.out()).contains("-x\\xff").contains("+x\\xfe").doesNotContain("\uFFFD");

        web1.reply(CliFleet.PORTS_COMMAND, Reply.okBytes(new byte[] {'x', (byte) 0xFD, '\n'}));
        CliFleet.Run json = fleet.run("poll", "--all", "--json");
        assertThat(json.exit()).as(json.err()).isEqualTo(1);
        assertThat(json.out()).contains("+x\\\\xfd").doesNotContain("\\udc");
    }

    @Test
    void aChangedHostKeyAlertsOnceUntilTheKeyOrTheRecordChanges() throws Exception {
        fleet = new CliFleet(dir, "", "web1").reply("web1", PORTS);
        fleet.run("poll", "--all");
        FakeHost web1 = fleet.hosts.get("web1");
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, web1.knownHostsLine(FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519)
                .getPublic()) + "\n");

        CliFleet.Run changed = fleet.run("poll", "--all");
        assertThat(changed.exit()).isEqualTo(3);
        assertThat(changed.out()).contains("web1: FAILED host_key_changed");
        assertThat(fleet.alertLines()).singleElement().asString().contains("\"rule_id\":199001");

        CliFleet.Run again = fleet.run("poll", "--all");
        assertThat(again.out()).contains("web1: FAILED host_key_changed").contains("0 alerts");
        assertThat(fleet.alertLines()).as("the same mismatch is not raised again").hasSize(1);

        Files.writeString(knownHosts, web1.knownHostsLine(FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519)
                .getPublic()) + "\n");
        fleet.run("poll", "--all");
        assertThat(fleet.alertLines()).filteredOn(line -> line.contains("\"rule_id\":199001"))
                .as("a different mismatch is news").hasSize(2);
        assertThat(fleet.alertLines()).filteredOn(line -> line.contains("\"rule_id\":199002"))
                .as("the third failed poll in a row makes the host failing, once").hasSize(1);
    }

    @Test
    void dryRunComparesButStoresNothing() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", PORTS);
        fleet.run("poll", "--host", "web1");
        fleet.reply("web1", OPENED + PORTS);

        CliFleet.Run dry = fleet.run("poll", "--host", "web1", "--dry-run");
        assertThat(dry.exit()).isEqualTo(1);
        assertThat(dry.out()).contains("would change").contains("+" + OPENED.strip())
                .contains("would raise: Rule 199100 (level 7) -> \"Output of listening-ports changed.\"");
        assertThat(dry.out().split(java.util.regex.Pattern.quote("+" + OPENED.strip()), -1))
                .as("the diff is printed once").hasSize(2);
        assertThat(fleet.alertLines()).isEmpty();

        assertThat(fleet.run("poll", "--host", "web1").exit()).isEqualTo(1);
        assertThat(fleet.alertLines()).hasSize(1);
    }

    @Test
    void aHugeChangePrintsUnder30KilobytesAndDiffPrintsAllOfIt() {
        String before = "old line\n".repeat(20_000);
        String after = "new line\n".repeat(20_000);
        fleet = new CliFleet(dir, "", "web1").reply("web1", before);
        fleet.run("poll", "--all");
        fleet.reply("web1", after);

        CliFleet.Run changed = fleet.run("poll", "--all");

        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.out().getBytes(StandardCharsets.UTF_8).length).as("console bytes for one 20,000-line change")
                .isLessThan(30 * 1024);
        assertThat(changed.out()).contains("\n[... " + (after.length() - SweepPrinter.CONSOLE_SECTION_CHARS)
                + " more characters not shown; run: fleetdiff diff --host web1 --command listening-ports --from 1 --to 2 ]");
        String line = fleet.alertLines().get(0);
        assertThat(line.length()).as("alerts.jsonl line, JSON escapes included").isLessThan(256 * 1024);
        assertThat(line).contains("\"output_truncated\":true,\"output_chars\":" + after.length())
                .contains("\"version\":2,\"previous_version\":1");

        CliFleet.Run diff = fleet.run("diff", "--host", "web1", "--command", "listening-ports", "--from", "1",
                "--to", "2");
        assertThat(diff.out().lines().filter(l -> l.equals("-old line"))).as("every removed line").hasSize(20_000);
        assertThat(diff.out().lines().filter(l -> l.equals("+new line"))).as("every added line").hasSize(20_000);

        CliFleet.Run dry = fleet.reply("web1", before).run("poll", "--all", "--dry-run");
        assertThat(dry.out().getBytes(StandardCharsets.UTF_8).length).as("a dry run's console bytes")
                .isLessThan(30 * 1024);
        CliFleet.Run json = fleet.reply("web1", after).run("poll", "--all", "--json");
        assertThat(json.out().length()).isLessThan(2_000);
    }

    @Test
    void quietPrintsOneLinePerAlert() {
        fleet = new CliFleet(dir, "", "web1", "web2").reply("web1", PORTS).reply("web2", PORTS);
        fleet.run("poll", "--all");
        fleet.reply("web2", OPENED + PORTS);

        CliFleet.Run quiet = fleet.run("poll", "--all", "--quiet");

        assertThat(quiet.exit()).isEqualTo(1);
        assertThat(quiet.out()).contains("alert web2 listening-ports: rule 199100 (level 7) \"Output of "
                + "listening-ports changed.\"; see: fleetdiff diff --host web2 --command listening-ports")
                .doesNotContain("Previous output:").doesNotContain("+" + OPENED.strip());
        assertThat(quiet.out().lines().filter(line -> line.startsWith("alert "))).hasSize(1);
        assertThat(fleet.alertLines()).as("the alert is raised and logged as usual").hasSize(1);
    }

    @Test
    void jsonPrintsOneObjectPerHost() {
        fleet = new CliFleet(dir, "", "web1", "web2").reply("web1", PORTS).reply("web2", PORTS);
        CliFleet.Run run = fleet.run("poll", "--all", "--json");
        assertThat(run.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("{\"host\":\"web").contains("\"baseline\":true").endsWith("\"alerts\":[]}"));
    }

    @Test
    void aFailedCommandIsAFailureNotAChangeAndExitsThree() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", PORTS);
        fleet.run("poll", "--all");
        fleet.hosts.get("web1").reply(CliFleet.PORTS_COMMAND, dev.fleetdiff.testing.Reply.exit(2, "", "boom\n"));

        CliFleet.Run run = fleet.run("poll", "--all");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).contains("web1: FAILED listening-ports: failed");
        assertThat(fleet.alertLines()).isEmpty();
    }

    @Test
    void unknownHostOrCommandIsAUsageError() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", PORTS);
        CliFleet.Run host = fleet.run("poll", "--host", "nope");
        assertThat(host.exit()).isEqualTo(2);
        assertThat(host.err()).contains("unknown host 'nope'");
        CliFleet.Run command = fleet.run("poll", "--all", "--command", "nope");
        assertThat(command.exit()).isEqualTo(2);
        assertThat(command.err()).contains("unknown command 'nope'; known commands: listening-ports");
        assertThat(fleet.run("poll").exit()).isEqualTo(2);
    }

    @Test
    void optionsWorkBeforeTheSubcommandToo() {
        fleet = new CliFleet(dir, "", "web1").reply("web1", PORTS);
        int exit = Main.execute("--config", fleet.config.toString(), "--db", dir.resolve("other.db").toString(),
                "poll", "--all");
        assertThat(exit).isEqualTo(0);
        assertThat(dir.resolve("other.db")).exists();
        assertThat(dir.resolve("fleetdiff.db")).doesNotExist();
    }

    @Test
    void runInClusterModeWithoutItsDatabaseStopsNamingTheSetting() {
        fleet = new CliFleet(dir, "  database: jdbc:postgresql://127.0.0.1:1/none?user=u\n  cluster: true", "web1");
        CliFleet.Run run = fleet.run("run");
        assertThat(run.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(run.err()).contains("settings.database");
        assertThat(fleet.hosts.get("web1").connections()).as("no node polls alone").isZero();
    }

    @Test
    void anOutputThatDiffersOnlyInIgnoredLinesAddsNoVersion() throws Exception {
        fleet = new CliFleet(dir, "", "web1");
        String yaml = java.nio.file.Files.readString(fleet.config).replace("    run: \"" + CliFleet.PORTS_COMMAND + "\"",
                "    run: \"" + CliFleet.PORTS_COMMAND + "\"\n    ignore: ['^# at ']");
        fleet.write(yaml);
        fleet.reply("web1", "# at 10:00\n" + PORTS);
        fleet.run("poll", "--all");
        fleet.reply("web1", "# at 10:05\n" + PORTS);

        assertThat(fleet.run("poll", "--all").exit()).isEqualTo(0);
        CliFleet.Run history = fleet.run("history", "--host", "web1");
        assertThat(history.out()).contains("1 versions");
    }

    @Test
    void repeatPollsInOneProcessAndPrintsTheCostOfEachSweep() {
        fleet = new CliFleet(dir, "", "web1", "web2").reply("web1", PORTS).reply("web2", PORTS);
        CliFleet.Run run = fleet.run("poll", "--all", "--repeat", "3");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("web1: ok, 1 commands, 1 baseline").contains("2 hosts polled in");
        assertThat(run.err().lines().filter(l -> l.startsWith("fleetdiff-sweep ")).toList()).hasSize(3)
                .allSatisfy(line -> assertThat(line).matches("fleetdiff-sweep sweep=[123] hosts=2 wall_ms=\\d+ cpu_ms=\\d+"
                        + " writer_cpu_ms=\\d+ gc_ms=\\d+ peak_heap_mib=\\d+ peak_threads=\\d+ vm_hwm_kib=\\d+"));
        assertThat(fleet.run("poll", "--all").err()).doesNotContain("fleetdiff-sweep");
        assertThat(fleet.run("poll", "--all", "--repeat", "0").exit()).isEqualTo(2);
    }

    /**
     * A host answering one 100 KB line without spaces, against a rule in the shape of OSSEC's sshd rules: its poll
     * ends well within the command timeout, and the healthy host polled with it gets its baseline and its alert.
     */
    @Test
    void aHostileLineCannotStallRuleEvaluationOrTheOtherHosts() throws Exception {
        fleet = new CliFleet(dir, "", "hostile", "healthy").reply("hostile", "x".repeat(100_000) + "\n")
                .reply("healthy", PORTS);
        Path rules = Files.createDirectories(dir.resolve("sshd-rules"));
        Files.writeString(rules.resolve("sshd.xml"), RulesCommandTest.SSHD_RULE.replace("<if_sid>530</if_sid>",
                "<if_sid>530</if_sid>\n  <check_diff />"));

        CliFleet.Run baseline = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> fleet.run("poll", "--all", "--rules", rules.toString()));
        assertThat(baseline.exit()).as(baseline.err()).isEqualTo(0);
        assertThat(baseline.out()).contains("hostile: ok, 1 commands, 1 baseline")
                .contains("healthy: ok, 1 commands, 1 baseline");

        fleet.reply("hostile", "x".repeat(100_001) + "\n").reply("healthy", OPENED + PORTS.replace(" 0.0.0.0", " for"));
        CliFleet.Run changed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> fleet.run("poll", "--all", "--rules", rules.toString()));
        assertThat(changed.exit()).as(changed.err()).isEqualTo(1);
        assertThat(fleet.alertLines()).singleElement().asString().contains("\"host\":\"healthy\"")
                .contains("\"rule_id\":100100");
    }
}
