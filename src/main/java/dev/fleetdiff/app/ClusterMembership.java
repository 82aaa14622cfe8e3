package dev.fleetdiff.app;

import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.Settings;
import dev.fleetdiff.schedule.ClusterJobStore;
import dev.fleetdiff.store.ClusterNode;
import dev.fleetdiff.store.ConfigStamp;
import dev.fleetdiff.store.jdbc.JdbcCluster;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as a node of a cluster: joins it (clock and configuration checked first), keeps its clock and
 * configuration checked while it runs, and notes each scheduled poll with its fire time.
 */
final class ClusterMembership implements AutoCloseable {
    /** Scheduled polls noted for status and checks are kept this long. */
    static final Duration POLLS_KEPT = Duration.ofDays(2);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final JdbcCluster cluster;
    private final ClusterJobStore jobStore;
    private final Clock clock;
    private volatile String hash;

    private ClusterMembership(JdbcCluster cluster, ClusterJobStore jobStore, Clock clock, String hash) {
        this.cluster = cluster;
        this.jobStore = jobStore;
        this.clock = clock;
        this.hash = hash;
    }

    /**
     * Joins the cluster on the config's database.
     *
     * @throws UsageException if this node's clock is too far from the database's, or live nodes poll with another
     *                        configuration: the node must not join
     */
    static ClusterMembership join(FleetConfig config, Clock clock) {
        Settings settings = config.settings();
        String node = settings.nodeName().orElseGet(() -> hostName() + "-" + clock.millis());
        JdbcCluster cluster = open(settings, ClusterJobStore.poolSize(settings.concurrency()));
        try {
            ClusterJobStore jobStore = new ClusterJobStore(cluster.dataSource(), settings.clusterTablePrefix(), node,
                    ClusterJobStore.CHECKIN_INTERVAL);
            ClockSkew skew = new ClockSkew(clock.instant(), cluster.databaseTime());
            if (skew.tooLarge()) {
                throw new UsageException("node " + node + " refuses to join the cluster: " + skew.text() + ", more"
                        + " than the " + ClockSkew.REFUSE_ABOVE.toSeconds() + "s a cluster allows; synchronise this"
                        + " machine's clock with the database server's (NTP, chrony) and start again");
            }
            if (skew.worthWarning()) {
                LOG.warn("clock: {}; keep the nodes' and the database's clocks synchronised (NTP)", skew.text());
            }
            String hash = ConfigHash.of(config);
            Optional<ConfigStamp> refused = cluster.join(node, address(), hash, jobStore.deadAfter());
            if (refused.isPresent()) {
                ConfigStamp stored = refused.get();
                throw new UsageException("node " + node + " refuses to join the cluster: its hosts.yaml and rules"
                        + " hash to " + hash + " but the running nodes poll with " + stored.hash() + " (set by "
                        + stored.setBy() + " at " + stored.setAt() + "); give this node the same " + config.file()
                        + " and rules, or adopt the new ones on a running node first (SIGHUP there)");
            }
            return new ClusterMembership(cluster, jobStore, clock, hash);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static JdbcCluster open(Settings settings, int poolSize) {
        try {
            return JdbcCluster.open(settings.databaseUrl(), poolSize, settings.clusterTablePrefix(),
                    ClusterJobStore.SCHEDULER_NAME);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The nodes of the cluster on this config's database, each marked alive or dead, without joining it. */
    static List<NodeState> nodes(Settings settings, Duration period) {
        try (JdbcCluster cluster = open(settings, 2)) {
            return states(cluster, period);
        }
    }

    private static List<NodeState> states(JdbcCluster cluster, Duration period) {
        Instant now = cluster.databaseTime();
        return cluster.nodes(now.minus(period)).stream().map(n -> new NodeState(n, alive(n, now))).toList();
    }

    private static boolean alive(ClusterNode node, Instant now) {
        return node.lastCheckin().map(last -> !last.plus(node.checkinInterval()).plus(ClusterJobStore.CHECKIN_GRACE)
                .isBefore(now)).orElse(false);
    }

    ClusterJobStore jobStore() {
        return jobStore;
    }

    String nodeId() {
        return jobStore.nodeId();
    }

    /** Notes that this node started the poll of the host for the fire time. */
    void recordPoll(String host, Instant fireTime) {
        cluster.recordPoll(host, fireTime, nodeId(), clock.instant());
    }

    /** The clock now against the database's; warns above the warning bound. */
    ClockSkew checkClock() {
        ClockSkew skew = new ClockSkew(clock.instant(), cluster.databaseTime());
        if (skew.tooLarge()) {
            LOG.error("clock: {}, more than the {}s a cluster allows: this node stops firing polls until its clock is"
                    + " synchronised (NTP)", skew.text(), ClockSkew.REFUSE_ABOVE.toSeconds());
        } else if (skew.worthWarning()) {
            LOG.warn("clock: {}; keep the nodes' and the database's clocks synchronised (NTP)", skew.text());
        }
        return skew;
    }

    /** Warns when the cluster's schedule was made from another configuration than this node's. */
    void checkConfig() {
        cluster.config().filter(stored -> !stored.hash().equals(hash)).ifPresent(stored -> LOG.warn(
                "the cluster's schedule was made from hosts.yaml and rules hashing to {} (by {} at {}), this node"
                        + " has {}; give it the same files and send it SIGHUP", stored.hash(), stored.setBy(),
                stored.setAt(), hash));
    }

    /** Makes the config, reloaded on this node, the one the cluster polls with. */
    void adopt(FleetConfig config) {
        String adopted = ConfigHash.of(config);
        cluster.adopt(nodeId(), adopted);
        hash = adopted;
    }

    void forgetOldPolls() {
        cluster.forgetPolls(clock.instant().minus(POLLS_KEPT));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    private static String address() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return local.getHostName() + "/" + local.getHostAddress();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
