package dev.fleetdiff.app;

import dev.fleetdiff.audit.Report;
import dev.fleetdiff.audit.ReportText;
import dev.fleetdiff.audit.html.JteReportPage;
import dev.fleetdiff.config.ReportSettings;
import dev.fleetdiff.notify.DeliveryException;
import dev.fleetdiff.notify.RetryBackoff;
import dev.fleetdiff.notify.mail.SmtpSender;
import dev.fleetdiff.schedule.QuartzCron;
import dev.fleetdiff.store.ReportMail;
import dev.fleetdiff.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * settings.report for {@code run}: on each tick, queues the report of the schedule's latest fire time in the store's
 * outbox (keyed by that fire time, so a restart or a second process queues it once), then mails every queued report
 * not yet sent, computed from the store for its period. A report is never lost: it stays queued until the server
 * accepts it.
 */
final class ScheduledReports {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledReports.class);

    private final Store store;
    private final Clock clock;
    private final BiFunction<Instant, Instant, Report> reportOf;

    /** @param reportOf the whole fleet's report of a period, by its start and end */
    ScheduledReports(Store store, Clock clock, BiFunction<Instant, Instant, Report> reportOf) {
        this.store = store;
        this.clock = clock;
        this.reportOf = reportOf;
    }

    /** Queues the latest fire time's report if due, then mails what is queued; returns how many were mailed. */
    int tick(Optional<ReportSettings> settings, Optional<SmtpSender> smtp) {
        if (settings.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Optional<Instant> fire = QuartzCron.latestFire(settings.get().schedule(), now);
        if (fire.isPresent() && store.queueReport(fire.get(), fire.get().minus(settings.get().since()))) {
            LOG.info("report of the period ending {} queued for mail", fire.get());
        }
        if (smtp.isEmpty()) {
            return 0;
        }
        int mailed = 0;
        for (ReportMail queued : store.pendingReports(now)) {
            Report report = reportOf.apply(queued.since(), queued.fireTime());
            try {
                smtp.get().sendReport(String.valueOf(queued.fireTime().toEpochMilli()), "fleetdiff report "
                                + queued.since() + " to " + queued.fireTime(), ReportText.of(report),
                        JteReportPage.render(report), settings.get().to(), now);
                store.reportSent(queued.fireTime(), clock.instant());
                mailed++;
            } catch (DeliveryException e) {
                Instant retry = now.plus(RetryBackoff.delay(queued.attempts() + 1));
                store.reportFailed(queued.fireTime(), e.getMessage(), retry);
                LOG.warn("report of the period ending {} not mailed, trying again at {}: {}", queued.fireTime(),
                        retry, e.getMessage());
            }
        }
        return mailed;
    }
}
