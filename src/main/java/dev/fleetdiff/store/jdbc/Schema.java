package dev.fleetdiff.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Creates or upgrades the tables: one script per version (V1.sql, ...), applied once, noted in schema_version. */
final class Schema {
    /** The schema version this code reads and writes; scripts V1.sql to V{LATEST}.sql exist beside this class. */
    static final int LATEST = 7;

    private static final String CREATE_VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)";

    private Schema() {
    }

    /** Brings the database to {@link #LATEST} in one transaction, or fails if it is newer than this code. */
    static void migrate(DataSource pool, Dialect dialect, String name, Clock clock) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                Optional<String> lock = dialect.migrationLock();
                if (lock.isPresent()) {
                    statement.execute(lock.get());
                }
                statement.execute(CREATE_VERSION_TABLE);
                int current = current(statement);
                if (current > LATEST) {
                    throw new SQLException(name + " has schema version " + current + " but this fleetdiff knows up to "
                            + LATEST + "; run a newer fleetdiff or point settings.database elsewhere");
                }
                for (int version = current + 1; version <= LATEST; version++) {
                    apply(connection, statement, dialect.ddl(read("V" + version + ".sql")), version, clock);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static int current(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static void apply(Connection connection, Statement statement, String script, int version, Clock clock)
            throws SQLException {
        for (String sql : statements(script)) {
            statement.execute(sql);
        }
        try (PreparedStatement note = connection.prepareStatement(
                "INSERT INTO schema_version (version, applied) VALUES (?, ?)")) {
            note.setInt(1, version);
            note.setLong(2, clock.millis());
            note.executeUpdate();
        }
    }

    /** The statements of a script: "--" comments dropped, split at semicolons (scripts hold no string literals). */
    static List<String> statements(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            int comment = line.indexOf("--");
            code.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String part : code.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    private static String read(String script) {
        try (InputStream in = Schema.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + script + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + script, e);
        }
    }
}
