package dev.fleetdiff.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of polling a set of hosts once; the CLI maps it to an exit code (DESIGN §3).
 *
 * @param mailError why mail delivery after the sweep failed, if it did: its alerts stay pending and are retried
 */
public record SweepReport(List<HostOutcome> hosts, Duration took, Optional<String> mailError) {
    public SweepReport {
        hosts = List.copyOf(hosts);
    }

    /** A sweep whose alerts were not (or not yet) mailed. */
    public SweepReport(List<HostOutcome> hosts, Duration took) {
        this(hosts, took, Optional.empty());
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
