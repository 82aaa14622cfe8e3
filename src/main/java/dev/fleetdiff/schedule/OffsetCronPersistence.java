package dev.fleetdiff.schedule;

import java.text.ParseException;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.ScheduleBuilder;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerPersistenceDelegateSupport;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerProperties;
import org.quartz.spi.MutableTrigger;
import org.quartz.spi.OperableTrigger;

/**
 * Keeps an {@link OffsetCronTrigger} in Quartz's JDBC job store as plain columns (expression, time zone, offset in
 * the SIMPROP_TRIGGERS table) rather than as a serialized Java object in BLOB_TRIGGERS, which a change of the class
 * would make unreadable. Quartz makes it by name from {@code driverDelegateInitString}, hence public.
 */
public final class OffsetCronPersistence extends SimplePropertiesTriggerPersistenceDelegateSupport {
    /** TRIGGER_TYPE value of these triggers (the column holds 8 characters). */
    static final String TYPE = "OFFCRON";

    @Override
    public boolean canHandleTriggerType(OperableTrigger trigger) {
        return trigger instanceof OffsetCronTrigger;
    }

    @Override
    public String getHandledTriggerTypeDiscriminator() {
        return TYPE;
    }

    @Override
    protected SimplePropertiesTriggerProperties getTriggerProperties(OperableTrigger trigger) {
        OffsetCronTrigger offset = (OffsetCronTrigger) trigger;
        SimplePropertiesTriggerProperties props = new SimplePropertiesTriggerProperties();
        props.setString1(offset.getCronExpression());
        props.setString2(offset.getTimeZone().getID());
        props.setLong1(offset.offsetMillis());
        return props;
    }

    @Override
    protected TriggerPropertyBundle getTriggerPropertyBundle(SimplePropertiesTriggerProperties props) {
        return new TriggerPropertyBundle(new Stored(props.getString1(), props.getString2(), props.getLong1()),
                new String[0], new Object[0]);
    }

    /** Builds the trigger back from its columns; Quartz then sets its key, times, data and misfire instruction. */
    private static final class Stored extends ScheduleBuilder<CronTrigger> {
        private final String expression;
        private final String zone;
        private final long offsetMillis;

        Stored(String expression, String zone, long offsetMillis) {
            this.expression = expression;
            this.zone = zone;
            this.offsetMillis = offsetMillis;
        }

        @Override
        protected MutableTrigger build() {
            try {
                CronExpression cron = new CronExpression(expression);
                cron.setTimeZone(TimeZone.getTimeZone(zone));
                return new OffsetCronTrigger(cron, offsetMillis);
            } catch (ParseException e) {
                throw new IllegalStateException("stored schedule \"" + expression + "\" does not parse: "
                        + e.getMessage(), e);
            }
        }
    }
}
