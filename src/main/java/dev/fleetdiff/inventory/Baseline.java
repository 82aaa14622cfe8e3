package dev.fleetdiff.inventory;

/** What a command's new output is compared with: the previous output (OSSEC's check_diff) or the last accepted one. */
public enum Baseline {
    /** Every poll moves the baseline: each change is reported once, then is the new normal. */
    PREVIOUS,
    /** The baseline moves only when someone accepts an output: a change stays unaccepted until it is reviewed. */
    ACCEPTED
}
