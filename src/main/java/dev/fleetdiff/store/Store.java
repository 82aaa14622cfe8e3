package dev.fleetdiff.store;

import dev.fleetdiff.rules.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The durable state: latest and past outputs per (host, command), poll runs, the alert outbox, and the reviews (acks
 * and accepted outputs). Thread-safe.
 */
public interface Store extends AutoCloseable {
    /** Failed attempts after which a delivery is marked failed: it is kept, counted apart, and retried once a day. */
    int MAX_ATTEMPTS = 10;
    /** How long a delivery marked failed waits between attempts. */
    Duration FAILED_RETRY = Duration.ofDays(1);

    /** The latest successful output of a command on a host, the baseline the next output is compared with. */
    Optional<Version> latest(String host, String command);

    /**
     * True if outcomes of this command on this host were recorded but every one was a failure: no output was ever
     * stored. The first good output after that is reported as a change from nothing, never kept as a silent baseline,
     * since a baseline was already expected when the command failed.
     */
    boolean onlyFailures(String host, String command);

    /**
     * Records polls with their outputs and the alerts they raised, all in one transaction, and returns once they are
     * committed. Concurrent callers may be batched into the same transaction.
     *
     * <p>A poll whose outputs were compared with a version that is no longer the latest (another writer, such as a
     * second process on the same database, recorded a newer one meanwhile; see {@link OutputRecord#comparedWith}) is
     * not recorded at all: neither its outputs, nor its run, nor its alerts. Such polls are returned, for the caller
     * to compare again with the new latest versions and record anew. So each change is stored and alerted once.
     *
     * @return the polls not recorded because a version they were compared with is no longer the latest; on a race
     *         between two database transactions this may be every poll of the call
     */
    List<PollRecord> record(List<PollRecord> polls);

    /** The host's health episode, once the store has heard of the host. */
    Optional<HostHealth> health(String host);

    /** Every host's health episode, by host name. */
    List<HostHealth> healths();

    /**
     * Starts the staleness clock of hosts the store has not heard of yet, at {@code now}, so that a host that is never
     * polled at all becomes stale too. Hosts already known are left as they are.
     */
    void watch(Collection<String> hosts, Instant now);

    /**
     * Makes the host stale and records the alert, if it is still in the ok state and its last good poll (or, never
     * polled well, its first sighting) is before {@code goodBefore}. True if this call raised it: of two processes
     * that check at once, one does.
     */
    boolean markStale(String host, Instant now, Instant goodBefore, Optional<Alert> alert);

    /** How the latest poll of a command on a host ended, once it was polled. */
    Optional<CommandStatus> lastOutcome(String host, String command);

    /** Distinct outputs of a command on a host, oldest first. */
    List<Version> history(String host, String command);

    /** One stored version by its number (1 = first), with its output. */
    Optional<Version> version(String host, String command, int number);

    /** Per host: last poll and its result, consecutive failures, pending alerts. */
    List<HostStatus> status();

    /**
     * How the host's latest recorded poll ended, so a failure that repeats poll after poll raises its alert once.
     * The default knows nothing, and such alerts then repeat on every poll.
     */
    default Optional<LastPoll> lastPoll(String host) {
        return Optional.empty();
    }

    /**
     * Alerts not yet delivered on a channel ("log", "mail"), oldest first, whose next attempt is due: a look only,
     * which another deliverer may act on at the same time; deliverers take alerts with {@link #claim}.
     */
    List<Alert> pending(String channel, Instant now, int limit);

    /**
     * The latest output of a command on every host that has one, each distinct output once with its hosts, for a
     * fleet search. The default knows none.
     */
    default List<LatestOutput> latestOutputs(String command) {
        return List.of();
    }

    /** Per channel, when the oldest alert still waiting there was raised; channels with none waiting are left out. */
    default Map<String, Instant> oldestPending() {
        return Map.of();
    }

    /** Counts per channel of alerts pending and of failed delivery attempts. */
    List<OutboxCount> outbox();

    /**
     * Marks alerts delivered on a channel, those that {@code claimant} still holds (see {@link #claim}); they are never
     * handed out again there. An alert another claimer has taken meanwhile is left as it is: that claimer decides.
     *
     * @return how many of the alerts were marked; fewer than given means the others were not this claimant's
     */
    int delivered(String channel, String claimant, List<String> alertIds, Instant at);

    /**
     * Records a failed delivery attempt and when to try again, for the alerts {@code claimant} still holds, and ends
     * its claim on them; the {@link #MAX_ATTEMPTS}-th marks the delivery failed, and it is then tried again only
     * {@link #FAILED_RETRY} after {@code retryAt}, until it is delivered.
     *
     * @return how many of the alerts were recorded; the others were not this claimant's
     */
    int deliveryFailed(String channel, String claimant, List<String> alertIds, String error, Instant retryAt);

    /**
     * Distinct times at which alerts were marked delivered on a channel after {@code since}, oldest first. The mail
     * channel gives each mail a time of its own, so these count the mails sent, which keeps max_per_hour across
     * restarts. The default knows none, and the cap then holds within one process only.
     */
    default List<Instant> deliveryTimes(String channel, Instant since) {
        return List.of();
    }

    /**
     * Applies retention in one transaction: removes each stored version that is neither among the newest
     * {@code keepVersions} of its output nor seen since {@code keepSince}, never the latest (the baseline) and never
     * one an alert not yet delivered names; then the contents no version uses, and the alerts raised before
     * {@code keepSince} that every channel has delivered. The default removes nothing.
     */
    default Pruned prune(int keepVersions, Instant keepSince) {
        return Pruned.NOTHING;
    }

    /** Alerts raised as the query asks, oldest first, each with its acks. */
    List<ReviewedAlert> alerts(AlertQuery query);

    /** Per host, how many of its alerts nobody has acked yet; hosts with none are left out. */
    Map<String, Integer> unackedPerHost();

    /** One stored alert by its id, with its acks. */
    Optional<ReviewedAlert> alert(String id);

    /** Ids of stored alerts that are {@code idOrPrefix} or start with it, at most {@code limit} of them. */
    List<String> alertIds(String idOrPrefix, int limit);

    /**
     * Records that someone reviewed these alerts, one ack each, all in one transaction. Earlier acks of the same alert
     * stay: reviews are only ever added.
     */
    void ack(List<String> alertIds, String by, Instant at, Optional<String> note);

    /**
     * Records that a stored version is the accepted baseline of its command on its host. Unless the acceptance is
     * automatic, the alerts of that host and command that reported exactly this output and are not acked yet are acked
     * in the same transaction, by the same person, for the same reason. Returns how many alerts it acked.
     */
    int accept(Acceptance acceptance);

    /** The latest acceptance of a command on a host: the baseline of a command with {@code baseline: accepted}. */
    Optional<Acceptance> accepted(String host, String command);

    /** Every acceptance of a command on a host, oldest first. */
    List<Acceptance> acceptances(String host, String command);

    /**
     * Every host's latest poll of a command, with the hash of its latest stored output, in host order: outliers group
     * hosts by these hashes without reading any output.
     */
    List<LatestHash> latestHashes(String command);

    /** The poll runs that overlap {@code [from, to)}, by host, oldest first. */
    List<PollRun> runs(Instant from, Instant to);

    /** Checks run per host and command on the UTC days that overlap {@code [from, to)}. */
    List<CheckCount> checks(Instant from, Instant to);

    /** The acceptances made in {@code [from, to)}, oldest first. */
    List<Acceptance> acceptances(Instant from, Instant to);

    /**
     * Queues the report of {@code [since, fireTime)} for mailing unless one for this fire time was queued before (by
     * this process before a restart, or by another); true if this call queued it.
     */
    boolean queueReport(Instant fireTime, Instant since);

    /** Queued reports not yet sent whose next attempt is due, oldest first. */
    List<ReportMail> pendingReports(Instant now);

    /** Marks a report sent: it is never handed out again. */
    void reportSent(Instant fireTime, Instant at);

    /** Records a failed attempt to mail a report and when to try again. */
    void reportFailed(Instant fireTime, String error, Instant retryAt);

    @Override
    void close();

    /**
     * Takes up to {@code limit} due alerts on a channel, oldest first, for {@code claimant} alone, even against other
     * processes on the same database. Lease rule: a claimed alert is handed to no other claimer until it is marked
     * delivered, or failed (then it is due at its retry time), or released, or {@code now + lease} passes without a
     * {@link #renew}: its claimer is then taken for dead and the alert is due again. Only the claimant holding an alert
     * can mark it delivered or failed, so a claimer that lost an alert to another never records over it.
     *
     * @param claimant who claims: unique per delivering process (and per deliverer within one), never reused
     */
    List<Alert> claim(String channel, String claimant, Instant now, Duration lease, int limit);

    /**
     * Extends to {@code now + lease} the claim on every alert {@code claimant} still holds on a channel, and returns
     * those alerts' ids. A deliverer renews before each hand-over to the channel and hands over only alerts it still
     * holds, so the lease needs to outlast one hand-over, not a whole round. An alert whose lease ran out is still
     * held, and renewed, as long as no other claimer has taken it.
     */
    Set<String> renew(String channel, String claimant, Instant now, Duration lease);

    /**
     * Gives up {@code claimant}'s claim on these alerts without an attempt: they are due again at {@code now}, for
     * any claimer. Alerts it no longer holds are left as they are.
     */
    void release(String channel, String claimant, List<String> alertIds, Instant now);
}
