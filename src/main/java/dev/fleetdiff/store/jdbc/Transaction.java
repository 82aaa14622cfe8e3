package dev.fleetdiff.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's connection with its statements, each prepared once and reused by every request of every batch:
 * preparing costs SQLite more than running a small statement, and most batches hold one or two polls.
 */
final class Transaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Transaction(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The prepared statement for {@code sql}, parameters to be set by the caller. */
    PreparedStatement sql(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /** Closes the statements and the connection; a failure here cannot undo a commit, so it is only logged. */
    @Override
    public void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("cannot close a statement", e);
            }
        }
        prepared.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("cannot close the writer's connection", e);
        }
    }
}
