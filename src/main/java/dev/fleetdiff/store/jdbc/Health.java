package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.HealthAlerts;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.PollRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The host_health table: each host's episode (ok, failing, stale). Every change of state is a conditional UPDATE, so of
 * two writers that see the same transition (two processes on one database) exactly one changes the row and records the
 * episode's alert; the other's UPDATE matches nothing.
 */
final class Health {
    private static final String SEE = "INSERT INTO host_health (host, state, since, failures, first_seen)"
            + " VALUES (?, 'ok', ?, 0, ?) ON CONFLICT (host) DO NOTHING";
    private static final String LOCK = "UPDATE host_health SET failures = failures WHERE host = ?";
    private static final String RECOVER = "UPDATE host_health SET state = 'ok', since = ?"
            + " WHERE host = ? AND state <> 'ok'";
    private static final String GOOD = "UPDATE host_health SET failures = 0, reason = NULL,"
            + " last_good = CASE WHEN last_good IS NULL OR last_good < ? THEN ? ELSE last_good END WHERE host = ?";
    private static final String FAILED = "UPDATE host_health SET failures = failures + 1, reason = ? WHERE host = ?";
    private static final String FAIL = "UPDATE host_health SET state = 'failing', since = ?"
            + " WHERE host = ? AND state = 'ok' AND failures >= ?";
    private static final String STALE = "UPDATE host_health SET state = 'stale', since = ?"
            + " WHERE host = ? AND state = 'ok' AND COALESCE(last_good, first_seen) < ?";
    private static final String SELECT = "SELECT host, state, since, failures, first_seen, last_good, reason"
            + " FROM host_health";

    private Health() {
    }

    /**
     * Moves the host's episode by one poll and records the alert of the transition it made, if any; the caller holds
     * the host's {@link #lock}.
     */
    static void write(Transaction tx, PollRecord poll, HealthAlerts alerts) throws SQLException {
        if (poll.ok()) {
            boolean recovered = update(tx, RECOVER, Columns.millis(poll.ended()), poll.host()) == 1;
            long ended = Columns.millis(poll.ended());
            update(tx, GOOD, ended, ended, poll.host());
            if (recovered) {
                if (alerts.ifRecovered().isPresent()) {
                    Outbox.write(tx, alerts.ifRecovered().get());
                }
            }
            return;
        }
        update(tx, FAILED, Columns.text(poll.error().orElse(poll.result())), poll.host());
        if (update(tx, FAIL, Columns.millis(poll.ended()), poll.host(), alerts.failureAlertAfter()) == 1) {
            if (alerts.ifFailing().isPresent()) {
                Outbox.write(tx, alerts.ifFailing().get());
            }
        }
    }

    /**
     * Takes the host's row lock for the rest of the transaction (creating the row first), so that two processes
     * recording polls of one host take turns: each reads the runs, versions and episode the other committed. SQLite
     * has one writer at a time anyway; on PostgreSQL the second writer waits here.
     */
    static void lock(Transaction tx, String host, Instant seen) throws SQLException {
        see(tx, host, seen);
        update(tx, LOCK, host);
    }

    /** Starts the host's staleness clock at {@code now} unless the store already knows the host. */
    static void see(Transaction tx, String host, Instant now) throws SQLException {
        update(tx, SEE, host, Columns.millis(now), Columns.millis(now));
    }

    /** Makes the host stale if it is ok and not polled well since {@code goodBefore}; true if this call did. */
    static boolean stale(Transaction tx, String host, Instant now, Instant goodBefore, Optional<Alert> alert)
            throws SQLException {
        if (update(tx, STALE, Columns.millis(now), host, Columns.millis(goodBefore)) != 1) {
            return false;
        }
        if (alert.isPresent()) {
            Outbox.write(tx, alert.get());
        }
        return true;
    }

    static Optional<HostHealth> of(Connection connection, String host) throws SQLException {
        return query(connection, SELECT + " WHERE host = ?", host).stream().findFirst();
    }

    static List<HostHealth> all(Connection connection) throws SQLException {
        return query(connection, SELECT + " ORDER BY host");
    }

    private static List<HostHealth> query(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<HostHealth> healths = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long lastGood = row.getLong("last_good");
                    Optional<Instant> good = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastGood));
                    healths.add(new HostHealth(row.getString("host"),
                            HostHealth.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                            Columns.instant(row, "since"), row.getInt("failures"), Columns.instant(row, "first_seen"),
                            good, Columns.optionalText(row, "reason")));
                }
            }
            return healths;
        }
    }

    private static int update(Transaction tx, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = tx.sql(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement.executeUpdate();
    }
}
