package dev.fleetdiff.app;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a node's clock is from the database's. Quartz's cluster compares check-in times written by different
 * nodes' clocks and counts a node dead 7.5 s after its check-in was due: a clock off by more than that makes a node
 * see live ones as dead, and splay offsets drift.
 *
 * @param node     the node's clock
 * @param database the database server's clock at the same moment
 */
record ClockSkew(Instant node, Instant database) {
    /** Above this, a warning every minute: a clock should be kept within milliseconds by NTP. */
    static final Duration WARN_ABOVE = Duration.ofSeconds(2);
    /** Above this a node refuses to start, and a running one stops firing until its clock is back within it. */
    static final Duration REFUSE_ABOVE = Duration.ofSeconds(5);

    Duration offset() {
        return Duration.between(database, node).abs();
    }

    boolean worthWarning() {
        return offset().compareTo(WARN_ABOVE) > 0;
    }

    boolean tooLarge() {
        return offset().compareTo(REFUSE_ABOVE) > 0;
    }

    /** Both clocks and how far apart, for a log line or an error. */
    String text() {
        long millis = Duration.between(database, node).toMillis();
        return String.format("this node's clock says %s, the database's %s: %s by %.1fs", node, database,
                millis >= 0 ? "ahead" : "behind", Math.abs(millis) / 1000.0);
    }
}
