package dev.fleetdiff.store;

import java.time.Instant;

/** A scheduled report to mail: the period {@code [since, fireTime)}, keyed by the schedule's fire time. */
public record ReportMail(Instant fireTime, Instant since, int attempts) {
}
