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
import java.util.function.Supplier;

/**
 * Delivers the "mail" outbox: picks the due alerts, routes them, folds the same change on many hosts into one mail,
 * waits out the batching window, keeps to max_per_hour by turning the excess into one digest, and marks alerts
 * delivered only once the server has accepted their mail. Failed mails are retried with exponential backoff. It
 * decides from a look at the outbox, then claims the alerts it sends, so that two processes never mail the same alert.
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
    /** Shortest claim: a fast server still gets this long before another process may take the alerts. */
    static final Duration MIN_LEASE = Duration.ofMinutes(5);
    /** Longest claim, reached only with a very high max_per_hour: a crash delays those alerts at most this long. */
    static final Duration MAX_LEASE = Duration.ofHours(6);

    private final Store store;
    private final SmtpSender sender;
    private final Clock clock;
    private final MailRoutes routes;
    private final MailComposer composer;
    private final HourlyCap cap;
    private final RetryBackoff backoff = new RetryBackoff();
    private final Duration batchWindow;
    private final Duration lease;

    /**
     * @param zone the time zone of the times written in mail bodies
     */
    public MailDispatcher(Store store, SmtpSender sender, Clock clock, ZoneId zone) {
        MailSettings settings = sender.settings();
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.routes = new MailRoutes(settings);
        this.composer = new MailComposer(zone);
        this.cap = new HourlyCap(settings.maxPerHour());
        this.batchWindow = settings.batchWindow();
        this.lease = lease(settings);
    }

    /**
     * How long claimed alerts stay ours: the worst case of one round, every exchange of a session sending max_per_hour
     * mails (the most one round sends) to every recipient taking the full timeout. A lease that ended while we still
     * send would let another process mail the same alerts, so it errs long; a crash only delays those alerts by it.
     */
    static Duration lease(MailSettings settings) {
        int recipients = settings.to().size()
                + settings.routes().stream().mapToInt(route -> route.to().size()).sum();
        long exchanges = SESSION_EXCHANGES + (long) settings.maxPerHour() * (MAIL_EXCHANGES + recipients);
        Duration worst = settings.timeout().multipliedBy(exchanges);
        return worst.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : worst.compareTo(MAX_LEASE) > 0 ? MAX_LEASE : worst;
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
        int skipped = markNotMailed(seen.skipped(), now);
        List<Planned> planned = plan(seen.byRecipients());
        int mailable = planned.stream().mapToInt(p -> p.change().alerts().size()).sum();
        if (planned.isEmpty()) {
            return new DispatchReport(0, 0, 0, 0, skipped, Optional.empty(), Optional.empty());
        }
        Instant ripe = planned.stream().map(p -> p.change().oldest()).min(Comparator.naturalOrder()).orElseThrow()
                .plus(batchWindow);
        if (!flush && ripe.isAfter(now)) {
            return new DispatchReport(0, 0, 0, mailable, skipped, Optional.empty(), Optional.of(ripe));
        }
        List<Instant> recorded = store.deliveryTimes(CHANNEL, now.minus(HourlyCap.WINDOW));
        int slots = cap.slotsLeft(now, recorded);
        if (slots == 0) {
            return new DispatchReport(0, 0, 0, mailable, skipped, Optional.empty(),
                    Optional.of(cap.nextSlot(now, recorded)));
        }
        // Only now are the alerts taken: another process may have claimed some since the look, and may claim none
        // of these until each is delivered, failed or the lease ends.
        Routed mine = route(store.claim(CHANNEL, now, lease, PENDING_LIMIT));
        skipped += markNotMailed(mine.skipped(), now);
        List<Planned> claimed = plan(mine.byRecipients());
        if (claimed.isEmpty()) {
            return new DispatchReport(0, 0, 0, 0, skipped, Optional.empty(), Optional.empty());
        }
        return send(compose(claimed, slots, now), skipped);
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

    /** Marks alerts no one is mailed about as done; doing so twice, here or in another process, changes nothing. */
    private int markNotMailed(List<String> skipped, Instant now) {
        if (!skipped.isEmpty()) {
            store.delivered(CHANNEL, skipped, cap.stampNotMailed(now));
        }
        return skipped.size();
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
            store.deliveryFailed(CHANNEL, alertIds, error, backoff.failed(alertIds, clock.instant()));
            return Optional.empty();
        }
    }

    private DispatchReport send(List<OutgoingMail> mails, int skipped) {
        Deque<OutgoingMail> queue = new ArrayDeque<>(mails);
        int sent = 0;
        int delivered = 0;
        int failed = 0;
        String error = null;
        try (SmtpSender.Connection connection = sender.connect()) {
            while (!queue.isEmpty()) {
                OutgoingMail mail = queue.removeFirst();
                try {
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
                store.delivered(CHANNEL, mail.alertIds(), cap.stamp(clock.instant()));
                backoff.delivered(mail.alertIds());
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

    private int failed(OutgoingMail mail, String error) {
        Instant now = clock.instant();
        store.deliveryFailed(CHANNEL, mail.alertIds(), error, backoff.failed(mail.alertIds(), now));
        return mail.alertIds().size();
    }

    /** Alerts by recipients, and the ids of those with none. */
    private record Routed(Map<Recipients, List<Alert>> byRecipients, List<String> skipped) {
    }

    /** One change and who it goes to. */
    private record Planned(Recipients recipients, ChangeGroup change) {
    }
}
