package dev.fleetdiff.store;

import java.util.List;

/**
 * One distinct latest output of a command and every host whose latest output it is: a fleet search matches each
 * distinct output once, however many hosts printed it.
 *
 * @param hash  SHA-256 of the output, hex
 * @param hosts the hosts whose latest output of the command this is, by name
 */
public record LatestOutput(String hash, String output, List<String> hosts) {
    public LatestOutput {
        hosts = List.copyOf(hosts);
    }
}
