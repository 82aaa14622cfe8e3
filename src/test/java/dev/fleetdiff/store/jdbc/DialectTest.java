package dev.fleetdiff.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Database URLs in messages and logs never show a password. */
class DialectTest {
    private static final String SECRET = "s3cr/et";

    @Test
    void redactMasksQueryPasswordsAndTheAuthoritysPassword() {
        assertThat(Dialect.redact("jdbc:postgresql://db:5432/fd?user=audit&password=" + SECRET + "&sslpassword=k@y"))
                .isEqualTo("jdbc:postgresql://db:5432/fd?user=audit&password=***&sslpassword=***");
        assertThat(Dialect.redact("jdbc:postgresql://audit:" + SECRET + "@db:5432/fd"))
                .isEqualTo("jdbc:postgresql://audit:***@db:5432/fd");
        assertThat(Dialect.redact("jdbc:postgresql://db:5432/fd")).isEqualTo("jdbc:postgresql://db:5432/fd");
        assertThat(Dialect.redact("jdbc:sqlite:/var/lib/fleetdiff/fleetdiff.db"))
                .isEqualTo("jdbc:sqlite:/var/lib/fleetdiff/fleetdiff.db");
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsNamedWithoutItsPasswordInTheErrorOrTheDriversLog() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger driverLog = Logger.getLogger("org.postgresql");
        driverLog.addHandler(handler);
        try {
            openEach();
        } finally {
            driverLog.removeHandler(handler);
        }
        assertThat(logged).noneMatch(line -> line.contains(SECRET) || line.contains("cr/et"));
    }

    @Test
    void aPostgresqlUrlWithTheUserBeforeTheHostIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:postgresql://audit:" + SECRET + "@db:5432/fd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settings.database: 'jdbc:postgresql://audit:***@db:5432/fd' names the user before the host, "
                        + "which the PostgreSQL driver does not read; write jdbc:postgresql://host:5432/db?user=NAME "
                        + "with the password in ~/.pgpass (or &password=)");
    }

    private static void openEach() {
        for (String url : new String[] {"jdbc:postgresql://audit:" + SECRET + "@127.0.0.1:1/fd",
                "jdbc:postgresql://127.0.0.1:1/fd?user=audit&password=" + SECRET,
                "jdbc:mysql://audit:" + SECRET + "@127.0.0.1:1/fd"}) {
            assertThatThrownBy(() -> JdbcStore.open(url).close()).as(url)
                    .satisfies(e -> assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain(SECRET)
                            .doesNotContain("cr/et"));
        }
    }
}
