package dev.fleetdiff.app;

import dev.fleetdiff.inventory.Baseline;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The review loop over the store: list raised alerts, acknowledge them, accept a stored output as a command's baseline.
 * Every input is checked before anything is written, so a mistake (exit 2) leaves the store as it was.
 */
public final class ReviewLoop {
    /** An alert id may be shortened to a prefix this long or longer, if it is unique. */
    static final int MIN_ID_PREFIX = 8;
    /** A hash may be shortened to this many hex digits, as {@code fleetdiff history} prints it, if it is unique. */
    static final int MIN_HASH_PREFIX = 12;
    private static final Pattern HASH = Pattern.compile("(?i)(sha256:)?([0-9a-f]{" + MIN_HASH_PREFIX + ",64})");
    private static final int AMBIGUOUS_SHOWN = 5;

    private final Store store;
    private final Inventory inventory;
    private final Clock clock;

    ReviewLoop(Store store, Inventory inventory, Clock clock) {
        this.store = store;
        this.inventory = inventory;
        this.clock = clock;
    }

    /** An accepted version and how many alerts that reported it were acked with it. */
    public record Accepted(Version version, int acked, Baseline baseline) {
    }

    /** Which alerts {@link #alerts} lists; each filter is optional. */
    public record Filter(Duration since, Optional<String> host, Optional<String> group, OptionalInt rule,
                         int minLevel, boolean unackedOnly) {
    }

    /**
     * Acknowledges every alert named (by id or a unique prefix of at least {@value #MIN_ID_PREFIX} characters), all in
     * one transaction, or none if any name is unknown or ambiguous. An alert acked before is acked again: both acks
     * are kept. Returns the alerts as they are after this ack, each with all its acks, oldest first.
     */
    public List<ReviewedAlert> ack(List<String> ids, String by, Optional<String> note) {
        String reviewer = reviewer(by);
        Set<String> resolved = new LinkedHashSet<>();
        for (String id : ids) {
            resolved.add(resolve(id.strip()));
        }
        store.ack(List.copyOf(resolved), reviewer, clock.instant(), note(note));
        List<ReviewedAlert> acked = new ArrayList<>();
        for (String id : resolved) {
            acked.add(store.alert(id).orElseThrow());
        }
        return acked;
    }

    private String resolve(String id) {
        List<String> found = id.isEmpty() ? List.of() : store.alertIds(id, AMBIGUOUS_SHOWN + 1);
        if (found.contains(id)) {
            return id;
        }
        if (found.isEmpty() || id.length() < MIN_ID_PREFIX) {
            throw new UsageException("unknown alert id '" + id + "'; nothing was acked (fleetdiff alerts lists the"
                    + " ids; a shortened id needs at least " + MIN_ID_PREFIX + " characters)");
        }
        if (found.size() > 1) {
            throw new UsageException("alert id '" + id + "' is the start of several alerts ("
                    + String.join(", ", found.subList(0, Math.min(found.size(), AMBIGUOUS_SHOWN)))
                    + (found.size() > AMBIGUOUS_SHOWN ? ", ..." : "") + "); nothing was acked; give more of the id");
        }
        return found.get(0);
    }

    /**
     * Records that a stored output of a command on a host is its reviewed baseline: version {@code number}, else the
     * version whose hash starts with {@code hash}, else the latest. A version or hash never stored for that host and
     * command is refused. Acks the unacked alerts that reported exactly that output.
     */
    public Accepted accept(String host, String command, OptionalInt number, Optional<String> hash, String by,
                           Optional<String> note) {
        String reviewer = reviewer(by);
        if (number.isPresent() && hash.isPresent()) {
            throw new UsageException("give --version or --hash, not both");
        }
        List<Version> versions = store.history(host, command);
        if (versions.isEmpty()) {
            throw new UsageException("no stored output for host '" + host + "' and command '" + command
                    + "'; nothing to accept (try: fleetdiff history --host " + host + ")");
        }
        Version chosen;
        if (number.isPresent()) {
            chosen = versions.stream().filter(v -> v.number() == number.getAsInt()).findFirst()
                    .orElseThrow(() -> new UsageException("no version " + number.getAsInt() + " of " + command
                            + " on " + host + "; versions are 1.." + versions.size()));
        } else if (hash.isPresent()) {
            chosen = byHash(host, command, hash.get().strip(), versions);
        } else {
            chosen = versions.get(versions.size() - 1);
        }
        int acked = store.accept(new Acceptance(host, command, chosen.number(), chosen.hash(), reviewer,
                clock.instant(), note(note), false));
        Baseline baseline = inventory.command(command).map(c -> c.baseline()).orElse(Baseline.PREVIOUS);
        return new Accepted(chosen, acked, baseline);
    }

    private static Version byHash(String host, String command, String text, List<Version> versions) {
        var matcher = HASH.matcher(text);
        if (!matcher.matches()) {
            throw new UsageException("--hash '" + text + "' is not a SHA-256; write sha256: and at least "
                    + MIN_HASH_PREFIX + " of its hex digits, as fleetdiff history --host " + host + " prints them");
        }
        String hex = matcher.group(2).toLowerCase(Locale.ROOT);
        List<Version> matching = versions.stream().filter(v -> v.hash().startsWith(hex)).toList();
        Set<String> hashes = matching.stream().map(Version::hash).collect(Collectors.toSet());
        if (hashes.isEmpty()) {
            throw new UsageException("sha256:" + hex + " was never seen for " + command + " on " + host
                    + "; nothing was accepted (fleetdiff history --host " + host + " --command " + command
                    + " lists its " + versions.size() + " outputs)");
        }
        if (hashes.size() > 1) {
            throw new UsageException("sha256:" + hex + " is the start of " + hashes.size() + " outputs of " + command
                    + " on " + host + "; give more of the hash");
        }
        return matching.get(matching.size() - 1);
    }

    /** Raised alerts the filter selects, oldest first, with their acks. */
    public List<ReviewedAlert> alerts(Filter filter) {
        Optional<Set<String>> groupHosts = filter.group().map(g -> new Selection(List.of(), List.of(g), false,
                Optional.empty()).hostsIn(inventory).stream().map(Host::name).collect(Collectors.toSet()));
        List<ReviewedAlert> alerts = store.alerts(new AlertQuery(clock.instant().minus(filter.since()),
                filter.host(), Optional.empty(), filter.rule(), filter.minLevel(), filter.unackedOnly()));
        return groupHosts.map(hosts -> alerts.stream().filter(a -> hosts.contains(a.alert().host())).toList())
                .orElse(alerts);
    }

    /**
     * The version a command's outputs on a host are compared with when it has {@code baseline: accepted}: the last
     * accepted one; empty for a {@code baseline: previous} command or while nothing was accepted.
     */
    public Optional<Version> acceptedBaseline(String host, String command) {
        if (inventory.command(command).map(c -> c.baseline() != Baseline.ACCEPTED).orElse(true)) {
            return Optional.empty();
        }
        return store.accepted(host, command).flatMap(a -> store.version(host, command, a.version()));
    }

    /** One stored alert with its acks. */
    public Optional<ReviewedAlert> alert(String id) {
        return store.alert(id);
    }

    /** Every alert of a command on a host with its acks, for its history. */
    public List<ReviewedAlert> alertsOf(String host, String command) {
        return store.alerts(AlertQuery.of(host, command));
    }

    /** Every acceptance of a command's outputs on a host, oldest first, for its history. */
    public List<Acceptance> acceptances(String host, String command) {
        return store.acceptances(host, command);
    }

    private static String reviewer(String by) {
        if (by == null || by.isBlank()) {
            throw new UsageException("--by is empty; say who reviewed, e.g. --by alice");
        }
        return by.strip();
    }

    private static Optional<String> note(Optional<String> note) {
        return note.map(String::strip).filter(n -> !n.isEmpty());
    }
}
