package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.CheckCount;
import dev.fleetdiff.store.LatestHash;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The reads of outliers and period reports, and the per-day check counters the poll's transaction keeps. */
final class Audits {
    /** Width of one checks row: a UTC day. */
    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private static final String LATEST_HASHES = "SELECT host, hash, number, status, error, last_polled FROM latest"
            + " WHERE command = ? ORDER BY host";
    private static final String RUNS = "SELECT host, seq, started, last_started, ended, result, error, polls"
            + " FROM runs WHERE started < ? AND ended >= ? ORDER BY host, seq";
    private static final String CHECKS = "SELECT host, command, SUM(ok) AS ok, SUM(failed) AS failed FROM checks"
            + " WHERE day >= ? AND day <= ? GROUP BY host, command ORDER BY host, command";
    private static final String COUNT = "INSERT INTO checks (host, command, day, ok, failed) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (host, command, day) DO UPDATE SET ok = checks.ok + excluded.ok,"
            + " failed = checks.failed + excluded.failed";

    private Audits() {
    }

    /** Counts one check of a command on a host, on the UTC day it was seen. */
    static void count(Transaction tx, String host, OutputRecord outcome, Instant seen) throws SQLException {
        PreparedStatement count = tx.sql(COUNT);
        count.setString(1, host);
        count.setString(2, outcome.command());
        count.setLong(3, Math.floorDiv(Columns.millis(seen), DAY_MILLIS));
        count.setInt(4, outcome.ok() ? 1 : 0);
        count.setInt(5, outcome.ok() ? 0 : 1);
        count.executeUpdate();
    }

    static List<LatestHash> latestHashes(Connection connection, String command) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LATEST_HASHES)) {
            query.setString(1, command);
            List<LatestHash> all = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    int number = row.getInt("number");
                    all.add(new LatestHash(row.getString("host"), Columns.optionalText(row, "hash"), number,
                            row.getString("status"), Columns.optionalText(row, "error"),
                            Columns.instant(row, "last_polled")));
                }
            }
            return all;
        }
    }

    static List<PollRun> runs(Connection connection, Instant from, Instant to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(RUNS)) {
            query.setLong(1, Columns.millis(to));
            query.setLong(2, Columns.millis(from));
            List<PollRun> all = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    all.add(new PollRun(row.getString("host"), row.getInt("seq"), Columns.instant(row, "started"),
                            Columns.instant(row, "last_started"), Columns.instant(row, "ended"),
                            row.getString("result"), Columns.optionalText(row, "error"), row.getInt("polls")));
                }
            }
            return all;
        }
    }

    static List<CheckCount> checks(Connection connection, Instant from, Instant to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(CHECKS)) {
            query.setLong(1, Math.floorDiv(Columns.millis(from), DAY_MILLIS));
            query.setLong(2, Math.floorDiv(Columns.millis(to) - 1, DAY_MILLIS));
            List<CheckCount> all = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    all.add(new CheckCount(row.getString("host"), row.getString("command"), row.getLong("ok"),
                            row.getLong("failed")));
                }
            }
            return all;
        }
    }
}
