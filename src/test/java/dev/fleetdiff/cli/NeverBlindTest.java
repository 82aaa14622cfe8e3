package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check never goes blind: grep's "no match" is an empty output, a failure never turns the next output into a silent
 * baseline, and an output padded past max_output is still compared and raises an alert. In-process SSH hosts, the real
 * CLI, SQLite and alerts.jsonl.
 */
class NeverBlindTest {
    private static final String LOCAL_ONLY = "";
    private static final String BACKDOOR = "tcp        0      0 0.0.0.0:4444            0.0.0.0:*               LISTEN\n";
    private static final String SSH = "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN\n";
    private static final int CHANGE_RULE = 199100;
    private static final int OUTPUT_CUT_RULE = 199010;

    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        fleet.close();
    }

    private void reply(Reply reply) {
        fleet.hosts.get("web1").reply(CliFleet.PORTS_COMMAND, reply);
    }

    private List<LoggedAlert> alerts() {
        return LoggedAlert.readAll(dir.resolve("alerts.jsonl"));
    }

    private void commandSettings(String yaml) {
        fleet.commandSettings(yaml);
    }

    @Test
    void grepFindingNothingIsAnEmptyOutputSoTheFirstListenerAlerts() {
        fleet = new CliFleet(dir, "", "web1");
        reply(Reply.exit(1, LOCAL_ONLY, ""));

        CliFleet.Run first = fleet.run("poll", "--all");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("web1: ok, 1 commands, 1 baseline");

        reply(Reply.ok(BACKDOOR));
        CliFleet.Run second = fleet.run("poll", "--all");
        assertThat(second.exit()).as(second.out()).isEqualTo(1);
        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.ruleId()).isEqualTo(CHANGE_RULE);
            assertThat(alert.diff()).contains("+" + BACKDOOR.strip());
            assertThat(alert.previousOutput()).isEmpty();
        });
    }

    @Test
    void exitOneWithSomethingOnStderrIsStillAFailureThatSaysWhy() {
        fleet = new CliFleet(dir, "", "web1");
        reply(Reply.exit(1, "", "grep: /proc/net/tcp: Permission denied\n"));

        CliFleet.Run run = fleet.run("poll", "--all");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).contains("web1: FAILED listening-ports: failed: exit status 1: "
                + "grep: /proc/net/tcp: Permission denied");
    }

    @Test
    void aCommandThatOnlyFailedSoFarReportsItsFirstOutputInsteadOfKeepingItSilently() {
        fleet = new CliFleet(dir, "", "web1");
        reply(Reply.exit(2, "", "sudo: a password is required\n"));
        assertThat(fleet.run("poll", "--all").exit()).isEqualTo(3);
        assertThat(fleet.run("poll", "--all").exit()).isEqualTo(3);

        reply(Reply.ok(SSH + BACKDOOR));
        CliFleet.Run run = fleet.run("poll", "--all");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.diff()).contains("+" + SSH.strip()).contains("+" + BACKDOOR.strip());
            assertThat(alert.output()).isEqualTo(SSH + BACKDOOR);
        });
        assertThat(fleet.run("poll", "--all").exit()).as("the reported output is now the baseline").isZero();
        assertThat(alerts()).hasSize(1);
    }

    @Test
    void aFailureBetweenTwoOutputsComparesTheNewOneWithTheLastGoodOne() {
        fleet = new CliFleet(dir, "", "web1");
        reply(Reply.ok(SSH));
        assertThat(fleet.run("poll", "--all").exit()).isZero();
        reply(Reply.exit(2, "", "boom\n"));
        assertThat(fleet.run("poll", "--all").exit()).isEqualTo(3);

        reply(Reply.ok(SSH + BACKDOOR));
        assertThat(fleet.run("poll", "--all").exit()).isEqualTo(1);

        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.previousOutput()).isEqualTo(SSH);
            assertThat(alert.diff()).contains("+" + BACKDOOR.strip()).doesNotContain("+" + SSH.strip());
        });
    }

    @Test
    void successExitCodesWidenWhatCountsAsAnOutput() {
        fleet = new CliFleet(dir, "", "web1");
        commandSettings("    success_exit_codes: [0, 1]\n");
        reply(Reply.exit(1, SSH, "some files were unreadable\n"));
        assertThat(fleet.run("poll", "--all").exit()).isZero();

        reply(Reply.exit(1, SSH + BACKDOOR, "some files were unreadable\n"));
        assertThat(fleet.run("poll", "--all").exit()).isEqualTo(1);
        assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.diff()).contains("+"
                + BACKDOOR.strip()));

        reply(Reply.exit(2, SSH, ""));
        assertThat(fleet.run("poll", "--all").exit()).as("2 is still outside the set").isEqualTo(3);
    }

    @Test
    void paddingPastMaxOutputIsComparedOnWhatWasKeptAndAlerts() {
        fleet = new CliFleet(dir, "", "web1");
        commandSettings("    max_output: 4KiB\n");
        String keys = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps alice@laptop\n";
        reply(Reply.ok(keys));
        assertThat(fleet.run("poll", "--all").exit()).isZero();

        String planted = keys + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvil root@elsewhere\n"
                + "# padding so that the file passes max_output\n".repeat(30_000);
        reply(Reply.ok(planted));
        CliFleet.Run padded = fleet.run("poll", "--all");

        assertThat(padded.exit()).as(padded.out()).isEqualTo(1);
        assertThat(padded.out()).contains("listening-ports truncated");
        List<LoggedAlert> raised = alerts();
        assertThat(raised).extracting(LoggedAlert::ruleId).containsExactlyInAnyOrder(CHANGE_RULE, OUTPUT_CUT_RULE);
        assertThat(raised).filteredOn(a -> a.ruleId() == CHANGE_RULE).singleElement()
                .satisfies(alert -> assertThat(alert.diff()).contains("+ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvil"));
        assertThat(raised).filteredOn(a -> a.ruleId() == OUTPUT_CUT_RULE).singleElement()
                .satisfies(alert -> assertThat(alert.output()).contains("exceeded max_output (4 KiB)")
                        .contains("commands.listening-ports.max_output"));

        CliFleet.Run again = fleet.run("poll", "--all");
        assertThat(again.exit()).as("the same cut output: no change, and the cut is not raised again").isZero();
        assertThat(alerts()).hasSize(2);
    }
}
