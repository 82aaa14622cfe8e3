package dev.fleetdiff.inventory;

/** How two outputs of one command are compared: line by line, or as an unordered multiset of lines. */
public enum CompareMode {
    /** Order matters; the change is shown as a unified diff. */
    LINES,
    /** Order is ignored; the change is the lines added and removed. */
    SET
}
