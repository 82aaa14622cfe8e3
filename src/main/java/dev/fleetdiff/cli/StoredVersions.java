package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.store.Version;
import java.util.List;

/** The stored versions of one command on one host, for commands that pick versions by number; never empty. */
record StoredVersions(String host, String command, List<Version> all) {
    /** The versions, or a usage error saying there are none and where to look. */
    static StoredVersions of(Fleetdiff app, String host, String command) {
        List<Version> versions = app.history(host, command);
        if (versions.isEmpty()) {
            throw new UsageException("no stored output for host '" + host + "' and command '" + command
                    + "' (try: fleetdiff history --host " + host + ")");
        }
        return new StoredVersions(host, command, versions);
    }

    Version latest() {
        return all.get(all.size() - 1);
    }

    /** Version {@code number} with its output, or a usage error naming the numbers there are. */
    Version numbered(Fleetdiff app, int number) {
        return app.version(host, command, number).orElseThrow(() -> new UsageException(
                "no version " + number + " of " + command + " on " + host + "; " + range()));
    }

    /** "versions are 3..7 (see fleetdiff history)": numbers are not 1..size once retention removed old versions. */
    String range() {
        return "versions are " + all.get(0).number() + ".." + latest().number() + " (see fleetdiff history)";
    }
}
