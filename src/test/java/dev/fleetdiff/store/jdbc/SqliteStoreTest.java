package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.alert;
import static dev.fleetdiff.store.jdbc.Polls.failed;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.withAlerts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.files.PrivateFiles;
import dev.fleetdiff.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite files, plus what only SQLite has: WAL, integrity check, the idle write lock. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    String newDatabase() {
        databases++;
        return "jdbc:sqlite:" + dir.resolve("fleetdiff-" + databases + ".db");
    }

    @Test
    void journalIsWal() {
        assertThat(text("PRAGMA journal_mode")).isEqualTo("wal");
    }

    @Test
    void integrityCheckPassesAfterWrites() {
        store.record(List.of(poll("web1", T0, ok(PORTS, "a")), poll("web2", T0, failed(PORTS, 1, "no"))));
        store.record(List.of(withAlerts(poll("web1", T0.plusSeconds(300), ok(PORTS, "b")),
                alert("a1", "web1", T0, true, true))));
        assertThat(text("PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(text("PRAGMA foreign_key_check")).isNull();
    }

    @Test
    void theDatabaseAndTheWalAndShmFilesSqliteMakesBesideItAreOwnerOnly() throws IOException {
        store.record(List.of(poll("web1", T0, ok(PORTS, "a"))));
        Path db = Path.of(url.substring("jdbc:sqlite:".length()));

        for (Path file : List.of(db, Path.of(db + "-wal"), Path.of(db + "-shm"))) {
            assertThat(file).exists();
            assertThat(PrivateFiles.octal(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("0600");
        }
    }

    @Test
    void anExistingDatabaseOthersCanReadIsReportedWhenOpened() throws IOException {
        Path db = dir.resolve("shared.db");
        Files.createFile(db);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture log = LogCapture.of(PrivateFiles.class)) {
            JdbcStore.open("jdbc:sqlite:" + db).close();
            assertThat(log.warnings()).singleElement().asString().startsWith(db + " is readable or writable by others "
                    + "(mode 0644); it holds every output fleetdiff collected").endsWith("run chmod 600 " + db);
        }
    }

    @Test
    void idleWriterHoldsNoWriteLock() throws SQLException {
        store.record(List.of(poll("web1", T0, ok(PORTS, "a"))));
        try (Connection other = DriverManager.getConnection(url); Statement statement = other.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void otherUrlsAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:mysql://db/fleet?user=a&password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settings.database: unsupported URL 'jdbc:mysql://db/fleet?user=a&password=***';"
                        + " expected jdbc:sqlite:/path/to/fleetdiff.db or jdbc:postgresql://host:5432/db");
    }

    @Test
    void missingDirectoryIsReportedWithThePath() {
        String missing = "jdbc:sqlite:" + dir.resolve("no/such/dir/fleetdiff.db");
        assertThatThrownBy(() -> JdbcStore.open(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open database " + missing + " (settings.database): ");
    }

    private String text(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
