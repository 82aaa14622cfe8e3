package dev.fleetdiff.app;

import dev.fleetdiff.cli.Main;
import dev.fleetdiff.testing.FakeFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A cluster on one machine for tests: a {@link FakeFleet} of loopback hosts in its own JVM and {@code fleetdiff run}
 * nodes, each a JVM of its own with its own hosts.yaml (same inventory, its own node_name and alert log).
 */
final class ClusterNodes implements AutoCloseable {
    static final Duration START_LIMIT = Duration.ofSeconds(90);
    /**
     * Polls at once per node: each node opens concurrency + 3 scheduler connections and 5 for its store, and three
     * nodes must stay below PostgreSQL's default of 100 connections.
     */
    static final int CONCURRENCY = 20;
    /** Heap of each JVM: five of them share the test machine. */
    private static final String HEAP = "256m";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    final Path dir;
    private final Process fleet;
    private final String yaml;
    private final List<Process> processes = new ArrayList<>();

    private ClusterNodes(Path dir, Process fleet, String yaml) {
        this.dir = dir;
        this.fleet = fleet;
        this.yaml = yaml;
    }

    /** Starts the fake fleet and makes hosts.yaml of a cluster on the database at {@code url}. */
    static ClusterNodes start(Path dir, int hosts, String schedule, String splay, String url) throws Exception {
        Path fleetDir = dir.resolve("fleet");
        Path out = dir.resolve("fleet.out");
        Process fleet = java(out, FakeFleet.class.getName(), fleetDir.toString(), String.valueOf(hosts), schedule,
                splay, String.valueOf(CONCURRENCY));
        awaitLine(fleet, out, "ready:");
        String yaml = Files.readString(fleetDir.resolve("hosts.yaml"))
                .replace("  database: fleetdiff.db\n", "  database: \"" + url + "\"\n  cluster: true\n")
                .replace("  known_hosts: known_hosts\n", "  known_hosts: " + fleetDir.resolve("known_hosts") + "\n")
                // one command a poll: the fleet's SSH server shares the test machine with the nodes
                .replace("commands: [ports, users, uname]", "commands: [ports]");
        return new ClusterNodes(dir, fleet, yaml);
    }

    /** hosts.yaml of a node, with {@code change} applied to the shared text. */
    Path config(String node, java.util.function.UnaryOperator<String> change) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(node));
        Path config = nodeDir.resolve("hosts.yaml");
        Files.writeString(config, change.apply(yaml).replace("  cluster: true\n", "  cluster: true\n  node_name: "
                + node + "\n"), StandardCharsets.UTF_8);
        return config;
    }

    /** Starts {@code fleetdiff run} as a node; its output goes to NODE.out. */
    Process node(String node, Path config) throws IOException {
        Process process = java(output(node), Main.class.getName(), "run", "--config", config.toString());
        processes.add(process);
        return process;
    }

    Path output(String node) {
        return dir.resolve(node + ".out");
    }

    /** Starts these nodes, all with the shared hosts.yaml, and waits until each has scheduled its hosts. */
    Map<String, Process> nodes(List<String> names) throws Exception {
        Map<String, Process> nodes = new TreeMap<>();
        for (String name : names) {
            nodes.put(name, node(name, config(name, yaml -> yaml)));
        }
        for (var node : nodes.entrySet()) {
            awaitRunning(node.getKey(), node.getValue());
        }
        return nodes;
    }

    /** Waits until the node says its hosts are scheduled. */
    void awaitRunning(String node, Process process) throws Exception {
        awaitLine(process, output(node), "hosts scheduled");
    }

    private static Process java(Path out, String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx" + HEAP, "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static void awaitLine(Process process, Path out, String text) throws Exception {
        long end = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(out) && Files.readString(out).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + " before \"" + text + "\":\n"
                        + Files.readString(out));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no \"" + text + "\" within " + START_LIMIT + ":\n" + Files.readString(out));
    }

    /** Stops every node with SIGTERM (a killed one is gone already), then the fleet; an interrupt kills the rest. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        try {
            for (Process process : processes) {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            fleet.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            processes.forEach(Process::destroyForcibly);
            fleet.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
