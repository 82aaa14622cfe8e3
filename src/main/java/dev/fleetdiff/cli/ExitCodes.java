package dev.fleetdiff.cli;

/** The exit codes of DESIGN §3, defined once. */
final class ExitCodes {
    /** Done, nothing changed. */
    static final int OK = 0;
    /** Done, changes detected. */
    static final int CHANGED = 1;
    /** Usage or configuration error. */
    static final int USAGE = 2;
    /** One or more hosts failed; wins over {@link #CHANGED}. */
    static final int HOST_FAILED = 3;

    private ExitCodes() {
    }
}
