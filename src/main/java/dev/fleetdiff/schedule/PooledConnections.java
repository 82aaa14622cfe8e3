package dev.fleetdiff.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections, taken from the app's pool (Quartz's own pool would be a second, unsized one). The pool
 * belongs to the app: Quartz shutting down leaves it open.
 */
final class PooledConnections implements ConnectionProvider {
    private final DataSource dataSource;

    PooledConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the app closes its pool after the scheduler
    }

    @Override
    public void initialize() {
        // the pool is open already
    }
}
