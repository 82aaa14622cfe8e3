package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.store.CommandStatus;
import dev.fleetdiff.store.LatestOutput;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.HostBytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The contents, versions and latest tables: each distinct output stored once, a version only when it changed. */
final class Outputs {
    private static final String LATEST_OF =
            "SELECT number, hash FROM latest WHERE host = ? AND command = ?";
    private static final String OUTCOME_OF =
            "SELECT status, error, last_polled FROM latest WHERE host = ? AND command = ?";
    private static final String NUMBER_OF =
            "SELECT number FROM latest WHERE host = ? AND command = ?";
    private static final String INSERT_CONTENT =
            "INSERT INTO contents (hash, output) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING";
    private static final String INSERT_VERSION = "INSERT INTO versions"
            + " (host, command, number, hash, first_seen, last_seen, truncated) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String TOUCH_VERSION = "UPDATE versions SET last_seen ="
            + " CASE WHEN last_seen < ? THEN ? ELSE last_seen END WHERE host = ? AND command = ? AND number = ?";
    private static final String UPSERT_OK = "INSERT INTO latest"
            + " (host, command, number, hash, status, exit_status, error, last_polled) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (host, command) DO UPDATE SET number = excluded.number, hash = excluded.hash,"
            + " status = excluded.status, exit_status = excluded.exit_status, error = excluded.error,"
            + " last_polled = excluded.last_polled WHERE COALESCE(latest.number, 0) = ?";
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

    private static final String LATEST_HOSTS = "SELECT host, hash FROM latest WHERE command = ? AND hash IS NOT NULL"
            + " ORDER BY host";
    private static final String LATEST_CONTENTS = "SELECT c.hash, c.output FROM contents c WHERE c.hash IN"
            + " (SELECT hash FROM latest WHERE command = ? AND hash IS NOT NULL)";

    /**
     * A command outcome with its output's bytes (exactly as the host sent them, see {@link HostBytes}) and their
     * hash, computed by the caller's thread, not the writer's.
     */
    record Observed(OutputRecord outcome, byte[] bytes, String hash) {
        static Observed of(OutputRecord outcome) {
            if (!outcome.ok()) {
                return new Observed(outcome, new byte[0], "");
            }
            byte[] bytes = HostBytes.encode(outcome.output());
            return new Observed(outcome, bytes, sha256(bytes));
        }
    }

    /** The latest version of a command on a host as the writer's transaction sees it. */
    record Latest(int number, String hash) {
        /** No version stored yet. */
        static final Latest NONE = new Latest(OutputRecord.NO_VERSION, null);
    }

    /**
     * Another transaction moved a latest version between this one's read and its write (PostgreSQL, where the two
     * run at once; SQLite runs writers one after another, so there the read already sees the move).
     */
    static final class LostRace extends SQLException {
        private static final long serialVersionUID = 1L;

        LostRace(String host, String command) {
            super("another writer recorded a newer version of " + command + " on " + host + " meanwhile");
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

    /**
     * The latest version of each outcome's command as this transaction sees it ({@link Latest#NONE} for failures, which
     * need none), or empty if an output was compared with a version that is no longer the latest.
     */
    static Optional<List<Latest>> baselines(Transaction tx, String host, List<Observed> outcomes)
            throws SQLException {
        List<Latest> baselines = new ArrayList<>(outcomes.size());
        for (Observed observed : outcomes) {
            if (!observed.outcome().ok()) {
                baselines.add(Latest.NONE);
                continue;
            }
            Latest latest = latest(tx, host, observed.outcome().command());
            if (observed.outcome().comparedWith().filter(number -> number != latest.number()).isPresent()) {
                return Optional.empty();
            }
            baselines.add(latest);
        }
        return Optional.of(baselines);
    }

    /**
     * Records one command outcome seen at {@code seen}: a new version if the output differs from {@code baseline},
     * else last_seen only. The latest row moves only if it still holds {@code baseline}, else {@link LostRace}.
     */
    static void write(Transaction tx, String host, Instant seen, Observed observed, Latest baseline)
            throws SQLException {
        OutputRecord outcome = observed.outcome();
        Audits.count(tx, host, outcome, seen);
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
        boolean unchanged = observed.hash().equals(baseline.hash());
        int number = unchanged ? baseline.number() : baseline.number() + 1;
        // First, so that on PostgreSQL a concurrent writer of the same row waits here, then finds it moved.
        PreparedStatement upsert = tx.sql(UPSERT_OK);
        upsert.setString(1, host);
        upsert.setString(2, outcome.command());
        upsert.setInt(3, number);
        upsert.setString(4, observed.hash());
        upsert.setString(5, outcome.status());
        Columns.setInteger(upsert, 6, outcome.exitStatus());
        Columns.setText(upsert, 7, outcome.error());
        upsert.setLong(8, Columns.millis(seen));
        upsert.setInt(9, baseline.number());
        if (upsert.executeUpdate() == 0) {
            throw new LostRace(host, outcome.command());
        }
        if (unchanged) {
            touchVersion(tx, host, outcome.command(), number, seen);
        } else {
            insertVersion(tx, host, number, seen, observed);
        }
    }

    private static Latest latest(Transaction tx, String host, String command) throws SQLException {
        PreparedStatement latest = tx.sql(LATEST_OF);
        latest.setString(1, host);
        latest.setString(2, command);
        try (ResultSet row = latest.executeQuery()) {
            if (row.next() && row.getString("hash") != null) {
                return new Latest(row.getInt("number"), row.getString("hash"));
            }
        }
        return Latest.NONE;
    }

    /** Moves last_seen forward only: a poll that ended before another writer's never makes it go back. */
    private static void touchVersion(Transaction tx, String host, String command, int number, Instant seen)
            throws SQLException {
        PreparedStatement touch = tx.sql(TOUCH_VERSION);
        touch.setLong(1, Columns.millis(seen));
        touch.setLong(2, Columns.millis(seen));
        touch.setString(3, host);
        touch.setString(4, command);
        touch.setInt(5, number);
        touch.executeUpdate();
    }

    private static void insertVersion(Transaction tx, String host, int number, Instant seen, Observed observed)
            throws SQLException {
        PreparedStatement content = tx.sql(INSERT_CONTENT);
        content.setString(1, observed.hash());
        content.setBytes(2, observed.bytes());
        content.executeUpdate();
        PreparedStatement version = tx.sql(INSERT_VERSION);
        version.setString(1, host);
        version.setString(2, observed.outcome().command());
        version.setInt(3, number);
        version.setString(4, observed.hash());
        version.setLong(5, Columns.millis(seen));
        version.setLong(6, Columns.millis(seen));
        version.setInt(7, Columns.flag(observed.outcome().truncated()));
        version.executeUpdate();
    }

    static Optional<Version> latest(Connection connection, String host, String command) throws SQLException {
        return versions(connection, LATEST_VERSION, host, command).stream().findFirst();
    }

    /** How the latest poll of the command on the host ended, from its row in latest. */
    static Optional<CommandStatus> lastOutcome(Connection connection, String host, String command)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(OUTCOME_OF)) {
            query.setString(1, host);
            query.setString(2, command);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new CommandStatus(row.getString("status"),
                        Columns.optionalText(row, "error"), Columns.instant(row, "last_polled"))) : Optional.empty();
            }
        }
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

    /**
     * The latest output of a command on every host, each distinct output read once: at 10,000 hosts most print one of
     * a few outputs, so this reads the host names and a few contents rather than 10,000 outputs.
     */
    static List<LatestOutput> latestOutputs(Connection connection, String command) throws SQLException {
        Map<String, List<String>> hostsByHash = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(LATEST_HOSTS)) {
            query.setString(1, command);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    hostsByHash.computeIfAbsent(row.getString("hash"), h -> new ArrayList<>()).add(row.getString("host"));
                }
            }
        }
        List<LatestOutput> outputs = new ArrayList<>(hostsByHash.size());
        try (PreparedStatement query = connection.prepareStatement(LATEST_CONTENTS)) {
            query.setString(1, command);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    List<String> hosts = hostsByHash.get(row.getString("hash"));
                    if (hosts != null) {    // a host moved to another output between the two reads
                        outputs.add(new LatestOutput(row.getString("hash"), HostBytes.decode(row.getBytes("output")),
                                hosts));
                    }
                }
            }
        }
        return outputs;
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
                            row.getString("hash"), HostBytes.decode(row.getBytes("output")),
                            Columns.instant(row, "first_seen"), Columns.instant(row, "last_seen"),
                            Columns.flag(row, "truncated")));
                }
            }
            return versions;
        }
    }
}
