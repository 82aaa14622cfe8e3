package dev.fleetdiff.schedule;

import java.time.Duration;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Where a clustered schedule keeps its jobs and triggers: Quartz's tables (under {@code tablePrefix}) in a PostgreSQL
 * database shared by every node, reached through the app's own pool.
 *
 * @param dataSource      connections to the cluster's database; the app owns and closes it
 * @param tablePrefix     start of the Quartz table names (settings.cluster_table_prefix)
 * @param nodeId          this node's Quartz instance id, unique in the cluster
 * @param checkinInterval how often the node tells the others it is alive, and checks whether one of them died
 */
public record ClusterJobStore(DataSource dataSource, String tablePrefix, String nodeId, Duration checkinInterval) {
    /** Scheduler name every node shares: Quartz clusters the schedulers of one name on one set of tables. */
    public static final String SCHEDULER_NAME = "fleetdiff";
    /**
     * A dead node is noticed by the next check-in of another after its last check-in plus this interval plus Quartz's
     * 7.5 s grace, so about 18 s at worst; its fire times not yet started are polled by the others from then on.
     */
    public static final Duration CHECKIN_INTERVAL = Duration.ofSeconds(5);
    /** Quartz adds this to a node's check-in interval before it counts the node as dead. */
    public static final Duration CHECKIN_GRACE = Duration.ofMillis(7_500);
    /** The table prefix becomes part of unquoted SQL in Quartz's statements, so only this shape is allowed. */
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

    /** Connections the scheduler needs besides one per poll in flight: acquiring, check-in, misfire handling. */
    public static final int SCHEDULER_CONNECTIONS = 3;

    public ClusterJobStore {
        if (!PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("table prefix " + tablePrefix + " is not lower-case letters, digits"
                    + " and '_'");
        }
    }

    /** The smallest pool for a node that polls {@code concurrency} hosts at once. */
    public static int poolSize(int concurrency) {
        return concurrency + SCHEDULER_CONNECTIONS;
    }

    /** How long after its last check-in a node counts as dead. */
    public Duration deadAfter() {
        return checkinInterval.plus(CHECKIN_GRACE);
    }
}
