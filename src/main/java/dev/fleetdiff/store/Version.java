package dev.fleetdiff.store;

import java.time.Instant;

/**
 * One distinct output of a command on a host.
 *
 * @param number    1 for the first output, then one more per change
 * @param hash      SHA-256 of the output, hex
 * @param firstSeen when this output was first polled
 * @param lastSeen  when this output was last polled unchanged
 * @param truncated whether the host printed more than max_output
 */
public record Version(String host, String command, int number, String hash, String output, Instant firstSeen,
                      Instant lastSeen, boolean truncated) {
}
