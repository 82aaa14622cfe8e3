package dev.fleetdiff.schedule;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.quartz.utils.DBConnectionManager;

/** Quartz's settings for a node of a cluster: the clustered JDBC job store on PostgreSQL over the app's pool. */
final class ClusterProperties {
    /**
     * Triggers one node takes from the store per loop, at most: small, so that a whole sweep's fire times are not all
     * taken by whichever node asks first; the loop runs again as soon as they have fired.
     */
    static final int TRIGGER_BATCH = 20;
    /** Start of the name under which the pool is known to Quartz's connection registry, one per schedule. */
    private static final String DATA_SOURCE_PREFIX = "fleetdiff-cluster-";

    private ClusterProperties() {
    }

    static Properties of(ClusterJobStore store, int concurrency, Duration misfireThreshold) {
        // Quartz finds connection providers in a process-wide registry by name: a name of its own per schedule.
        String dataSource = DATA_SOURCE_PREFIX + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PooledConnections(store.dataSource()));
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", ClusterJobStore.SCHEDULER_NAME);
        props.setProperty("org.quartz.scheduler.instanceId", store.nodeId());
        props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        props.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        props.setProperty("org.quartz.jobStore.driverDelegateInitString",
                "triggerPersistenceDelegateClasses=" + OffsetCronPersistence.class.getName());
        props.setProperty("org.quartz.jobStore.dataSource", dataSource);
        props.setProperty("org.quartz.jobStore.tablePrefix", store.tablePrefix());
        props.setProperty("org.quartz.jobStore.isClustered", "true");
        props.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(store.checkinInterval().toMillis()));
        props.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
        // Job data is kept as strings, never as serialized Java objects.
        props.setProperty("org.quartz.jobStore.useProperties", "true");
        // Quartz requires this when it takes more than one trigger per loop.
        props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                Integer.toString(Math.min(concurrency, TRIGGER_BATCH)));
        return props;
    }
}
