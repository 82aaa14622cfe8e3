package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PollTurnsTest {
    static final String BASTION = "audit@bastion:22";

    private static CompletableFuture<Boolean> awaitAsync(PollTurns turns, String jump) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return turns.await(jump);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    @Test
    void aPollQueuedBehindItsJumpHostHoldsNoSlot() throws Exception {
        PollTurns turns = new PollTurns(2, 1);
        assertThat(turns.await(BASTION)).isTrue();
        CompletableFuture<Boolean> second = awaitAsync(turns, BASTION);
        Thread.sleep(200);
        assertThat(second).as("the bastion's one turn is taken").isNotDone();

        assertThat(awaitAsync(turns, PollTurns.DIRECT).get(5, TimeUnit.SECONDS))
                .as("a direct host gets the second slot at once").isTrue();

        turns.release(BASTION);
        assertThat(second.get(5, TimeUnit.SECONDS)).as("its turn comes when the first is done").isTrue();
        assertThat(turns.granted()).isEqualTo(3);
    }

    @Test
    void closingReleasesEveryWaiterWithoutATurn() throws Exception {
        PollTurns turns = new PollTurns(1, 1);
        assertThat(turns.await(BASTION)).isTrue();
        CompletableFuture<Boolean> behindJump = awaitAsync(turns, BASTION);
        CompletableFuture<Boolean> behindSlot = awaitAsync(turns, PollTurns.DIRECT);
        Thread.sleep(200);

        turns.close();
        assertThat(behindJump.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(behindSlot.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(turns.await(PollTurns.DIRECT)).as("nothing starts after close").isFalse();
        assertThat(turns.granted()).isEqualTo(1);
    }
}
