package dev.fleetdiff.app;

import java.time.Duration;
import java.util.List;

/** The outcome of polling a set of hosts once; the CLI maps it to an exit code (DESIGN §3). */
public record SweepReport(List<HostOutcome> hosts, Duration took) {
    public SweepReport {
        hosts = List.copyOf(hosts);
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
