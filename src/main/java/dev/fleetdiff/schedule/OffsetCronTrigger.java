package dev.fleetdiff.schedule;

import java.text.ParseException;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.impl.triggers.CronTriggerImpl;

/**
 * A cron trigger that fires a fixed offset after each time of its expression: a host's splay, kept in the trigger so
 * that no job waits it out. The parsed expression (some 13 KB of sets) is shared by every trigger of the same
 * schedule and by every copy Quartz makes when firing, so 10,000 hosts cost kilobytes, not megabytes. The offset is
 * an extra property, so a JDBC job store keeps the whole trigger (serialized) rather than only the expression.
 */
final class OffsetCronTrigger extends CronTriggerImpl {
    private static final long serialVersionUID = 1L;

    private long offsetMillis;
    private CronExpression shared;

    OffsetCronTrigger(CronExpression expression, long offsetMillis) {
        this.offsetMillis = offsetMillis;
        setCronExpression(expression);
    }

    long offsetMillis() {
        return offsetMillis;
    }

    CronExpression expression() {
        return shared;
    }

    /** Copies made by {@link #clone()} get a freshly parsed equal expression; they keep the shared one instead. */
    @Override
    public void setCronExpression(CronExpression expression) {
        CronExpression current = shared;
        if (current != null && current.getCronExpression().equals(expression.getCronExpression())
                && current.getTimeZone().equals(expression.getTimeZone())) {
            super.setCronExpression(current);
        } else {
            shared = expression;
            super.setCronExpression(expression);
        }
    }

    /** The expression is shared: a trigger moved to another zone gets a copy of its own instead of moving them all. */
    @Override
    public void setTimeZone(TimeZone zone) {
        CronExpression current = shared;
        if (current != null && !zone.equals(current.getTimeZone())) {
            CronExpression own = new CronExpression(current);
            own.setTimeZone(zone);
            shared = own;
            super.setCronExpression(own);
        }
        super.setTimeZone(zone);
    }

    @Override
    public void setCronExpression(String expression) throws ParseException {
        CronExpression parsed = new CronExpression(expression);
        parsed.setTimeZone(getTimeZone());
        setCronExpression(parsed);
    }

    @Override
    public Date getFireTimeAfter(Date afterTime) {
        Date after = afterTime == null ? new Date() : afterTime;
        Date cronTime = super.getFireTimeAfter(new Date(after.getTime() - offsetMillis));
        return cronTime == null ? null : new Date(cronTime.getTime() + offsetMillis);
    }

    @Override
    public boolean hasAdditionalProperties() {
        return offsetMillis != 0;
    }
}
