package dev.fleetdiff.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code settings.report}: {@code run} mails the report of the period {@code since} long that ends at each fire time
 * of {@code schedule} to {@code to}, through the outbox, once per fire time.
 *
 * @param schedule Quartz cron expression
 * @param since    the length of each report's period
 * @param to       recipients; the mail section's {@code to} when empty
 */
public record ReportSettings(String schedule, Duration since, List<String> to) {
    /** A week, as {@code fleetdiff report} defaults to. */
    public static final Duration DEFAULT_SINCE = Duration.ofDays(7);
    static final List<String> KEYS = List.of("schedule", "since", "to");

    public ReportSettings {
        to = List.copyOf(to);
    }
}
