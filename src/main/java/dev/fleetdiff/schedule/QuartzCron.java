package dev.fleetdiff.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.CronExpression;

/** Checks a Quartz cron expression up front, so a bad schedule is reported when hosts.yaml loads, not when it fires. */
public final class QuartzCron {
    private static final int UNIX_CRONTAB_FIELDS = 5;

    private QuartzCron() {
    }

    /**
     * Says why an expression is not a usable Quartz cron expression.
     *
     * @param expression six or seven fields: second minute hour day-of-month month day-of-week [year]
     * @return the problem in words, or empty when the expression parses and fires at least once more
     */
    public static Optional<String> problem(String expression) {
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (trimmed.split("\\s+").length == UNIX_CRONTAB_FIELDS) {
            return Optional.of("it has 5 fields like a Unix crontab line, but Quartz needs 6 or 7 starting with seconds");
        }
        try {
            CronExpression cron = new CronExpression(trimmed);
            if (cron.getNextValidTimeAfter(new Date()) == null) {
                return Optional.of("it never fires again");
            }
            return Optional.empty();
        } catch (ParseException e) {
            return Optional.of(withoutFinalPeriod(e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of("Quartz cannot read it (" + e + ")");
        }
    }

    /** Fire times stepped through to find the latest one before a time. */
    private static final int FIRES_STEPPED = 10_000;

    /**
     * The expression's latest fire time at or before {@code now} (within its longest gap), or empty when it has none
     * there or does not parse.
     */
    public static Optional<Instant> latestFire(String expression, Instant now) {
        Optional<Duration> gap = longestGap(expression);
        if (gap.isEmpty()) {
            return Optional.empty();
        }
        try {
            CronExpression cron = new CronExpression(expression.strip());
            Date next = cron.getNextValidTimeAfter(Date.from(now.minus(gap.get()).minusSeconds(1)));
            Optional<Instant> latest = Optional.empty();
            for (int i = 0; i < FIRES_STEPPED && next != null && !next.toInstant().isAfter(now); i++) {
                latest = Optional.of(next.toInstant());
                next = cron.getNextValidTimeAfter(next);
            }
            return latest;
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** Fire times looked at to find an expression's shortest gap. */
    private static final int GAPS_LOOKED_AT = 60;

    /**
     * The shortest time between two of the expression's next fire times (it may fire unevenly, as "0 0 9,17 * * ?"
     * does), or empty when it fires fewer than twice more or does not parse.
     */
    public static Optional<Duration> shortestGap(String expression) {
        return gaps(expression).stream().min(Duration::compareTo);
    }

    /**
     * The longest time between two of the expression's next fire times: how long a host may rightly go unpolled
     * ("0 0 9 * * MON-FRI" waits three days over a weekend), or empty when it fires fewer than twice more or does not
     * parse.
     */
    public static Optional<Duration> longestGap(String expression) {
        return gaps(expression).stream().max(Duration::compareTo);
    }

    private static List<Duration> gaps(String expression) {
        try {
            CronExpression cron = new CronExpression(expression.strip());
            Date previous = cron.getNextValidTimeAfter(new Date());
            List<Duration> gaps = new ArrayList<>();
            for (int i = 0; i < GAPS_LOOKED_AT && previous != null; i++) {
                Date next = cron.getNextValidTimeAfter(previous);
                if (next != null) {
                    gaps.add(Duration.ofMillis(next.getTime() - previous.getTime()));
                }
                previous = next;
            }
            return gaps;
        } catch (ParseException | RuntimeException e) {
            return List.of();
        }
    }

    private static String withoutFinalPeriod(String message) {
        String text = message == null ? "Quartz cannot read it" : message.strip();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
