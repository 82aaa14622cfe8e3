package dev.fleetdiff.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates the clustered scheduler's tables from the script Quartz ships for PostgreSQL, under the configured prefix,
 * and seeds the rows of its two locks: a fresh database then never has two nodes racing to insert them. Idempotent,
 * under an advisory lock, in one transaction.
 */
final class QuartzTables {
    /** Quartz's own DDL for PostgreSQL, in the Quartz jar; the tables match the Quartz version on the classpath. */
    static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** The locks Quartz's clustered job store takes, one row each per scheduler name. */
    static final List<String> LOCKS = List.of("TRIGGER_ACCESS", "STATE_ACCESS");
    /** Advisory lock key of table creation, apart from the store's migration lock. */
    private static final long CREATE_LOCK_KEY = 0x666c_6474_7172_747aL;
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");
    private static final Pattern CREATE = Pattern.compile("CREATE (TABLE|INDEX) ");

    private QuartzTables() {
    }

    /** Creates what is missing, in the caller's transaction. */
    static void create(Connection connection, String prefix, String schedulerName) throws SQLException {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix " + prefix + " is not lower-case letters, digits and _");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK_KEY + ")");
            for (String sql : statements(prefix)) {
                statement.execute(sql);
            }
        }
        for (String lock : LOCKS) {
            JdbcCluster.update(connection, "INSERT INTO " + prefix + "LOCKS (SCHED_NAME, LOCK_NAME) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING", schedulerName, lock);
        }
    }

    /** Quartz's script without its DROP and COMMIT statements, with the prefix and IF NOT EXISTS. */
    static List<String> statements(String prefix) {
        return Schema.statements(read()).stream()
                .filter(sql -> sql.startsWith("CREATE "))
                .map(sql -> CREATE.matcher(sql).replaceFirst("CREATE $1 IF NOT EXISTS "))
                .map(sql -> sql.replace("QRTZ_", prefix))
                .toList();
    }

    private static String read() {
        try (InputStream in = QuartzTables.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath: the Quartz jar is not the"
                        + " one fleetdiff was built with");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }
}
