package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The contents, versions and latest tables: each distinct output stored once, a version only when it changed. */
final class Outputs {
    private static final String LATEST_OF =
            "SELECT number, hash FROM latest WHERE host = ? AND command = ?";
    private static final String NUMBER_OF =
            "SELECT number FROM latest WHERE host = ? AND command = ?";
    private static final String INSERT_CONTENT =
            "INSERT INTO contents (hash, output) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING";
    private static final String INSERT_VERSION = "INSERT INTO versions"
            + " (host, command, number, hash, first_seen, last_seen, truncated) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String TOUCH_VERSION =
            "UPDATE versions SET last_seen = ? WHERE host = ? AND command = ? AND number = ?";
    private static final String UPSERT_OK = "INSERT INTO latest"
            + " (host, command, number, hash, status, exit_status, error, last_polled) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (host, command) DO UPDATE SET number = excluded.number, hash = excluded.hash,"
            + " status = excluded.status, exit_status = excluded.exit_status, error = excluded.error,"
            + " last_polled = excluded.last_polled";
    private static final String UPSERT_FAILURE = "INSERT INTO latest"
            + " (host, command, status, exit_status, error, last_polled) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (host, command) DO UPDATE SET status = excluded.status,"
            + " exit_status = excluded.exit_status, error = excluded.error, last_polled = excluded.last_polled";
    private static final String SELECT_VERSIONS = "SELECT v.host, v.command, v.number, v.hash, c.output,"
            + " v.first_seen, v.last_seen, v.truncated FROM versions v JOIN contents c ON c.hash = v.hash";
    private static final String LATEST_VERSION = SELECT_VERSIONS
            + " JOIN latest l ON l.host = v.host AND l.command = v.command AND l.number = v.number"
            + " WHERE v.host = ? AND v.command = ?";
    private static final String HISTORY = SELECT_VERSIONS
            + " WHERE v.host = ? AND v.command = ? ORDER BY v.number";
    private static final String ONE_VERSION = SELECT_VERSIONS
            + " WHERE v.host = ? AND v.command = ? AND v.number = ?";

    /** A command outcome with its output's bytes and hash, computed by the caller's thread, not the writer's. */
    record Observed(OutputRecord outcome, byte[] bytes, String hash) {
        static Observed of(OutputRecord outcome) {
            if (!outcome.ok()) {
                return new Observed(outcome, new byte[0], "");
            }
            byte[] bytes = outcome.output().getBytes(StandardCharsets.UTF_8);
            return new Observed(outcome, bytes, sha256(bytes));
        }
    }

    private Outputs() {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    /** Records one command outcome seen at {@code seen}: a new version if the output changed, else last_seen only. */
    static void write(Transaction tx, String host, Instant seen, Observed observed) throws SQLException {
        OutputRecord outcome = observed.outcome();
        if (!outcome.ok()) {
            PreparedStatement upsert = tx.sql(UPSERT_FAILURE);
            upsert.setString(1, host);
            upsert.setString(2, outcome.command());
            upsert.setString(3, outcome.status());
            Columns.setInteger(upsert, 4, outcome.exitStatus());
            Columns.setText(upsert, 5, outcome.error());
            upsert.setLong(6, Columns.millis(seen));
            upsert.executeUpdate();
            return;
        }
        int number = storeVersion(tx, host, seen, observed);
        PreparedStatement upsert = tx.sql(UPSERT_OK);
        upsert.setString(1, host);
        upsert.setString(2, outcome.command());
        upsert.setInt(3, number);
        upsert.setString(4, observed.hash());
        upsert.setString(5, outcome.status());
        Columns.setInteger(upsert, 6, outcome.exitStatus());
        Columns.setText(upsert, 7, outcome.error());
        upsert.setLong(8, Columns.millis(seen));
        upsert.executeUpdate();
    }

    /** The number of the version the output belongs to, inserting it (and its content) if the hash changed. */
    private static int storeVersion(Transaction tx, String host, Instant seen, Observed observed) throws SQLException {
        String command = observed.outcome().command();
        PreparedStatement latest = tx.sql(LATEST_OF);
        latest.setString(1, host);
        latest.setString(2, command);
        int number = 0;
        String hash = null;
        try (ResultSet row = latest.executeQuery()) {
            if (row.next()) {
                number = row.getInt("number");
                hash = row.getString("hash");
            }
        }
        if (observed.hash().equals(hash)) {
            PreparedStatement touch = tx.sql(TOUCH_VERSION);
            touch.setLong(1, Columns.millis(seen));
            touch.setString(2, host);
            touch.setString(3, command);
            touch.setInt(4, number);
            touch.executeUpdate();
            return number;
        }
        PreparedStatement content = tx.sql(INSERT_CONTENT);
        content.setString(1, observed.hash());
        content.setBytes(2, observed.bytes());
        content.executeUpdate();
        PreparedStatement version = tx.sql(INSERT_VERSION);
        version.setString(1, host);
        version.setString(2, command);
        version.setInt(3, number + 1);
        version.setString(4, observed.hash());
        version.setLong(5, Columns.millis(seen));
        version.setLong(6, Columns.millis(seen));
        version.setInt(7, Columns.flag(observed.outcome().truncated()));
        version.executeUpdate();
        return number + 1;
    }

    static Optional<Version> latest(Connection connection, String host, String command) throws SQLException {
        return versions(connection, LATEST_VERSION, host, command).stream().findFirst();
    }

    /** True if the command has a row in latest (some outcome was recorded) without a version number (none good). */
    static boolean onlyFailures(Connection connection, String host, String command) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(NUMBER_OF)) {
            query.setString(1, host);
            query.setString(2, command);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                row.getInt("number");
                return row.wasNull();
            }
        }
    }

    static List<Version> history(Connection connection, String host, String command) throws SQLException {
        return versions(connection, HISTORY, host, command);
    }

    static Optional<Version> version(Connection connection, String host, String command, int number)
            throws SQLException {
        return versions(connection, ONE_VERSION, host, command, number).stream().findFirst();
    }

    private static List<Version> versions(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<Version> versions = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    versions.add(new Version(row.getString("host"), row.getString("command"), row.getInt("number"),
                            row.getString("hash"), new String(row.getBytes("output"), StandardCharsets.UTF_8),
                            Columns.instant(row, "first_seen"), Columns.instant(row, "last_seen"),
                            Columns.flag(row, "truncated")));
                }
            }
            return versions;
        }
    }
}
