package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/**
 * How the latest poll of one command on one host ended, with the hash of its latest stored output: what outliers
 * group hosts by, without reading any output.
 *
 * @param hash    SHA-256 of the latest stored output, hex; empty until a first good output
 * @param number  its version number, 0 if none
 * @param status  ok, failed, timeout or error: how the latest poll of the command ended
 * @param error   why it failed, when it did
 */
public record LatestHash(String host, Optional<String> hash, int number, String status, Optional<String> error,
                         Instant lastPolled) {
    /** True if the latest poll of the command stored an output. */
    public boolean ok() {
        return status.equals("ok") && hash.isPresent();
    }
}
