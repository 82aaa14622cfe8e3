package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Consecutive polls of a host that ended alike: the run-length encoded poll history reports read.
 *
 * @param started     start of the run's first poll
 * @param lastStarted start of its last poll
 * @param ended       end of its last poll
 * @param result      ok, or how the polls failed
 * @param polls       polls in the run
 */
public record PollRun(String host, int seq, Instant started, Instant lastStarted, Instant ended, String result,
                      Optional<String> error, int polls) {
    public boolean ok() {
        return result.equals(PollRecord.OK);
    }
}
