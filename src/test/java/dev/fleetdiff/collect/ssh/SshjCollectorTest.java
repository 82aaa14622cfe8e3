package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.CommandResult.Status;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.testing.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Commands over a trusted connection: outputs, exit statuses, stderr, timeouts, output limits. */
@Timeout(60)
class SshjCollectorTest {

    private static final Command UNAME = Command.of("kernel", "uname -r");
    private static final Command PORTS = Command.of("listening-ports", "netstat -tan | grep LISTEN");

    @RegisterExtension
    final TrustedHost trusted = new TrustedHost();

    @Test
    void returnsEachOutputWithItsExitStatusOverOneConnection() {
        trusted.fake().reply("uname -r", Reply.ok("6.1.0-18-amd64\n"));
        trusted.fake().reply("netstat -tan | grep LISTEN", Reply.ok("tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN\n"));

        HostPoll poll = trusted.poll(UNAME, PORTS);

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results()).extracting(CommandResult::command, CommandResult::status, CommandResult::output)
                .containsExactly(
                        tuple("kernel", Status.OK, "6.1.0-18-amd64\n"),
                        tuple("listening-ports", Status.OK, "tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN\n"));
        assertThat(poll.results().get(0).exitStatus()).contains(0);
        assertThat(poll.results().get(0).totalBytes()).isEqualTo(15);
        assertThat(poll.results().get(0).truncated()).isFalse();
        assertThat(trusted.fake().connections()).isEqualTo(1);
        assertThat(trusted.fake().executed()).containsExactlyInAnyOrder("uname -r", "netstat -tan | grep LISTEN");
    }

    @Test
    void seesAChangedOutputOnTheNextPoll() {
        trusted.fake().reply("uname -r", Reply.ok("6.1.0\n"));
        HostPoll first = trusted.poll(UNAME);
        trusted.fake().reply("uname -r", Reply.ok("6.2.0\n"));
        HostPoll second = trusted.poll(UNAME);

        assertThat(first.results().get(0).output()).isEqualTo("6.1.0\n");
        assertThat(second.results().get(0).output()).isEqualTo("6.2.0\n");
        assertThat(trusted.fake().connections()).isEqualTo(2);
    }

    @Test
    void nonZeroExitIsAFailureWithItsStatusAndStderrKeptApart() {
        trusted.fake().reply("uname -r", Reply.exit(2, "partial\n", "uname: bad option\n"));

        CommandResult result = trusted.poll(UNAME).results().get(0);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.exitStatus()).contains(2);
        assertThat(result.output()).isEqualTo("partial\n");
        assertThat(result.stderr()).isEqualTo("uname: bad option\n");
        assertThat(result.error()).contains("exit status 2: uname: bad option");
    }

    @Test
    void stderrOfASuccessfulCommandDoesNotMixIntoItsOutput() {
        trusted.fake().reply("uname -r", Reply.exit(0, "out\n", "warning: deprecated\n"));

        CommandResult result = trusted.poll(UNAME).results().get(0);

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.output()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("warning: deprecated\n");
    }

    @Test
    void aCommandKilledByASignalFailsWithoutExitStatus() {
        trusted.fake().reply("uname -r", Reply.killedBy("KILL").printing("started\n"));

        CommandResult result = trusted.poll(UNAME).results().get(0);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.exitStatus()).isEmpty();
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("signal KILL"));
    }

    @Test
    void aHangingCommandTimesOutAndTheNextCommandStillRuns() {
        trusted.fake().reply("uname -r", Reply.hang().printing("begun\n"));
        trusted.fake().reply("netstat -tan | grep LISTEN", Reply.ok("tcp LISTEN\n"));
        Host quick = HostVariants.timeouts(trusted.host(), Duration.ofSeconds(5), Duration.ofMillis(700));

        long started = System.nanoTime();
        HostPoll poll = trusted.poll(quick, UNAME, PORTS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(poll.failure()).isEmpty();
        CommandResult hung = poll.results().get(0);
        assertThat(hung.status()).isEqualTo(Status.TIMEOUT);
        assertThat(hung.exitStatus()).isEmpty();
        assertThat(hung.output()).isEqualTo("begun\n");
        assertThat(hung.error()).hasValueSatisfying(error -> assertThat(error).contains("command_timeout (700ms)"));
        assertThat(hung.took()).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(poll.results().get(1).status()).isEqualTo(Status.OK);
        assertThat(poll.results().get(1).output()).isEqualTo("tcp LISTEN\n");
        assertThat(trusted.fake().connections()).isEqualTo(1);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFloodIsCutAtMaxOutputAndWhatWasKeptIsAnOutputToCompare() {
        long flood = 20L * 1024 * 1024;
        trusted.fake().reply("uname -r", Reply.flood(flood));
        trusted.fake().reply("netstat -tan | grep LISTEN", Reply.ok("after\n"));
        Host limited = HostVariants.maxOutput(trusted.host(), 64 * 1024);

        long started = System.nanoTime();
        HostPoll poll = trusted.poll(limited, UNAME, PORTS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        CommandResult cut = poll.results().get(0);
        assertThat(cut.status()).isEqualTo(Status.OK);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.output()).hasSize(64 * 1024).startsWith("xxxx");
        assertThat(cut.totalBytes()).isGreaterThan(64 * 1024).isLessThan(flood);
        assertThat(cut.error()).contains("output exceeded max_output (64 KiB); only the first 65536 bytes are kept "
                + "and compared; raise commands.kernel.max_output or narrow the command's output");
        assertThat(poll.results().get(1).output()).isEqualTo("after\n");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void grepsNoMatchWithNothingPrintedIsAnEmptyOutputButWithStderrAFailureThatSaysWhy() {
        trusted.fake().reply("netstat -tan | grep LISTEN", Reply.exit(1, "", ""));
        trusted.fake().reply("uname -r", Reply.exit(1, "", "uname: cannot read\u001b[2J\n"));

        HostPoll poll = trusted.poll(PORTS, UNAME);

        assertThat(poll.results().get(0).status()).isEqualTo(Status.OK);
        assertThat(poll.results().get(0).output()).isEmpty();
        assertThat(poll.results().get(1).status()).isEqualTo(Status.FAILED);
        assertThat(poll.results().get(1).error()).contains("exit status 1: uname: cannot read?[2J");
    }

    @Test
    void aCommandsOwnLimitsAndSuccessSetOverrideTheHosts() {
        trusted.fake().reply("uname -r", Reply.flood(256 * 1024));
        trusted.fake().reply("netstat -tan | grep LISTEN", Reply.hang());
        trusted.fake().reply("find / -perm -4000", Reply.exit(1, "/usr/bin/su\n", "find: '/root': Permission denied\n"));
        Command small = new Command("kernel", "uname -r", UNAME.compare(), UNAME.ignore(), UNAME.schedule(),
                Optional.empty(), OptionalLong.of(1024), Command.DEFAULT_SUCCESS_EXITS);
        Command quick = new Command("listening-ports", "netstat -tan | grep LISTEN", PORTS.compare(), PORTS.ignore(),
                PORTS.schedule(), Optional.of(Duration.ofMillis(500)), OptionalLong.empty(), Command.DEFAULT_SUCCESS_EXITS);
        Command lenient = new Command("suid", "find / -perm -4000", PORTS.compare(), PORTS.ignore(), PORTS.schedule(),
                Optional.empty(), OptionalLong.empty(), Set.of(0, 1));
        Host host = HostVariants.timeouts(trusted.host(), Duration.ofSeconds(5), Duration.ofSeconds(30));

        HostPoll poll = trusted.poll(host, small, quick, lenient);

        assertThat(poll.results().get(0).truncated()).isTrue();
        assertThat(poll.results().get(0).output()).hasSize(1024);
        assertThat(poll.results().get(1).status()).isEqualTo(Status.TIMEOUT);
        assertThat(poll.results().get(1).error()).hasValueSatisfying(e -> assertThat(e).contains("(500ms)"));
        assertThat(poll.results().get(2).status()).isEqualTo(Status.OK);
        assertThat(poll.results().get(2).output()).isEqualTo("/usr/bin/su\n");
    }

    @Test
    void decodesUtf8Output() {
        trusted.fake().reply("uname -r", Reply.ok("caf\u00e9 \u2713\n"));

        assertThat(trusted.poll(UNAME).results().get(0).output()).isEqualTo("caf\u00e9 \u2713\n");
    }
}
