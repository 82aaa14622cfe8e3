package dev.fleetdiff.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The store contract on an embedded PostgreSQL server, one new database per test; fails if the server cannot start. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStoreTest extends StoreContract {
    private PostgresServer server;
    private int databases;

    @BeforeAll
    void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String newDatabase() throws SQLException {
        databases++;
        return server.createDatabase("store_" + databases);
    }

    @Test
    void userAndPasswordComeFromTheUrlAndStayOutOfMessages() {
        assertThat(url).contains("?user=postgres&password=unused");
        String missing = url.replaceFirst("/store_\\d+\\?", "/no_such_db?");
        assertThatThrownBy(() -> JdbcStore.open(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("password=***").hasMessageNotContaining("unused")
                .hasMessageContaining("no_such_db");
    }
}
