package dev.fleetdiff.cli;

import dev.fleetdiff.app.SweepReport;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.config.ConfigException;
import dev.fleetdiff.rules.RulesException;

/** The exit codes of DESIGN §3, defined once, and the one mapping from outcomes and exceptions to them. */
final class ExitCodes {
    /** Done, nothing changed. */
    static final int OK = 0;
    /** Done, changes detected. */
    static final int CHANGED = 1;
    /** Usage or configuration error: the user's input needs fixing. */
    static final int USAGE = 2;
    /** One or more hosts failed; wins over {@link #CHANGED}. */
    static final int HOST_FAILED = 3;
    /** Internal error (a bug, a store failure): not the user's input; rerunning with -v shows the stack trace. */
    static final int INTERNAL = 4;

    private ExitCodes() {
    }

    /** {@link #HOST_FAILED} if any host failed, else {@link #CHANGED} if any output changed, else {@link #OK}. */
    static int of(SweepReport report) {
        if (report.failedCount() > 0) {
            return HOST_FAILED;
        }
        return report.changedCount() > 0 ? CHANGED : OK;
    }

    /** {@link #USAGE} for a mistake in the user's input, {@link #INTERNAL} for anything else. */
    static int of(Exception e) {
        return userError(e) ? USAGE : INTERNAL;
    }

    /** A mistake in the user's input (command line, hosts.yaml, rules) rather than a fault of fleetdiff. */
    static boolean userError(Exception e) {
        return e instanceof ConfigException || e instanceof RulesException || e instanceof UsageException;
    }
}
