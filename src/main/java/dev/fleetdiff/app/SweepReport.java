package dev.fleetdiff.app;

import java.time.Duration;
import java.util.List;

/** The outcome of polling a set of hosts once, and the exit code it maps to (DESIGN §3). */
public record SweepReport(List<HostOutcome> hosts, Duration took) {
    public static final int EXIT_UNCHANGED = 0;
    public static final int EXIT_CHANGED = 1;
    public static final int EXIT_HOST_FAILED = 3;

    public SweepReport {
        hosts = List.copyOf(hosts);
    }

    /** 3 if any host failed (it wins over 1), 1 if any output changed, else 0. */
    public int exitCode() {
        if (hosts.stream().anyMatch(HostOutcome::failed)) {
            return EXIT_HOST_FAILED;
        }
        return hosts.stream().anyMatch(HostOutcome::changed) ? EXIT_CHANGED : EXIT_UNCHANGED;
    }

    public long failedCount() {
        return hosts.stream().filter(HostOutcome::failed).count();
    }

    public long changedCount() {
        return hosts.stream().filter(HostOutcome::changed).count();
    }

    public long alertCount() {
        return hosts.stream().mapToLong(h -> h.alerts().size()).sum();
    }
}
