package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

class OffsetCronTriggerTest {
    static final long OFFSET = Duration.ofSeconds(137).toMillis();
    static final Instant FIVE_PAST = Instant.parse("2026-11-27T10:05:00Z");

    private static OffsetCronTrigger everyFiveMinutes(long offset) throws Exception {
        CronExpression cron = new CronExpression("0 */5 * * * ?");
        cron.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        OffsetCronTrigger trigger = new OffsetCronTrigger(cron, offset);
        trigger.setStartTime(Date.from(FIVE_PAST.minusSeconds(3600)));
        return trigger;
    }

    @Test
    void firesItsOffsetAfterEachCronTime() throws Exception {
        OffsetCronTrigger trigger = everyFiveMinutes(OFFSET);
        Date first = trigger.getFireTimeAfter(Date.from(FIVE_PAST.minusSeconds(1)));
        assertThat(first.toInstant()).isEqualTo(FIVE_PAST.plusMillis(OFFSET));
        assertThat(trigger.getFireTimeAfter(first).toInstant()).isEqualTo(FIVE_PAST.plusSeconds(300).plusMillis(OFFSET));
    }

    @Test
    void aCronTimeJustPastStillFiresAtItsOffset() throws Exception {
        OffsetCronTrigger trigger = everyFiveMinutes(OFFSET);
        Instant now = FIVE_PAST.plusSeconds(60);
        assertThat(trigger.getFireTimeAfter(Date.from(now)).toInstant()).isEqualTo(FIVE_PAST.plusMillis(OFFSET));
    }

    @Test
    void copiesShareTheParsedExpression() throws Exception {
        OffsetCronTrigger trigger = everyFiveMinutes(OFFSET);
        OffsetCronTrigger copy = (OffsetCronTrigger) trigger.clone();
        assertThat(copy.expression()).isSameAs(trigger.expression());
        assertThat(copy.offsetMillis()).isEqualTo(OFFSET);
        assertThat(copy.getFireTimeAfter(Date.from(FIVE_PAST))).isEqualTo(trigger.getFireTimeAfter(Date.from(FIVE_PAST)));
    }

    @Test
    void survivesSerializationAsAJdbcJobStoreKeepsIt() throws Exception {
        OffsetCronTrigger trigger = everyFiveMinutes(OFFSET);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(trigger);
        }
        OffsetCronTrigger read;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            read = (OffsetCronTrigger) in.readObject();
        }
        assertThat(read.offsetMillis()).isEqualTo(OFFSET);
        assertThat(read.getFireTimeAfter(Date.from(FIVE_PAST))).isEqualTo(trigger.getFireTimeAfter(Date.from(FIVE_PAST)));
    }

    @Test
    void anotherZoneGetsItsOwnCopyOfTheSharedExpression() throws Exception {
        OffsetCronTrigger trigger = everyFiveMinutes(OFFSET);
        OffsetCronTrigger sibling = (OffsetCronTrigger) trigger.clone();
        sibling.setTimeZone(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
        assertThat(trigger.expression().getTimeZone().getID()).isEqualTo("UTC");
        assertThat(sibling.expression()).isNotSameAs(trigger.expression());
        assertThat(sibling.expression().getTimeZone().getID()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void withoutOffsetItIsAPlainCronTrigger() throws Exception {
        OffsetCronTrigger trigger = everyFiveMinutes(0);
        assertThat(trigger.getFireTimeAfter(Date.from(FIVE_PAST)).toInstant()).isEqualTo(FIVE_PAST.plusSeconds(300));
        assertThat(trigger.hasAdditionalProperties()).isFalse();
        assertThat(everyFiveMinutes(OFFSET).hasAdditionalProperties()).isTrue();
    }
}
