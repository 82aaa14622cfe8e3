package dev.fleetdiff.audit;

import dev.fleetdiff.store.Ack;
import java.time.Instant;
import java.util.List;

/**
 * One alert raised in the period, with its acks and the command that shows its diff.
 *
 * @param diffCommand {@code fleetdiff diff ...} for an alert on a stored output, else empty
 */
public record ChangeLine(String id, Instant time, String host, String command, int rule, int level,
                         String description, String diffCommand, List<Ack> acks) {
    public ChangeLine {
        acks = List.copyOf(acks);
    }

    public boolean acked() {
        return !acks.isEmpty();
    }
}
