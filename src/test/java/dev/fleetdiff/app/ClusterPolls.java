package dev.fleetdiff.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduled polls a cluster's nodes noted in the store (cluster_polls), and what they show: fire times polled
 * twice, fire times no node polled, the split across nodes.
 *
 * @param polls  every noted poll
 * @param period the hosts' schedule period, in ms
 */
record ClusterPolls(List<Poll> polls, long period) {
    /** One row of cluster_polls. */
    record Poll(String host, long fireTime, String node, long started) {
    }

    static ClusterPolls read(String url, long period) throws SQLException {
        List<Poll> polls = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT host, fire_time, node, started FROM cluster_polls")) {
            while (rows.next()) {
                polls.add(new Poll(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getLong(4)));
            }
        }
        return new ClusterPolls(polls, period);
    }

    /** "host@fire time" of each fire time polled more than once, with how many times. */
    Map<String, Long> duplicates() {
        Map<String, Long> counts = new HashMap<>();
        polls.forEach(p -> counts.merge(p.host() + "@" + p.fireTime(), 1L, Long::sum));
        counts.values().removeIf(n -> n == 1);
        return counts;
    }

    /** Each host's fire times modulo the period: its splay offset, as the store shows it. */
    Map<String, Long> phases() {
        Map<String, Long> phases = new HashMap<>();
        polls.forEach(p -> phases.putIfAbsent(p.host(), p.fireTime() % period));
        return phases;
    }

    /** The polls of fire times in [from, to). */
    List<Poll> within(long from, long to) {
        return polls.stream().filter(p -> p.fireTime() >= from && p.fireTime() < to).toList();
    }

    /** Polls of fire times in [from, to) per node. */
    Map<String, Long> perNode(long from, long to) {
        Map<String, Long> perNode = new TreeMap<>();
        within(from, to).forEach(p -> perNode.merge(p.node(), 1L, Long::sum));
        return perNode;
    }

    /** The fire times in [from, to) of every host seen that no poll is for. */
    List<Long> missing(long from, long to) {
        Map<String, List<Long>> polled = new HashMap<>();
        within(from, to).forEach(p -> polled.computeIfAbsent(p.host(), h -> new ArrayList<>()).add(p.fireTime()));
        List<Long> missing = new ArrayList<>();
        phases().forEach((host, phase) -> {
            long first = from + Math.floorMod(phase - from, period);
            for (long fire = first; fire < to; fire += period) {
                if (!polled.getOrDefault(host, List.of()).contains(fire)) {
                    missing.add(fire);
                }
            }
        });
        return missing;
    }

    /** The longest wait of a poll of a fire time in [from, to) between its fire time and its start, in ms. */
    long latestStart(long from, long to) {
        return within(from, to).stream().mapToLong(p -> p.started() - p.fireTime()).max().orElse(0);
    }
}
