package dev.fleetdiff.audit;

import dev.fleetdiff.compare.Change;
import java.util.List;
import java.util.Optional;

/**
 * Hosts whose latest output of a command compares equal, or whose latest poll of it failed, is stale or never ran.
 *
 * @param hash   for {@link Kind#OUTPUT}, SHA-256 of one member's latest stored output, hex
 * @param reason for the other kinds, why these hosts have no comparable output (the one its hosts share, else each host's own)
 * @param diff   for an output group other than the largest, its output against the largest group's (bounded)
 */
public record OutputGroup(Kind kind, List<String> hosts, Optional<String> hash, Optional<String> reason,
                          Optional<Change> diff) {
    /** What the hosts of a group have in common. */
    public enum Kind {
        /** The same latest output (after the command's ignore filters and compare mode). */
        OUTPUT,
        /** The latest poll of the command, or of the host, failed. */
        FAILED,
        /** The latest output is older than the host's staleness limit. */
        STALE,
        /** Never polled, or never with an output. */
        NEVER_POLLED
    }

    public OutputGroup {
        hosts = List.copyOf(hosts);
    }

    /** The hosts in the compact form {@code web[001-497]}. */
    public String ranges() {
        return dev.fleetdiff.notify.HostRanges.compact(hosts);
    }
}
