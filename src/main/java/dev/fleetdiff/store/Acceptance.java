package dev.fleetdiff.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored output accepted as the reviewed baseline of a command on a host, with who accepted it, when and why.
 *
 * @param version   number of the accepted version (1 = the first stored output)
 * @param hash      SHA-256 of the accepted output, hex
 * @param automatic true when fleetdiff itself took the latest stored output as the baseline because nobody had
 *                  accepted one yet; such an acceptance acknowledges no alert
 */
public record Acceptance(String host, String command, int version, String hash, String by, Instant at,
                         Optional<String> note, boolean automatic) {
}
