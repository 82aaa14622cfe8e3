package dev.fleetdiff.app;

import dev.fleetdiff.store.jdbc.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * scripts/cluster-demo: a throwaway PostgreSQL, a loopback fleet and three {@code fleetdiff run} nodes; kills one
 * with SIGKILL and shows from the store that the others took its hosts over and that no poll was done twice.
 */
public final class ClusterDemo {
    static final int HOSTS = 30;
    static final long PERIOD_MILLIS = 10_000;
    static final Duration SHARED = Duration.ofSeconds(45);
    static final Duration AFTER_KILL = Duration.ofSeconds(45);

    private ClusterDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("fleetdiff-cluster-demo");
        System.out.println("Starting a throwaway PostgreSQL (the embedded binaries the tests use) ...");
        try (PostgresServer server = PostgresServer.start()) {
            String url = server.createDatabase("cluster_demo");
            System.out.println("Starting " + HOSTS + " loopback hosts and three nodes (logs in " + dir + ") ...");
            try (ClusterNodes cluster = ClusterNodes.start(dir, HOSTS, "0/10 * * * * ?", "10s", url)) {
                Map<String, Process> nodes = cluster.nodes(List.of("node1", "node2", "node3"));
                long start = System.currentTimeMillis();
                System.out.printf("Three nodes poll %d hosts every 10 s; waiting %d s ...%n", HOSTS,
                        SHARED.toSeconds());
                Thread.sleep(SHARED.toMillis());
                nodes.get("node3").destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                long killed = System.currentTimeMillis();
                System.out.printf("SIGKILL node3; waiting %d s ...%n", AFTER_KILL.toSeconds());
                Thread.sleep(AFTER_KILL.toMillis());
                long end = System.currentTimeMillis();

                ClusterPolls polls = ClusterPolls.read(url, PERIOD_MILLIS);
                System.out.println();
                System.out.println("polls per node before the kill: " + polls.perNode(start, killed));
                System.out.println("polls per node after the kill:  " + polls.perNode(killed, end));
                List<Long> lost = polls.missing(killed, end - PERIOD_MILLIS);
                System.out.printf("fire times after the kill that no node polled: %d%s%n", lost.size(),
                        lost.isEmpty() ? "" : " (the last " + (lost.stream().mapToLong(Long::longValue).max()
                                .orElseThrow() - killed) / 1000.0 + " s after the kill)");
                System.out.printf("longest wait from a fire time to its poll after the kill: %.1f s%n",
                        polls.latestStart(killed, end) / 1000.0);
                Map<String, Long> twice = polls.duplicates();
                System.out.println(twice.isEmpty() ? "no (host, fire time) polled twice, out of "
                        + polls.polls().size() + " polls" : "POLLED MORE THAN ONCE: " + twice);
            }
        }
    }
}
