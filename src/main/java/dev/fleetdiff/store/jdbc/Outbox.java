package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alert outbox: alerts and one delivery per channel, pending until delivered, delayed after each failure. A claim
 * is a lease kept in the same column as the retry time, with its owner: claiming moves next_attempt to the lease's end
 * and names the claimant in claimed_by. Every write after the claim is conditional on claimed_by, and a new claim
 * always rewrites it, so a claimer that was taken for dead and replaced finds its writes refused.
 */
final class Outbox {
    /** Channel of alerts.jsonl, for alerts with {@link Alert#log()}. */
    static final String LOG = "log";
    /** Channel of mail, for alerts with {@link Alert#email()}. */
    static final String MAIL = "mail";

    private static final String INSERT_ALERT = "INSERT INTO alerts (id, raised_at, host, command, command_line,"
            + " rule_id, level, description, output, previous_output, diff, alert_groups, to_mail, to_log,"
            + " output_chars, previous_output_chars, diff_chars, version, previous_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String INSERT_DELIVERY = "INSERT INTO deliveries"
            + " (alert_id, channel, status, attempts, next_attempt) VALUES (?, ?, 'pending', 0, 0)"
            + " ON CONFLICT (alert_id, channel) DO NOTHING";
    /** Deliveries not yet done: pending, or failed {@link Store#MAX_ATTEMPTS} times and still retried. */
    private static final String UNSENT = "status IN ('pending', 'failed')";
    /** The condition of every write by a claimant: the delivery is still undone and still its own. */
    private static final String HELD = "channel = ? AND claimed_by = ? AND " + UNSENT;
    private static final String DELIVERED = "UPDATE deliveries SET status = 'sent', delivered_at = ?"
            + " WHERE alert_id = ? AND " + HELD;
    /** One more failed attempt; the attempt that reaches the maximum marks the delivery failed and waits a day. */
    private static final String FAILED = "UPDATE deliveries SET attempts = attempts + 1, last_error = ?,"
            + " status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END,"
            + " next_attempt = CASE WHEN attempts + 1 >= ? THEN ? ELSE ? END, claimed_by = NULL"
            + " WHERE alert_id = ? AND " + HELD;
    /**
     * Extends the lease of everything a claimant holds. No lease condition: an alert whose lease ran out is still the
     * claimant's until another claim rewrites claimed_by, and such a claim and this update lock the same row.
     */
    private static final String RENEW = "UPDATE deliveries SET next_attempt = ? WHERE " + HELD;
    private static final String HELD_IDS = "SELECT alert_id FROM deliveries WHERE " + HELD;
    private static final String RELEASE = "UPDATE deliveries SET next_attempt = ?, claimed_by = NULL"
            + " WHERE alert_id = ? AND " + HELD;
    private static final String PENDING = "SELECT a.* FROM deliveries d JOIN alerts a ON a.id = d.alert_id"
            + " WHERE d.channel = ? AND d." + UNSENT + " AND d.next_attempt <= ?"
            + " ORDER BY a.raised_at, a.id LIMIT ?";
    /**
     * Takes one due delivery. Its condition is checked again under the row's write lock (SQLite: BEGIN IMMEDIATE
     * serializes writers; PostgreSQL READ COMMITTED re-evaluates it once a concurrent claimer commits), so of
     * concurrent claimers exactly one updates the row.
     */
    private static final String CLAIM = "UPDATE deliveries SET next_attempt = ?, claimed_by = ?"
            + " WHERE alert_id = ? AND channel = ? AND " + UNSENT + " AND next_attempt <= ?";
    private static final String DELIVERY_TIMES = "SELECT DISTINCT delivered_at FROM deliveries"
            + " WHERE channel = ? AND status = 'sent' AND delivered_at > ? ORDER BY delivered_at";
    private static final String COUNTS = "SELECT channel,"
            + " SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,"
            + " SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END) AS failing,"
            + " SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed"
            + " FROM deliveries WHERE " + UNSENT + " GROUP BY channel ORDER BY channel";
    private static final String OLDEST_PENDING = "SELECT d.channel, MIN(a.raised_at) AS oldest"
            + " FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d." + UNSENT + " GROUP BY d.channel";
    private static final String PENDING_PER_HOST = "SELECT a.host, COUNT(DISTINCT a.id) AS alerts"
            + " FROM alerts a JOIN deliveries d ON d.alert_id = a.id WHERE d." + UNSENT + " GROUP BY a.host";

    private Outbox() {
    }

    /** Stores the alert and a pending delivery on each channel it asks for; storing it twice changes nothing. */
    static void write(Transaction tx, Alert alert) throws SQLException {
        PreparedStatement insert = tx.sql(INSERT_ALERT);
        insert.setString(1, alert.id());
        insert.setLong(2, Columns.millis(alert.time()));
        insert.setString(3, Columns.text(alert.host()));
        insert.setString(4, Columns.text(alert.command()));
        insert.setString(5, Columns.text(alert.commandLine()));
        insert.setInt(6, alert.ruleId());
        insert.setInt(7, alert.level());
        insert.setString(8, Columns.text(alert.description()));
        insert.setString(9, Columns.text(alert.output()));
        insert.setString(10, Columns.text(alert.previousOutput()));
        insert.setString(11, Columns.text(alert.diff()));
        insert.setString(12, Columns.groups(alert.groups()));
        insert.setInt(13, Columns.flag(alert.email()));
        insert.setInt(14, Columns.flag(alert.log()));
        insert.setLong(15, alert.outputChars());
        insert.setLong(16, alert.previousOutputChars());
        insert.setLong(17, alert.diffChars());
        insert.setInt(18, alert.version());
        insert.setInt(19, alert.previousVersion());
        insert.executeUpdate();
        if (alert.log()) {
            queue(tx, alert.id(), LOG);
        }
        if (alert.email()) {
            queue(tx, alert.id(), MAIL);
        }
    }

    private static void queue(Transaction tx, String alertId, String channel) throws SQLException {
        PreparedStatement insert = tx.sql(INSERT_DELIVERY);
        insert.setString(1, alertId);
        insert.setString(2, channel);
        insert.executeUpdate();
    }

    /** Marks the claimant's alerts delivered; returns how many it still held. */
    static int delivered(Transaction tx, String channel, String claimant, List<String> alertIds, Instant at)
            throws SQLException {
        PreparedStatement update = tx.sql(DELIVERED);
        int marked = 0;
        for (String id : alertIds) {
            update.setLong(1, Columns.millis(at));
            update.setString(2, id);
            held(update, 3, channel, claimant);
            marked += update.executeUpdate();
        }
        return marked;
    }

    /** Records a failed attempt on the claimant's alerts and ends its claim; returns how many it still held. */
    static int failed(Transaction tx, String channel, String claimant, List<String> alertIds, String error,
            Instant retryAt) throws SQLException {
        PreparedStatement update = tx.sql(FAILED);
        int recorded = 0;
        for (String id : alertIds) {
            update.setString(1, Columns.text(error));
            update.setInt(2, Store.MAX_ATTEMPTS);
            update.setInt(3, Store.MAX_ATTEMPTS);
            update.setLong(4, Columns.millis(retryAt.plus(Store.FAILED_RETRY)));
            update.setLong(5, Columns.millis(retryAt));
            update.setString(6, id);
            held(update, 7, channel, claimant);
            recorded += update.executeUpdate();
        }
        return recorded;
    }

    /** Moves the lease of everything the claimant holds on the channel to {@code until}; returns their ids. */
    static Set<String> renew(Transaction tx, String channel, String claimant, Instant until) throws SQLException {
        PreparedStatement update = tx.sql(RENEW);
        update.setLong(1, Columns.millis(until));
        held(update, 2, channel, claimant);
        update.executeUpdate();
        PreparedStatement select = tx.sql(HELD_IDS);
        held(select, 1, channel, claimant);
        Set<String> ids = new HashSet<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** Ends the claimant's claim on these alerts; they are due again at {@code now}. */
    static void release(Transaction tx, String channel, String claimant, List<String> alertIds, Instant now)
            throws SQLException {
        PreparedStatement update = tx.sql(RELEASE);
        for (String id : alertIds) {
            update.setLong(1, Columns.millis(now));
            update.setString(2, id);
            held(update, 3, channel, claimant);
            update.executeUpdate();
        }
    }

    /** Sets the parameters of {@link #HELD} from {@code index} on. */
    private static void held(PreparedStatement statement, int index, String channel, String claimant)
            throws SQLException {
        statement.setString(index, channel);
        statement.setString(index + 1, claimant);
    }

    static List<Alert> pending(Connection connection, String channel, Instant now, int limit) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(PENDING)) {
            return due(query, channel, now, limit);
        }
    }

    /**
     * Due alerts, each moved to {@code now + lease} and named the claimant's in this transaction, but those another
     * claimer took first.
     */
    static List<Alert> claim(Transaction tx, String channel, String claimant, Instant now, Duration lease, int limit)
            throws SQLException {
        List<Alert> due = due(tx.sql(PENDING), channel, now, limit);
        if (due.isEmpty()) {
            return due;
        }
        PreparedStatement update = tx.sql(CLAIM);
        for (Alert alert : due) {
            update.setLong(1, Columns.millis(now.plus(lease)));
            update.setString(2, claimant);
            update.setString(3, alert.id());
            update.setString(4, channel);
            update.setLong(5, Columns.millis(now));
            update.addBatch();
        }
        int[] updated = update.executeBatch();
        List<Alert> claimed = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            if (updated[i] == 1) {
                claimed.add(due.get(i));
            }
        }
        return claimed;
    }

    private static List<Alert> due(PreparedStatement query, String channel, Instant now, int limit)
            throws SQLException {
        query.setString(1, channel);
        query.setLong(2, Columns.millis(now));
        query.setInt(3, limit);
        List<Alert> alerts = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                alerts.add(alert(row));
            }
        }
        return alerts;
    }

    /** The alert in the current row of a query over the alerts table. */
    static Alert alert(ResultSet row) throws SQLException {
        return new Alert(row.getString("id"), Columns.instant(row, "raised_at"),
                row.getString("host"), row.getString("command"), row.getString("command_line"),
                row.getInt("rule_id"), row.getInt("level"), row.getString("description"),
                row.getString("output"), row.getString("previous_output"), row.getString("diff"),
                Columns.groups(row.getString("alert_groups")), Columns.flag(row, "to_mail"),
                Columns.flag(row, "to_log"), row.getLong("output_chars"),
                row.getLong("previous_output_chars"), row.getLong("diff_chars"), row.getInt("version"),
                row.getInt("previous_version"));
    }

    /** Pending, failing and failed counts per channel; log and mail are always listed, with zeros when idle. */
    static List<OutboxCount> counts(Connection connection) throws SQLException {
        Map<String, OutboxCount> counts = new LinkedHashMap<>();
        counts.put(LOG, new OutboxCount(LOG, 0, 0, 0));
        counts.put(MAIL, new OutboxCount(MAIL, 0, 0, 0));
        try (PreparedStatement query = connection.prepareStatement(COUNTS); ResultSet row = query.executeQuery()) {
            while (row.next()) {
                String channel = row.getString("channel");
                counts.put(channel, new OutboxCount(channel, row.getInt("pending"), row.getInt("failing"),
                        row.getInt("failed")));
            }
        }
        return List.copyOf(counts.values());
    }

    /** Per channel, when the oldest alert not yet delivered there was raised. */
    static Map<String, Instant> oldestPending(Connection connection) throws SQLException {
        Map<String, Instant> oldest = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(OLDEST_PENDING);
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                oldest.put(row.getString("channel"), Columns.instant(row, "oldest"));
            }
        }
        return oldest;
    }

    /** Alerts with at least one delivery still pending, per host. */
    static Map<String, Integer> pendingPerHost(Connection connection) throws SQLException {
        Map<String, Integer> perHost = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(PENDING_PER_HOST);
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                perHost.put(row.getString("host"), row.getInt("alerts"));
            }
        }
        return perHost;
    }

    /** Distinct delivery times on a channel after {@code since}, oldest first (one per mail on the mail channel). */
    static List<Instant> deliveryTimes(Connection c, String channel, Instant since) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(DELIVERY_TIMES)) {
            select.setString(1, channel);
            select.setLong(2, Columns.millis(since));
            List<Instant> times = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    times.add(Instant.ofEpochMilli(rows.getLong(1)));
                }
            }
            return times;
        }
    }
}
