package dev.fleetdiff.notify.mail;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.CommandStatus;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** An in-memory Store keeping only the alert outbox, with the semantics the JDBC store promises. */
final class MemoryStore implements Store {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean crashBeforeNextDelivered;
    private int renewals;

    /** One alert on one channel. */
    static final class Entry {
        final Alert alert;
        final String channel;
        Instant deliveredAt;
        int deliveredCalls;
        int attempts;
        String error;
        Instant retryAt;
        String claimedBy;

        Entry(Alert alert, String channel) {
            this.alert = alert;
            this.channel = channel;
        }
    }

    /** Commits alerts as a poll would: onto "mail" when they are for email, onto "log" when for the log. */
    synchronized void add(List<Alert> alerts) {
        for (Alert alert : alerts) {
            if (alert.email()) {
                entries.put(key("mail", alert.id()), new Entry(alert, "mail"));
            }
            if (alert.log()) {
                entries.put(key("log", alert.id()), new Entry(alert, "log"));
            }
        }
    }

    /** Makes the next {@link #delivered} call fail as if the process died just before it recorded anything. */
    synchronized void crashBeforeNextDelivered() {
        crashBeforeNextDelivered = true;
    }

    synchronized Entry entry(String channel, String id) {
        return entries.get(key(channel, id));
    }

    @Override
    public List<PollRecord> record(List<PollRecord> polls) {
        add(polls.stream().flatMap(p -> p.alerts().stream()).toList());
        return List.of();
    }

    @Override
    public synchronized List<Alert> pending(String channel, Instant now, int limit) {
        return entries.values().stream()
                .filter(e -> e.channel.equals(channel) && e.deliveredAt == null)
                .filter(e -> e.retryAt == null || !e.retryAt.isAfter(now))
                .sorted(Comparator.comparing(e -> e.alert.time()))
                .limit(limit)
                .map(e -> e.alert)
                .toList();
    }

    /** As the JDBC store: the lease is kept as the retry time, with its claimant. */
    @Override
    public synchronized List<Alert> claim(String channel, String claimant, Instant now, Duration lease, int limit) {
        List<Alert> due = pending(channel, now, limit);
        for (Alert alert : due) {
            Entry e = entries.get(key(channel, alert.id()));
            e.retryAt = now.plus(lease);
            e.claimedBy = claimant;
        }
        return due;
    }

    /** How many times {@link #renew} was called. */
    synchronized int renewals() {
        return renewals;
    }

    @Override
    public synchronized Set<String> renew(String channel, String claimant, Instant now, Duration lease) {
        renewals++;
        Set<String> held = new HashSet<>();
        for (Entry e : entries.values()) {
            if (heldBy(e, channel, claimant)) {
                e.retryAt = now.plus(lease);
                held.add(e.alert.id());
            }
        }
        return held;
    }

    @Override
    public synchronized void release(String channel, String claimant, List<String> alertIds, Instant now) {
        for (String id : alertIds) {
            Entry e = entries.get(key(channel, id));
            if (heldBy(e, channel, claimant)) {
                e.retryAt = now;
                e.claimedBy = null;
            }
        }
    }

    private static boolean heldBy(Entry e, String channel, String claimant) {
        return e.channel.equals(channel) && e.deliveredAt == null && claimant.equals(e.claimedBy);
    }

    @Override
    public synchronized List<OutboxCount> outbox() {
        Map<String, int[]> counts = new TreeMap<>();
        for (Entry e : entries.values()) {
            if (e.deliveredAt == null) {
                int[] c = counts.computeIfAbsent(e.channel, k -> new int[2]);
                c[0]++;
                c[1] += e.attempts > 0 ? 1 : 0;
            }
        }
        List<OutboxCount> out = new ArrayList<>();
        counts.forEach((channel, c) -> out.add(new OutboxCount(channel, c[0], c[1])));
        return out;
    }

    @Override
    public synchronized int delivered(String channel, String claimant, List<String> alertIds, Instant at) {
        if (crashBeforeNextDelivered) {
            crashBeforeNextDelivered = false;
            throw new IllegalStateException("simulated crash before the delivery was recorded");
        }
        int marked = 0;
        for (String id : alertIds) {
            Entry e = entries.get(key(channel, id));
            e.deliveredCalls++;
            if (heldBy(e, channel, claimant)) {
                e.deliveredAt = at;
                marked++;
            }
        }
        return marked;
    }

    @Override
    public synchronized int deliveryFailed(String channel, String claimant, List<String> alertIds, String error,
            Instant retryAt) {
        int recorded = 0;
        for (String id : alertIds) {
            Entry e = entries.get(key(channel, id));
            if (heldBy(e, channel, claimant)) {
                e.attempts++;
                e.error = error;
                e.retryAt = retryAt;
                e.claimedBy = null;
                recorded++;
            }
        }
        return recorded;
    }

    @Override
    public synchronized List<Instant> deliveryTimes(String channel, Instant since) {
        TreeSet<Instant> times = new TreeSet<>();
        for (Entry e : entries.values()) {
            if (e.channel.equals(channel) && e.deliveredAt != null && e.deliveredAt.isAfter(since)) {
                times.add(e.deliveredAt);
            }
        }
        return List.copyOf(times);
    }

    @Override
    public Optional<Version> latest(String host, String command) {
        return Optional.empty();
    }

    @Override
    public Optional<HostHealth> health(String host) {
        return Optional.empty();
    }

    @Override
    public List<HostHealth> healths() {
        return List.of();
    }

    @Override
    public void watch(Collection<String> hosts, Instant now) {
    }

    @Override
    public boolean markStale(String host, Instant now, Instant goodBefore, Optional<Alert> alert) {
        return false;
    }

    @Override
    public Optional<CommandStatus> lastOutcome(String host, String command) {
        return Optional.empty();
    }

    @Override
    public boolean onlyFailures(String host, String command) {
        return false;
    }

    @Override
    public List<Version> history(String host, String command) {
        return List.of();
    }

    @Override
    public Optional<Version> version(String host, String command, int number) {
        return Optional.empty();
    }

    @Override
    public List<HostStatus> status() {
        return List.of();
    }

    @Override
    public void close() {
    }

    private static String key(String channel, String id) {
        return channel + "\0" + id;
    }

    @Override
    public List<ReviewedAlert> alerts(AlertQuery query) {
        throw new UnsupportedOperationException("reviews are not kept by the mail tests' store");
    }

    @Override
    public Map<String, Integer> unackedPerHost() {
        return Map.of();
    }

    @Override
    public Optional<ReviewedAlert> alert(String id) {
        throw new UnsupportedOperationException("reviews are not kept by the mail tests' store");
    }

    @Override
    public List<String> alertIds(String idOrPrefix, int limit) {
        throw new UnsupportedOperationException("reviews are not kept by the mail tests' store");
    }

    @Override
    public void ack(List<String> alertIds, String by, Instant at, Optional<String> note) {
        throw new UnsupportedOperationException("reviews are not kept by the mail tests' store");
    }

    @Override
    public int accept(Acceptance acceptance) {
        throw new UnsupportedOperationException("reviews are not kept by the mail tests' store");
    }

    @Override
    public Optional<Acceptance> accepted(String host, String command) {
        return Optional.empty();
    }

    @Override
    public List<Acceptance> acceptances(String host, String command) {
        return List.of();
    }

    @Override
    public List<dev.fleetdiff.store.LatestHash> latestHashes(String command) {
        throw new UnsupportedOperationException("audits are not kept by the mail tests' store");
    }

    @Override
    public List<dev.fleetdiff.store.PollRun> runs(Instant from, Instant to) {
        throw new UnsupportedOperationException("audits are not kept by the mail tests' store");
    }

    @Override
    public List<dev.fleetdiff.store.CheckCount> checks(Instant from, Instant to) {
        throw new UnsupportedOperationException("audits are not kept by the mail tests' store");
    }

    @Override
    public List<Acceptance> acceptances(Instant from, Instant to) {
        throw new UnsupportedOperationException("audits are not kept by the mail tests' store");
    }

    @Override
    public boolean queueReport(Instant fireTime, Instant since) {
        throw new UnsupportedOperationException("reports are not kept by the mail tests' store");
    }

    @Override
    public List<dev.fleetdiff.store.ReportMail> pendingReports(Instant now) {
        return List.of();
    }

    @Override
    public void reportSent(Instant fireTime, Instant at) {
        throw new UnsupportedOperationException("reports are not kept by the mail tests' store");
    }

    @Override
    public void reportFailed(Instant fireTime, String error, Instant retryAt) {
        throw new UnsupportedOperationException("reports are not kept by the mail tests' store");
    }
}
