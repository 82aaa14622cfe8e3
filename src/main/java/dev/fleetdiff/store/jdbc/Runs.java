package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.LastPoll;
import dev.fleetdiff.store.PollRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs table, run-length encoded: a poll with the same result and error as the host's previous one extends that
 * run (ended, polls + 1) instead of adding a row, so an unchanged sweep does not grow the database.
 */
final class Runs {
    /** The result of a poll in which every command succeeded; any other result counts as a failure. */
    static final String OK = PollRecord.OK;

    private static final String LAST_RUN =
            "SELECT seq, result, error FROM runs WHERE host = ? ORDER BY seq DESC LIMIT 1";
    private static final String EXTEND_RUN =
            "UPDATE runs SET last_started = ?, ended = ?, polls = polls + 1 WHERE host = ? AND seq = ?";
    private static final String INSERT_RUN = "INSERT INTO runs"
            + " (host, seq, started, last_started, ended, result, error, polls) VALUES (?, ?, ?, ?, ?, ?, ?, 1)";
    private static final String STATUS = "SELECT r.host, r.last_started, r.ended, r.result, r.error,"
            + " (SELECT COALESCE(SUM(f.polls), 0) FROM runs f WHERE f.host = r.host AND f.result <> '" + OK + "'"
            + "   AND f.seq > (SELECT COALESCE(MAX(o.seq), 0) FROM runs o"
            + "                WHERE o.host = r.host AND o.result = '" + OK + "')) AS failures"
            + " FROM runs r WHERE r.seq = (SELECT MAX(m.seq) FROM runs m WHERE m.host = r.host)"
            + " ORDER BY r.host";

    private Runs() {
    }

    /** Adds the poll to its host's current run if result and error match, else starts a new run. */
    static void write(Transaction tx, PollRecord poll) throws SQLException {
        PreparedStatement last = tx.sql(LAST_RUN);
        last.setString(1, poll.host());
        int seq = 0;
        boolean same = false;
        try (ResultSet row = last.executeQuery()) {
            if (row.next()) {
                seq = row.getInt("seq");
                same = row.getString("result").equals(poll.result())
                        && Objects.equals(row.getString("error"), Columns.text(poll.error().orElse(null)));
            }
        }
        if (same) {
            PreparedStatement extend = tx.sql(EXTEND_RUN);
            extend.setLong(1, Columns.millis(poll.started()));
            extend.setLong(2, Columns.millis(poll.ended()));
            extend.setString(3, poll.host());
            extend.setInt(4, seq);
            extend.executeUpdate();
            return;
        }
        PreparedStatement insert = tx.sql(INSERT_RUN);
        insert.setString(1, poll.host());
        insert.setInt(2, seq + 1);
        insert.setLong(3, Columns.millis(poll.started()));
        insert.setLong(4, Columns.millis(poll.started()));
        insert.setLong(5, Columns.millis(poll.ended()));
        insert.setString(6, poll.result());
        Columns.setText(insert, 7, poll.error());
        insert.executeUpdate();
    }

    /** How the host's latest run ended, if the host was ever polled. */
    static Optional<LastPoll> last(Connection connection, String host) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LAST_RUN)) {
            query.setString(1, host);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new LastPoll(row.getString("result"), Columns.optionalText(row, "error")))
                        : Optional.empty();
            }
        }
    }

    /** Every polled host's last run, its failures since the last good poll, and its pending alerts. */
    static List<HostStatus> status(Connection connection, Map<String, Integer> pendingAlerts) throws SQLException {
        List<HostStatus> hosts = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(STATUS); ResultSet row = query.executeQuery()) {
            while (row.next()) {
                String host = row.getString("host");
                hosts.add(new HostStatus(host, Columns.instant(row, "last_started"), Columns.instant(row, "ended"),
                        row.getString("result"), Columns.optionalText(row, "error"), row.getInt("failures"),
                        pendingAlerts.getOrDefault(host, 0)));
            }
        }
        return hosts;
    }
}
