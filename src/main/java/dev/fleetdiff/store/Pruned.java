package dev.fleetdiff.store;

import java.util.List;

/**
 * What one pruning removed.
 *
 * @param outputs      per (host, command), how many stored versions were removed
 * @param contents     distinct outputs no version used any more, removed
 * @param contentBytes their size
 * @param alerts       delivered alerts removed from the outbox
 */
public record Pruned(List<Output> outputs, int contents, long contentBytes, int alerts) {
    public static final Pruned NOTHING = new Pruned(List.of(), 0, 0, 0);

    public Pruned {
        outputs = List.copyOf(outputs);
    }

    /** Versions removed of one command's output on one host. */
    public record Output(String host, String command, int versions) {
    }

    /** Versions removed in all. */
    public int versions() {
        return outputs.stream().mapToInt(Output::versions).sum();
    }
}
