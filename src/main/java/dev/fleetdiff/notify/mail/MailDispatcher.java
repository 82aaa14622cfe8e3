package dev.fleetdiff.notify.mail;

import dev.fleetdiff.config.MailSettings;
import dev.fleetdiff.notify.ChangeGroup;
import dev.fleetdiff.notify.DeliveryException;
import dev.fleetdiff.notify.RetryBackoff;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the "mail" outbox: picks the due alerts, routes them, folds the same change on many hosts into one mail,
 * waits out the batching window, keeps to max_per_hour by turning the excess into one digest, and marks alerts
 * delivered only once the server has accepted their mail. Failed mails are retried with exponential backoff. It
 * decides from a look at the outbox, then claims the alerts it sends, so that two processes never mail the same alert.
 *
 * <p>The claim's lease is short and renewed before each mail and, while a mail is in flight, a few times per lease
 * ({@link LeaseHeartbeat}), so the alerts of a process that died come back within one lease while a slow server or a
 * large mail never costs the lease of the mail in flight. Each mail goes out only if every alert in it is still this
 * dispatcher's, and is recorded delivered only for alerts still its own. SMTP has no exactly-once: a mail the server
 * accepted is sent again only if the process dies, or stalls past its lease, between the server's reply and the
 * delivered record (one database write); the copy has the same Message-ID, so receivers can tell.
 */
public final class MailDispatcher {
    /** The outbox channel this dispatcher serves. */
    public static final String CHANNEL = "mail";
    /** Alerts taken from the outbox in one round; the rest wait for the next. */
    static final int PENDING_LIMIT = 10_000;
    /**
     * SMTP exchanges of a session before its first mail, each bounded by settings.mail.timeout: connect, greeting,
     * EHLO, STARTTLS, EHLO again, AUTH.
     */
    static final int SESSION_EXCHANGES = 6;
    /** SMTP exchanges of one mail besides one RCPT TO per recipient: MAIL FROM, DATA, the body, the final dot. */
    static final int MAIL_EXCHANGES = 4;
    /**
     * Shortest lease: with a fast server the alerts still stay ours this long after each renewal, which absorbs a
     * garbage-collection pause or a few seconds of clock difference between processes.
     */
    static final Duration MIN_LEASE = Duration.ofSeconds(30);
    /** Renewals within one lease while a mail is in flight: two may fail or come late before the lease ends. */
    static final int HEARTBEATS_PER_LEASE = 3;
    private static final Logger LOG = LoggerFactory.getLogger(MailDispatcher.class);

    private final Store store;
    private final SmtpSender sender;
    private final Clock clock;
    private final MailRoutes routes;
    private final MailComposer composer;
    private final HourlyCap cap;
    private final RetryBackoff backoff = new RetryBackoff();
    private final Duration batchWindow;
    private final Duration lease;
    private final String claimant;
    private final Duration heartbeat;

    /**
     * @param zone     the time zone of the times written in mail bodies
     * @param claimant who this dispatcher is when it claims alerts: unique per process and dispatcher
     */
    public MailDispatcher(Store store, SmtpSender sender, Clock clock, ZoneId zone, String claimant) {
        this(store, sender, clock, zone, claimant, lease(sender.settings()).dividedBy(HEARTBEATS_PER_LEASE));
    }

    /** A dispatcher renewing the lease of a mail in flight every {@code heartbeat}, for tests that cannot wait. */
    MailDispatcher(Store store, SmtpSender sender, Clock clock, ZoneId zone, String claimant, Duration heartbeat) {
        MailSettings settings = sender.settings();
        this.store = store;
        this.claimant = claimant;
        this.heartbeat = heartbeat;
        this.sender = sender;
        this.clock = clock;
        this.routes = new MailRoutes(settings);
        this.composer = new MailComposer(zone);
        this.cap = new HourlyCap(settings.maxPerHour());
        this.batchWindow = settings.batchWindow();
        this.lease = lease(settings);
    }

    /**
     * How long claimed alerts stay ours after a claim or renewal: the longer of a session's start (connect, greeting,
     * EHLO, STARTTLS, AUTH) and one mail to every recipient, each exchange taking the full timeout. The lease is
     * renewed before each mail and while it is sent, so it need not cover a round, nor a slow transfer; a process
     * that dies holds its alerts at most this long.
     */
    static Duration lease(MailSettings settings) {
        int recipients = settings.to().size()
                + settings.routes().stream().mapToInt(route -> route.to().size()).sum();
        long exchanges = Math.max(SESSION_EXCHANGES, MAIL_EXCHANGES + (long) recipients);
        Duration worst = settings.timeout().multipliedBy(exchanges);
        return worst.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : worst;
    }

    /** The lease of this dispatcher's claims. */
    Duration lease() {
        return lease;
    }

    /** Sends what is due; alerts younger than the batching window wait unless the oldest pending one is older. */
    public synchronized DispatchReport deliverPending() {
        return dispatch(false);
    }

    /** Sends what is due without waiting out the batching window, for a one-shot poll about to exit. */
    public synchronized DispatchReport flushPending() {
        return dispatch(true);
    }

    private DispatchReport dispatch(boolean flush) {
        Instant now = clock.instant();
        Routed seen = route(store.pending(CHANNEL, now, PENDING_LIMIT));
        List<Planned> planned = plan(seen.byRecipients());
        int mailable = planned.stream().mapToInt(p -> p.change().alerts().size()).sum();
        List<Instant> recorded = store.deliveryTimes(CHANNEL, now.minus(HourlyCap.WINDOW));
        int slots = cap.slotsLeft(now, recorded);
        Optional<Instant> wait = planned.isEmpty() ? Optional.empty() : held(planned, flush, now, slots, recorded);
        boolean mailing = !planned.isEmpty() && wait.isEmpty();
        if (!mailing && seen.skipped().isEmpty()) {
            return new DispatchReport(0, 0, 0, mailable, 0, Optional.empty(), wait);
        }
        // Only now are the alerts taken: another process may have claimed some since the look, and may claim none
        // of these until each is delivered, failed, released or the lease ends.
        Routed mine = route(store.claim(CHANNEL, claimant, now, lease, PENDING_LIMIT));
        int skipped = markNotMailed(mine.skipped(), now);
        List<Planned> claimed = plan(mine.byRecipients());
        if (!mailing) {
            List<String> ids = claimed.stream().flatMap(p -> p.change().ids().stream()).toList();
            if (!ids.isEmpty()) {
                store.release(CHANNEL, claimant, ids, now);
            }
            return new DispatchReport(0, 0, 0, mailable, skipped, Optional.empty(), wait);
        }
        if (claimed.isEmpty()) {
            return new DispatchReport(0, 0, 0, 0, skipped, Optional.empty(), Optional.empty());
        }
        return send(compose(claimed, slots, now), skipped);
    }

    /** When held-back alerts may go out, if the batching window or the hourly cap holds them now. */
    private Optional<Instant> held(List<Planned> planned, boolean flush, Instant now, int slots,
            List<Instant> recorded) {
        Instant ripe = planned.stream().map(p -> p.change().oldest()).min(Comparator.naturalOrder()).orElseThrow()
                .plus(batchWindow);
        if (!flush && ripe.isAfter(now)) {
            return Optional.of(ripe);
        }
        return slots == 0 ? Optional.of(cap.nextSlot(now, recorded)) : Optional.empty();
    }

    /** Due alerts by the recipients their mail goes to, and those no one is to be mailed about. */
    private Routed route(List<Alert> alerts) {
        Map<Recipients, List<Alert>> byRecipients = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Alert alert : alerts) {
            routes.recipientsFor(alert).ifPresentOrElse(
                    r -> byRecipients.computeIfAbsent(r, k -> new ArrayList<>()).add(alert),
                    () -> skipped.add(alert.id()));
        }
        return new Routed(byRecipients, skipped);
    }

    /** Marks claimed alerts no one is mailed about as done. */
    private int markNotMailed(List<String> skipped, Instant now) {
        return skipped.isEmpty() ? 0 : store.delivered(CHANNEL, claimant, skipped, cap.stampNotMailed(now));
    }

    /** One entry per change and recipient set, the highest levels first so they get mails of their own. */
    private static List<Planned> plan(Map<Recipients, List<Alert>> byRecipients) {
        List<Planned> planned = new ArrayList<>();
        byRecipients.forEach((recipients, alerts) ->
                ChangeGroup.byChange(alerts).forEach(change -> planned.add(new Planned(recipients, change))));
        planned.sort(Comparator.comparingInt((Planned p) -> -p.change().level())
                .thenComparing(p -> p.change().oldest()));
        return planned;
    }

    /** A mail per change while slots last; when they do not, the last slot carries all the rest as one digest. */
    private List<OutgoingMail> compose(List<Planned> planned, int slots, Instant now) {
        List<OutgoingMail> mails = new ArrayList<>();
        int singles = planned.size() <= slots ? planned.size() : slots - 1;
        for (Planned p : planned.subList(0, singles)) {
            composed(p.change().ids(), () -> composer.change(p.recipients(), p.change())).ifPresent(mails::add);
        }
        List<Planned> rest = planned.subList(singles, planned.size());
        if (!rest.isEmpty()) {
            List<String> ids = rest.stream().flatMap(p -> p.change().ids().stream()).toList();
            composed(ids, () -> composer.digest(Recipients.union(rest.stream().map(Planned::recipients).toList()),
                    rest.stream().map(Planned::change).toList(), cap.maxPerHour(), now)).ifPresent(mails::add);
        }
        return mails;
    }

    /**
     * The mail {@code compose} writes, or empty if writing it threw (anything, out of memory included): its alerts
     * are then recorded as failed with the error and retried with backoff, and the other mails still go.
     */
    private Optional<OutgoingMail> composed(List<String> alertIds, Supplier<OutgoingMail> compose) {
        try {
            return Optional.of(compose.get());
        } catch (RuntimeException | Error e) {
            String error = "cannot write the mail: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            store.deliveryFailed(CHANNEL, claimant, alertIds, error, backoff.failed(alertIds, clock.instant()));
            return Optional.empty();
        }
    }

    @SuppressWarnings("try")   // the heartbeat is held only to renew the lease while a mail is on the wire
    private DispatchReport send(List<OutgoingMail> mails, int skipped) {
        Deque<OutgoingMail> queue = new ArrayDeque<>(mails);
        int sent = 0;
        int delivered = 0;
        int failed = 0;
        String error = null;
        try (SmtpSender.Connection connection = sender.connect()) {
            while (!queue.isEmpty()) {
                OutgoingMail mail = queue.removeFirst();
                if (!stillOurs(mail)) {
                    continue;
                }
                try (LeaseHeartbeat beating = LeaseHeartbeat.start(
                        () -> store.renew(CHANNEL, claimant, clock.instant(), lease), heartbeat)) {
                    connection.send(mail, clock.instant());
                } catch (DeliveryException | RuntimeException e) {
                    error = e instanceof DeliveryException ? e.getMessage()
                            : e.getClass().getSimpleName() + ": " + e.getMessage();
                    failed += failed(mail, error);
                    if (connection.isOpen()) {
                        continue;
                    }
                    break;
                }
                recordDelivered(mail);
                sent++;
                delivered += mail.alertIds().size();
            }
        } catch (DeliveryException e) {
            error = e.getMessage();
        }
        for (OutgoingMail mail : queue) {
            failed += failed(mail, error);
        }
        return new DispatchReport(sent, delivered, failed, 0, skipped, Optional.ofNullable(error), Optional.empty());
    }

    /**
     * Renews the lease of every alert this dispatcher holds, just before a mail, and says whether all of the mail's
     * alerts are among them. If another process took some (this one stalled past its lease), the mail is not sent and
     * the alerts of it still held are released, so the whole change goes out from one process, once.
     */
    private boolean stillOurs(OutgoingMail mail) {
        Instant now = clock.instant();
        Set<String> held = store.renew(CHANNEL, claimant, now, lease);
        if (held.containsAll(mail.alertIds())) {
            return true;
        }
        List<String> ours = mail.alertIds().stream().filter(held::contains).toList();
        LOG.warn("{} of the {} alerts of mail {} were taken over by another process after this one held them past"
                + " their lease; not sending it here", mail.alertIds().size() - ours.size(), mail.alertIds().size(),
                mail.messageId());
        if (!ours.isEmpty()) {
            store.release(CHANNEL, claimant, ours, now);
        }
        return false;
    }

    /** Marks a mail's alerts delivered; an alert another process took meanwhile may be mailed again by it. */
    private void recordDelivered(OutgoingMail mail) {
        int marked = store.delivered(CHANNEL, claimant, mail.alertIds(), cap.stamp(clock.instant()));
        backoff.delivered(mail.alertIds());
        if (marked < mail.alertIds().size()) {
            LOG.warn("mail {} was accepted by the server, but {} of its {} alerts had been taken over by another"
                    + " process meanwhile, which may mail them again with the same Message-ID", mail.messageId(),
                    mail.alertIds().size() - marked, mail.alertIds().size());
        }
    }

    private int failed(OutgoingMail mail, String error) {
        Instant now = clock.instant();
        store.deliveryFailed(CHANNEL, claimant, mail.alertIds(), error, backoff.failed(mail.alertIds(), now));
        return mail.alertIds().size();
    }

    /** Alerts by recipients, and the ids of those with none. */
    private record Routed(Map<Recipients, List<Alert>> byRecipients, List<String> skipped) {
    }

    /** One change and who it goes to. */
    private record Planned(Recipients recipients, ChangeGroup change) {
    }
}
