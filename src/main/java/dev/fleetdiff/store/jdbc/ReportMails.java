package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.store.ReportMail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The report_mails table: scheduled reports to mail, one row per fire time, kept until sent. */
final class ReportMails {
    private static final String QUEUE = "INSERT INTO report_mails (fire_time, since, status, attempts, next_attempt)"
            + " VALUES (?, ?, 'pending', 0, ?) ON CONFLICT (fire_time) DO NOTHING";
    private static final String PENDING = "SELECT fire_time, since, attempts FROM report_mails"
            + " WHERE status = 'pending' AND next_attempt <= ? ORDER BY fire_time";
    private static final String SENT = "UPDATE report_mails SET status = 'sent', sent_at = ?, last_error = NULL"
            + " WHERE fire_time = ?";
    private static final String FAILED = "UPDATE report_mails SET attempts = attempts + 1, last_error = ?,"
            + " next_attempt = ? WHERE fire_time = ? AND status = 'pending'";

    private ReportMails() {
    }

    static boolean queue(Transaction tx, Instant fireTime, Instant since) throws SQLException {
        PreparedStatement insert = tx.sql(QUEUE);
        insert.setLong(1, Columns.millis(fireTime));
        insert.setLong(2, Columns.millis(since));
        insert.setLong(3, Columns.millis(fireTime));
        return insert.executeUpdate() == 1;
    }

    static List<ReportMail> pending(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(PENDING)) {
            query.setLong(1, Columns.millis(now));
            List<ReportMail> all = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    all.add(new ReportMail(Columns.instant(row, "fire_time"), Columns.instant(row, "since"),
                            row.getInt("attempts")));
                }
            }
            return all;
        }
    }

    static void sent(Transaction tx, Instant fireTime, Instant at) throws SQLException {
        PreparedStatement update = tx.sql(SENT);
        update.setLong(1, Columns.millis(at));
        update.setLong(2, Columns.millis(fireTime));
        update.executeUpdate();
    }

    static void failed(Transaction tx, Instant fireTime, String error, Instant retryAt) throws SQLException {
        PreparedStatement update = tx.sql(FAILED);
        update.setString(1, Columns.text(error));
        update.setLong(2, Columns.millis(retryAt));
        update.setLong(3, Columns.millis(fireTime));
        update.executeUpdate();
    }
}
