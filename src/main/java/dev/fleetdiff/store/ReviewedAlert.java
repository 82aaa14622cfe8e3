package dev.fleetdiff.store;

import dev.fleetdiff.rules.Alert;
import java.util.List;

/** A raised alert with every acknowledgement recorded for it, oldest first. */
public record ReviewedAlert(Alert alert, List<Ack> acks) {
    public ReviewedAlert {
        acks = List.copyOf(acks);
    }

    public boolean acked() {
        return !acks.isEmpty();
    }
}
