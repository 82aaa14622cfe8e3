package dev.fleetdiff.schedule;

/**
 * What the schedule has done since it started.
 *
 * @param fired    jobs started at their fire time
 * @param misfired fire times skipped because polling had fallen more than the misfire threshold behind
 * @param polled   polls that ran (a fired job stopped by shutdown during its splay does not count)
 * @param waiting  polls now waiting for a free slot
 */
public record ScheduleCounts(long fired, long misfired, long polled, int waiting) {
}
