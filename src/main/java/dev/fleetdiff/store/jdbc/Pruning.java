package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.store.Pruned;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Retention: the old versions, unused contents and delivered alerts that {@code prune} removes, in portable SQL. */
final class Pruning {
    /**
     * Versions last seen before the cut-off (1), older than the newest N of their output (2: latest is never among
     * them), that no alert still to be delivered names (3), and that nobody accepted (4: a review is never deleted).
     */
    private static final String OLD_VERSIONS = " FROM versions WHERE last_seen < ?"
            + " AND number <= (SELECT l.number FROM latest l"
            + " WHERE l.host = versions.host AND l.command = versions.command) - ?"
            + " AND NOT EXISTS (SELECT 1 FROM alerts a JOIN deliveries d ON d.alert_id = a.id"
            + " WHERE d.status <> 'sent' AND a.host = versions.host AND a.command = versions.command"
            + " AND (a.version = versions.number OR a.previous_version = versions.number))"
            + " AND NOT EXISTS (SELECT 1 FROM accepts r WHERE r.host = versions.host AND r.command = versions.command"
            + " AND r.number = versions.number)";
    private static final String COUNT_OLD_VERSIONS = "SELECT host, command, COUNT(*) AS versions" + OLD_VERSIONS
            + " GROUP BY host, command ORDER BY host, command";
    private static final String DELETE_OLD_VERSIONS = "DELETE" + OLD_VERSIONS;
    private static final String UNUSED_CONTENTS = " FROM contents"
            + " WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.hash = contents.hash)";
    private static final String COUNT_UNUSED_CONTENTS = "SELECT COUNT(*), SUM(LENGTH(output))" + UNUSED_CONTENTS;
    private static final String DELETE_UNUSED_CONTENTS = "DELETE" + UNUSED_CONTENTS;
    /** Alerts raised before the cut-off with no delivery left to make and no ack (a review is never deleted). */
    private static final String DONE_ALERTS = "SELECT id FROM alerts WHERE raised_at < ? AND NOT EXISTS"
            + " (SELECT 1 FROM deliveries d WHERE d.alert_id = alerts.id AND d.status <> 'sent')"
            + " AND NOT EXISTS (SELECT 1 FROM acks k WHERE k.alert_id = alerts.id)";
    private static final String DELETE_DONE_DELIVERIES = "DELETE FROM deliveries WHERE alert_id IN (" + DONE_ALERTS + ")";
    private static final String DELETE_DONE_ALERTS = "DELETE FROM alerts WHERE id IN (" + DONE_ALERTS + ")";

    private Pruning() {
    }

    /** Check counts of whole UTC days before the cutoff's day: reports cannot ask for a period older than retention. */
    private static final String DELETE_OLD_CHECKS = "DELETE FROM checks WHERE day < ?";
    /** Sent reports before the cutoff, but the newest, whose row keeps a restart from mailing its fire time again. */
    private static final String DELETE_OLD_REPORTS = "DELETE FROM report_mails WHERE status = 'sent' AND fire_time < ?"
            + " AND fire_time < (SELECT MAX(fire_time) FROM report_mails)";

    static Pruned prune(Transaction tx, int keepVersions, Instant keepSince) throws SQLException {
        long cutoff = Columns.millis(keepSince);
        List<Pruned.Output> outputs = new ArrayList<>();
        PreparedStatement old = tx.sql(COUNT_OLD_VERSIONS);
        old.setLong(1, cutoff);
        old.setInt(2, keepVersions);
        try (ResultSet row = old.executeQuery()) {
            while (row.next()) {
                outputs.add(new Pruned.Output(row.getString("host"), row.getString("command"), row.getInt("versions")));
            }
        }
        PreparedStatement deleteVersions = tx.sql(DELETE_OLD_VERSIONS);
        deleteVersions.setLong(1, cutoff);
        deleteVersions.setInt(2, keepVersions);
        deleteVersions.executeUpdate();
        int contents;
        long bytes;
        try (ResultSet row = tx.sql(COUNT_UNUSED_CONTENTS).executeQuery()) {
            row.next();
            contents = row.getInt(1);
            bytes = row.getLong(2);
        }
        tx.sql(DELETE_UNUSED_CONTENTS).executeUpdate();
        PreparedStatement deliveries = tx.sql(DELETE_DONE_DELIVERIES);
        deliveries.setLong(1, cutoff);
        deliveries.executeUpdate();
        PreparedStatement alerts = tx.sql(DELETE_DONE_ALERTS);
        alerts.setLong(1, cutoff);
        int removedAlerts = alerts.executeUpdate();
        PreparedStatement checks = tx.sql(DELETE_OLD_CHECKS);
        checks.setLong(1, Math.floorDiv(cutoff, Duration.ofDays(1).toMillis()));
        checks.executeUpdate();
        PreparedStatement reports = tx.sql(DELETE_OLD_REPORTS);
        reports.setLong(1, cutoff);
        reports.executeUpdate();
        return new Pruned(outputs, contents, bytes, removedAlerts);
    }
}
