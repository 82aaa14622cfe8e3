package dev.fleetdiff.compare;

import java.util.List;

/**
 * The difference between a previous and a current output, after ignore filters.
 *
 * @param changed true if the compared outputs differ
 * @param diff    unified diff (lines mode) or "+line"/"-line" listing (set mode); empty when unchanged
 * @param added   lines present now and not before (with multiplicity in set mode)
 * @param removed lines present before and not now
 */
public record Change(boolean changed, String diff, List<String> added, List<String> removed) {
    public static final Change NONE = new Change(false, "", List.of(), List.of());

    public Change {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
