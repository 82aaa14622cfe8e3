package dev.fleetdiff.notify.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Counts the mails sent in the last hour against max_per_hour. Each mail gets a delivery time of its own, a
 * millisecond apart at least, so the times recorded in the store count the mails after a restart too. Alerts marked
 * done without a mail get times of their own as well, left out here; after a restart they may count, which only
 * makes the cap stricter.
 */
final class HourlyCap {
    static final Duration WINDOW = Duration.ofHours(1);

    private final int maxPerHour;
    private final NavigableSet<Instant> sent = new TreeSet<>();
    private final NavigableSet<Instant> notMails = new TreeSet<>();
    private Instant last = Instant.MIN;

    HourlyCap(int maxPerHour) {
        this.maxPerHour = maxPerHour;
    }

    /** How many mails may still go out now, given the delivery times the store recorded in the last hour. */
    int slotsLeft(Instant now, Collection<Instant> recorded) {
        return Math.max(0, maxPerHour - inWindow(now, recorded).size());
    }

    /** When the next slot opens: an hour after the oldest mail still counted. */
    Instant nextSlot(Instant now, Collection<Instant> recorded) {
        NavigableSet<Instant> counted = inWindow(now, recorded);
        return counted.isEmpty() ? now : counted.first().plus(WINDOW);
    }

    /** Records one mail sent now and returns its delivery time, later than any given before. */
    Instant stamp(Instant now) {
        Instant at = next(now);
        sent.add(at);
        return at;
    }

    /** A delivery time for alerts marked done without a mail; this process does not count it against the cap. */
    Instant stampNotMailed(Instant now) {
        Instant at = next(now);
        notMails.add(at);
        return at;
    }

    int maxPerHour() {
        return maxPerHour;
    }

    private Instant next(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        last = at.isAfter(last) ? at : last.plusMillis(1);
        return last;
    }

    private NavigableSet<Instant> inWindow(Instant now, Collection<Instant> recorded) {
        Instant start = now.minus(WINDOW);
        sent.headSet(start, true).clear();
        notMails.headSet(start, true).clear();
        NavigableSet<Instant> counted = new TreeSet<>(sent);
        counted.addAll(recorded);
        counted.removeAll(notMails);
        return counted.tailSet(start, false);
    }
}
