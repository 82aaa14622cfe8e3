package dev.fleetdiff.config;

/**
 * {@code settings.retention}: how much history to keep. A stored version is removed only when it is older than both
 * limits: not among the newest {@code keepVersions} of its output, and not seen within {@code keepDays}.
 *
 * @param keepVersions newest versions kept of each (host, command) output, whatever their age
 * @param keepDays     versions seen, and delivered alerts raised, within this many days are kept
 */
public record Retention(int keepVersions, int keepDays) {
    /** A year of weekly changes twice over; a few MiB per output at the default max_output of 1MiB. */
    public static final int DEFAULT_KEEP_VERSIONS = 100;
    /** A year: long enough to answer "what did this look like last audit?". */
    public static final int DEFAULT_KEEP_DAYS = 365;
    public static final Retention DEFAULT = new Retention(DEFAULT_KEEP_VERSIONS, DEFAULT_KEEP_DAYS);
}
