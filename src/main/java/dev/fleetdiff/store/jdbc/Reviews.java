package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.AlertQuery;
import dev.fleetdiff.store.ReviewedAlert;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The acks and accepts tables: who reviewed which alert and who accepted which output as a baseline. Rows are only
 * inserted, never updated or deleted, so every review stays on record.
 */
final class Reviews {
    private static final String INSERT_ACK =
            "INSERT INTO acks (id, alert_id, acked_by, acked_at, note) VALUES (?, ?, ?, ?, ?)";
    private static final String EXACT_ID = "SELECT id FROM alerts WHERE id = ?";
    private static final String ID_PREFIX = "SELECT id FROM alerts WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT ?";
    private static final String VERSION_HASH =
            "SELECT hash FROM versions WHERE host = ? AND command = ? AND number = ?";
    private static final String LAST_SEQ = "SELECT MAX(seq) FROM accepts WHERE host = ? AND command = ?";
    private static final String INSERT_ACCEPT = "INSERT INTO accepts (host, command, seq, number, hash, accepted_by,"
            + " accepted_at, note, automatic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String OUTPUT_OF = "SELECT output FROM contents WHERE hash = ?";
    private static final String UNACKED_REPORTS = "SELECT a.id FROM alerts a WHERE a.host = ? AND a.command = ?"
            + " AND (a.version = ? OR (COALESCE(a.version, 0) = 0 AND a.output = ?))"
            + " AND NOT EXISTS (SELECT 1 FROM acks k WHERE k.alert_id = a.id) ORDER BY a.raised_at";
    private static final String ACCEPTS = "SELECT host, command, number, hash, accepted_by, accepted_at, note,"
            + " automatic FROM accepts WHERE host = ? AND command = ?";
    private static final String LAST_ACCEPT = ACCEPTS + " ORDER BY seq DESC LIMIT 1";
    private static final String ALL_ACCEPTS = ACCEPTS + " ORDER BY seq";
    private static final String PERIOD_ACCEPTS = "SELECT host, command, number, hash, accepted_by, accepted_at, note,"
            + " automatic FROM accepts WHERE accepted_at >= ? AND accepted_at < ? ORDER BY accepted_at, host, command";
    private static final String UNACKED = " AND NOT EXISTS (SELECT 1 FROM acks k WHERE k.alert_id = a.id)";
    private static final String UNACKED_PER_HOST = "SELECT a.host, COUNT(*) FROM alerts a WHERE 1 = 1" + UNACKED
            + " GROUP BY a.host";

    private Reviews() {
    }

    /** One ack row per alert; acks recorded before stay as they are. */
    static void ack(Transaction tx, List<String> alertIds, String by, Instant at, Optional<String> note)
            throws SQLException {
        PreparedStatement insert = tx.sql(INSERT_ACK);
        for (String alertId : alertIds) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, alertId);
            insert.setString(3, Columns.text(by));
            insert.setLong(4, Columns.millis(at));
            Columns.setText(insert, 5, note);
            insert.executeUpdate();
        }
    }

    /**
     * Records the acceptance under the host's lock (so two acceptances never take the same seq) and acks the unacked
     * alerts that reported exactly the accepted output; an automatic one only if nobody accepted anything yet.
     */
    static int accept(Transaction tx, Acceptance accepted) throws SQLException {
        Health.lock(tx, accepted.host(), accepted.at());
        String hash = single(tx.sql(VERSION_HASH), accepted.host(), accepted.command(), accepted.version());
        if (!accepted.hash().equals(hash)) {
            throw new IllegalArgumentException("no version " + accepted.version() + " with sha256:" + accepted.hash()
                    + " of " + accepted.command() + " on " + accepted.host());
        }
        PreparedStatement last = tx.sql(LAST_SEQ);
        last.setString(1, accepted.host());
        last.setString(2, accepted.command());
        int seq;
        try (ResultSet row = last.executeQuery()) {
            seq = row.next() ? row.getInt(1) : 0;
        }
        if (accepted.automatic() && seq > 0) {
            return 0;
        }
        PreparedStatement insert = tx.sql(INSERT_ACCEPT);
        insert.setString(1, accepted.host());
        insert.setString(2, accepted.command());
        insert.setInt(3, seq + 1);
        insert.setInt(4, accepted.version());
        insert.setString(5, accepted.hash());
        insert.setString(6, Columns.text(accepted.by()));
        insert.setLong(7, Columns.millis(accepted.at()));
        Columns.setText(insert, 8, accepted.note());
        insert.setInt(9, Columns.flag(accepted.automatic()));
        insert.executeUpdate();
        if (accepted.automatic()) {
            return 0;
        }
        List<String> reports = reports(tx, accepted);
        ack(tx, reports, accepted.by(), accepted.at(), Optional.of("accepted v" + accepted.version()
                + accepted.note().map(n -> ": " + n).orElse("")));
        return reports.size();
    }

    /**
     * The unacked alerts of the host and command that reported exactly the accepted version (by its number; alerts
     * stored before alerts named their version, by their whole output).
     */
    private static List<String> reports(Transaction tx, Acceptance accepted) throws SQLException {
        PreparedStatement content = tx.sql(OUTPUT_OF);
        content.setString(1, accepted.hash());
        String output;
        try (ResultSet row = content.executeQuery()) {
            if (!row.next()) {
                return List.of();
            }
            output = Columns.text(new String(row.getBytes(1), StandardCharsets.UTF_8));
        }
        PreparedStatement query = tx.sql(UNACKED_REPORTS);
        query.setString(1, accepted.host());
        query.setString(2, accepted.command());
        query.setInt(3, accepted.version());
        query.setString(4, output);
        return firstColumn(query);
    }

    private static List<String> firstColumn(PreparedStatement query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                values.add(row.getString(1));
            }
        }
        return values;
    }

    private static String single(PreparedStatement query, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            query.setObject(i + 1, parameters[i]);
        }
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    static Optional<Acceptance> accepted(Connection connection, String host, String command) throws SQLException {
        return acceptances(connection, LAST_ACCEPT, host, command).stream().findFirst();
    }

    static List<Acceptance> acceptances(Connection connection, String host, String command) throws SQLException {
        return acceptances(connection, ALL_ACCEPTS, host, command);
    }

    /** The acceptances made in {@code [from, to)}, oldest first. */
    static List<Acceptance> acceptances(Connection connection, Instant from, Instant to) throws SQLException {
        return acceptances(connection, PERIOD_ACCEPTS, Columns.millis(from), Columns.millis(to));
    }

    private static List<Acceptance> acceptances(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<Acceptance> all = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    all.add(new Acceptance(row.getString("host"), row.getString("command"), row.getInt("number"),
                            row.getString("hash"), row.getString("accepted_by"), Columns.instant(row, "accepted_at"),
                            Columns.optionalText(row, "note"), Columns.flag(row, "automatic")));
                }
            }
            return all;
        }
    }

    /** The id itself if an alert has it, else the ids starting with it, at most {@code limit}. */
    static List<String> alertIds(Connection connection, String idOrPrefix, int limit) throws SQLException {
        try (PreparedStatement exact = connection.prepareStatement(EXACT_ID)) {
            String id = single(exact, idOrPrefix);
            if (id != null) {
                return List.of(id);
            }
        }
        try (PreparedStatement prefix = connection.prepareStatement(ID_PREFIX)) {
            prefix.setInt(1, idOrPrefix.length());
            prefix.setString(2, idOrPrefix);
            prefix.setInt(3, limit);
            return firstColumn(prefix);
        }
    }

    static Map<String, Integer> unackedPerHost(Connection connection) throws SQLException {
        Map<String, Integer> perHost = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(UNACKED_PER_HOST);
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                perHost.put(row.getString(1), row.getInt(2));
            }
        }
        return perHost;
    }

    static Optional<ReviewedAlert> alert(Connection connection, String id) throws SQLException {
        return alerts(connection, " WHERE a.id = ?", List.of(id)).stream().findFirst();
    }

    /** The alerts the query selects, oldest first, each with its acks, oldest first. */
    static List<ReviewedAlert> alerts(Connection connection, AlertQuery query) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        return alerts(connection, where(query, parameters), parameters);
    }

    private static List<ReviewedAlert> alerts(Connection connection, String where, List<Object> parameters)
            throws SQLException {
        Map<String, Alert> alerts = new LinkedHashMap<>();
        try (PreparedStatement select = prepare(connection, "SELECT a.* FROM alerts a" + where
                + " ORDER BY a.raised_at, a.id", parameters); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                Alert alert = Outbox.alert(row);
                alerts.put(alert.id(), alert);
            }
        }
        Map<String, List<Ack>> acks = new LinkedHashMap<>();
        try (PreparedStatement select = prepare(connection, "SELECT k.* FROM acks k JOIN alerts a ON a.id = k.alert_id"
                + where + " ORDER BY k.acked_at, k.id", parameters); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                String alertId = row.getString("alert_id");
                acks.computeIfAbsent(alertId, id -> new ArrayList<>()).add(new Ack(alertId, row.getString("acked_by"),
                        Columns.instant(row, "acked_at"), Columns.optionalText(row, "note")));
            }
        }
        List<ReviewedAlert> reviewed = new ArrayList<>(alerts.size());
        for (Alert alert : alerts.values()) {
            reviewed.add(new ReviewedAlert(alert, acks.getOrDefault(alert.id(), List.of())));
        }
        return reviewed;
    }

    private static String where(AlertQuery query, List<Object> parameters) {
        StringBuilder where = new StringBuilder(" WHERE a.raised_at >= ? AND a.level >= ?");
        parameters.add(Columns.millis(query.since()));
        parameters.add(query.minLevel());
        query.host().ifPresent(host -> {
            where.append(" AND a.host = ?");
            parameters.add(host);
        });
        query.command().ifPresent(command -> {
            where.append(" AND a.command = ?");
            parameters.add(command);
        });
        if (query.rule().isPresent()) {
            where.append(" AND a.rule_id = ?");
            parameters.add(query.rule().getAsInt());
        }
        if (query.unackedOnly()) {
            where.append(UNACKED);
        }
        return where.toString();
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}
