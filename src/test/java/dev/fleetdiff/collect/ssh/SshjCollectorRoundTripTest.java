package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.collect.CommandResult;
import dev.fleetdiff.collect.CommandResult.Status;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.testing.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The round trips a poll waits for: its channels overlap, and authentication does not ask before it signs. */
@Timeout(60)
class SshjCollectorRoundTripTest {

    private static final Duration EACH = Duration.ofSeconds(1);
    private static final Command FIRST = Command.of("first", "sleep 1; echo first");
    private static final Command SECOND = Command.of("second", "sleep 1; echo second");
    private static final Command THIRD = Command.of("third", "sleep 1; echo third");

    @RegisterExtension
    final TrustedHost trusted = new TrustedHost();

    @Test
    void aPollsCommandsRunAtTheSameTimeOnTheirOwnChannelsAndKeepTheirOrder() {
        trusted.fake().reply(FIRST.run(), Reply.ok("first\n").after(EACH));
        trusted.fake().reply(SECOND.run(), Reply.exit(3, "second\n", "second failed\n").after(EACH));
        trusted.fake().reply(THIRD.run(), Reply.ok("third\n").after(EACH));

        long started = System.nanoTime();
        HostPoll poll = trusted.poll(FIRST, SECOND, THIRD);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results()).extracting(CommandResult::command).containsExactly("first", "second", "third");
        assertThat(poll.results()).extracting(CommandResult::output).containsExactly("first\n", "second\n", "third\n");
        assertThat(poll.results().get(1).status()).isEqualTo(Status.FAILED);
        assertThat(poll.results().get(1).stderr()).isEqualTo("second failed\n");
        // one after another they would take three seconds; together, one and the connection's set-up
        assertThat(took).isLessThan(EACH.multipliedBy(2));
        assertThat(trusted.fake().connections()).isEqualTo(1);
    }

    @Test
    void aHostThatAllowsOneChannelAtATimeStillRunsEveryCommand() {
        trusted.fake().maxSessions(1);
        trusted.fake().reply(FIRST.run(), Reply.ok("first\n"));
        trusted.fake().reply(SECOND.run(), Reply.ok("second\n"));
        trusted.fake().reply(THIRD.run(), Reply.ok("third\n"));

        HostPoll poll = trusted.poll(FIRST, SECOND, THIRD);

        assertThat(poll.failure()).isEmpty();
        assertThat(poll.results()).extracting(CommandResult::status).containsOnly(Status.OK);
        assertThat(poll.results()).extracting(CommandResult::output).containsExactly("first\n", "second\n", "third\n");
    }

    @Test
    void authenticationSendsTheSignedRequestAtOnceWithoutAskingWhetherTheKeyWouldDo() {
        trusted.fake().reply(FIRST.run(), Reply.ok("first\n"));

        HostPoll poll = trusted.poll(FIRST);

        assertThat(poll.failure()).isEmpty();
        assertThat(trusted.fake().keyChecks()).isEqualTo(1);
    }
}
