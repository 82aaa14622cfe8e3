package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exceptions become exit codes in one place: the user's mistakes exit 2, fleetdiff's own failures exit 4. */
class ExitCodesTest {
    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aStoreFailureIsAnInternalErrorWithOneLineAndTheStackTraceOnlyAtVerbose() throws SQLException {
        fleet = new CliFleet(dir, "", "web1").reply("web1", "tcp 22\n");
        assertThat(fleet.run("poll", "--all").exit()).isZero();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fleetdiff.db"));
             Statement statement = db.createStatement()) {
            statement.execute("DROP TABLE runs");
        }

        CliFleet.Run quiet = fleet.run("status");
        assertThat(quiet.exit()).isEqualTo(ExitCodes.INTERNAL).isEqualTo(4);
        assertThat(quiet.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("fleetdiff: internal error (exit 4): ").contains("cannot read host status")
                .endsWith("; rerun with -v for the stack trace"));

        CliFleet.Run verbose = fleet.run("status", "-v");
        assertThat(verbose.exit()).isEqualTo(4);
        assertThat(verbose.err()).contains("fleetdiff: internal error (exit 4): ")
                .contains("\tat dev.fleetdiff.store.jdbc.JdbcStore");
    }

    @Test
    void userMistakesStayUsageErrorsWithoutAStackTrace() {
        fleet = new CliFleet(dir, "", "web1");
        CliFleet.Run unknown = fleet.run("poll", "--host", "nope", "-v");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("fleetdiff: unknown host 'nope'").doesNotContain("\tat ")
                .doesNotContain("internal error");

        CliFleet.Run database = fleet.run("status", "--db", "jdbc:mysql://db/fleet?password=s3cret");
        assertThat(database.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(database.err()).contains("unsupported URL").doesNotContain("s3cret");
    }
}
