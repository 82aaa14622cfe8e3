package dev.fleetdiff.audit;

import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.notify.AlertText;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.LatestHash;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hosts grouped by their latest output of one command, largest group first, each minority group with its diff
 * against the largest. Only hashes are held for all hosts; an output is read only to compare two groups, or, for a
 * command with ignore filters or {@code compare: set}, once per distinct stored output to find which compare equal.
 *
 * @param command the command's name
 * @param groups  output groups largest first (ties by first host), then failed, stale and never polled hosts
 */
public record Outliers(String command, List<OutputGroup> groups) {
    /** Hosts whose own reason a group without output names, when its hosts do not share one. */
    static final int REASONS_SHOWN = 3;

    public Outliers {
        groups = List.copyOf(groups);
    }

    /** Hosts in every group together. */
    public int hosts() {
        return groups.stream().mapToInt(g -> g.hosts().size()).sum();
    }

    /** True if the hosts do not all share one output: more than one group. */
    public boolean differ() {
        return groups.size() > 1;
    }

    /**
     * Finds the outliers of {@code command} among {@code hosts} from the store.
     *
     * @param staleAfter how long each host may go without a good poll of the command
     * @param now        the time staleness is measured at
     */
    public static Outliers find(Store store, Command command, List<String> hosts, Function<String, Duration> staleAfter,
                                Instant now) {
        Map<String, LatestHash> latest = store.latestHashes(command.name()).stream()
                .collect(Collectors.toMap(LatestHash::host, Function.identity()));
        Map<String, HostHealth> healths = store.healths().stream()
                .collect(Collectors.toMap(HostHealth::host, Function.identity()));
        Map<String, List<String>> byHash = new LinkedHashMap<>();
        Map<String, LatestHash> sample = new LinkedHashMap<>();
        Map<OutputGroup.Kind, List<String>> unlike = new LinkedHashMap<>();
        Map<OutputGroup.Kind, Map<String, String>> reasons = new LinkedHashMap<>();
        for (String host : hosts) {
            LatestHash out = latest.get(host);
            HostHealth health = healths.get(host);
            OutputGroup.Kind kind = kindOf(out, health, staleAfter.apply(host), now);
            if (kind == OutputGroup.Kind.OUTPUT) {
                byHash.computeIfAbsent(out.hash().orElseThrow(), h -> new ArrayList<>()).add(host);
                sample.putIfAbsent(out.hash().orElseThrow(), out);
            } else {
                unlike.computeIfAbsent(kind, k -> new ArrayList<>()).add(host);
                reasons.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(host, reasonOf(kind, out, health));
            }
        }
        List<List<String>> outputs = merged(store, command, byHash, sample);
        outputs.sort(Comparator.comparingInt((List<String> g) -> -g.size()).thenComparing(g -> g.get(0)));
        List<OutputGroup> groups = new ArrayList<>();
        Optional<String> majority = Optional.empty();
        for (List<String> members : outputs) {
            LatestHash first = latest.get(members.get(0));
            Optional<Change> diff = Optional.empty();
            if (majority.isPresent()) {
                diff = Optional.of(diff(store, command, latest.get(majority.get()), first));
            } else {
                majority = Optional.of(members.get(0));
            }
            groups.add(new OutputGroup(OutputGroup.Kind.OUTPUT, members, first.hash(), Optional.empty(), diff));
        }
        unlike.forEach((kind, members) -> groups.add(new OutputGroup(kind, members, Optional.empty(),
                Optional.of(reason(reasons.get(kind))), Optional.empty())));
        return new Outliers(command.name(), groups);
    }

    /**
     * Failed when the host's latest poll failed (its health counts failures in a row; a host-level failure leaves the
     * command's latest row as it was) or the command's latest poll did; else never polled, stale or an output.
     */
    private static OutputGroup.Kind kindOf(LatestHash out, HostHealth health, Duration staleAfter, Instant now) {
        boolean hostFailing = health != null && health.failures() > 0;
        if (hostFailing || (out != null && !out.status().equals("ok"))) {
            return OutputGroup.Kind.FAILED;
        }
        if (out == null || out.hash().isEmpty()) {
            return OutputGroup.Kind.NEVER_POLLED;
        }
        boolean stale = out.lastPolled().plus(staleAfter).isBefore(now)
                || (health != null && health.state() == HostHealth.State.STALE);
        return stale ? OutputGroup.Kind.STALE : OutputGroup.Kind.OUTPUT;
    }

    /**
     * The group's reason: the one its hosts share, or each host's own when they differ (a refused connection must
     * not read as the timeout of the host listed first), the first {@link #REASONS_SHOWN} of them.
     */
    private static String reason(Map<String, String> byHost) {
        if (new HashSet<>(byHost.values()).size() == 1) {
            return byHost.values().iterator().next();
        }
        List<String> shown = byHost.entrySet().stream().limit(REASONS_SHOWN)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.toCollection(ArrayList::new));
        if (byHost.size() > REASONS_SHOWN) {
            shown.add("and " + (byHost.size() - REASONS_SHOWN) + " more hosts (fleetdiff status shows each)");
        }
        return String.join("; ", shown);
    }

    private static String reasonOf(OutputGroup.Kind kind, LatestHash out, HostHealth health) {
        return switch (kind) {
            case FAILED -> out != null && !out.status().equals("ok") ? out.error().orElse(out.status())
                    : health.reason().orElse("the latest poll failed");
            case STALE -> "no good poll since " + out.lastPolled();
            case NEVER_POLLED -> "no output stored yet";
            case OUTPUT -> "";
        };
    }

    /**
     * Output groups by stored hash, merged where outputs compare equal only after the command's ignore filters or
     * in set mode: each distinct output is read once, its compared form hashed, and dropped.
     */
    private static List<List<String>> merged(Store store, Command command, Map<String, List<String>> byHash,
                                             Map<String, LatestHash> sample) {
        if (command.ignore().isEmpty() && command.compare() == CompareMode.LINES) {
            return new ArrayList<>(byHash.values());
        }
        Map<String, List<String>> byCompared = new LinkedHashMap<>();
        byHash.forEach((hash, members) -> {
            String output = output(store, command, sample.get(hash));
            byCompared.computeIfAbsent(comparedHash(command, output), k -> new ArrayList<>()).addAll(members);
        });
        byCompared.values().forEach(members -> members.sort(Comparator.naturalOrder()));
        return new ArrayList<>(byCompared.values());
    }

    /** SHA-256 of the output's lines as compared: ignored lines dropped, and sorted in set mode. */
    private static String comparedHash(Command command, String output) {
        List<String> lines = OutputComparer.filter(OutputComparer.lines(output), command.ignore());
        if (command.compare() == CompareMode.SET) {
            lines = new ArrayList<>(lines);
            lines.sort(Comparator.naturalOrder());
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                digest.update(line.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    private static Change diff(Store store, Command command, LatestHash majority, LatestHash minority) {
        // each side named after the host whose output stands for its group
        OutputComparer.Sides sides = new OutputComparer.Sides(command.name(), majority.host() + "/" + command.name(),
                minority.host() + "/" + command.name());
        return OutputComparer.compare(sides, output(store, command, majority), output(store, command, minority),
                command.compare(), command.ignore(), AlertText.MAX_CHARS);
    }

    private static String output(Store store, Command command, LatestHash latest) {
        return store.version(latest.host(), command.name(), latest.number()).map(Version::output).orElse("");
    }
}
