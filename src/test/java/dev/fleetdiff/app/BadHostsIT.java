package dev.fleetdiff.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.cli.Main;
import dev.fleetdiff.testing.OpenSshFleet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sweep over healthy hosts and every kind of bad one on real OpenSSH: each bad host fails with its own reason,
 * the healthy ones complete, and the sweep stays within its time and memory bounds.
 */
class BadHostsIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Bytes the flooding host prints: a hundred times max_output. */
    private static final long FLOOD_BYTES = 100_000_000;
    /** Heap a sweep may keep after it ended: far below what the flooding host sent. */
    private static final long MAX_RETAINED_HEAP = 32L * 1024 * 1024;

    /** Runs the CLI in-process and returns its exit code and what it printed. */
    private record CliRun(int exit, String out, Duration took) {
        Map<String, String> lineByHost() {
            return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("sim") && l.contains(": "))
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), Function.identity(), (a, b) -> a));
        }
    }

    private static CliRun cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, UTF_8)) {
            System.setOut(out);
            exit = Main.execute(args);
        } finally {
            System.setOut(original);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = captured.toString(UTF_8);
        original.print(text);
        return new CliRun(exit, text, took);
    }

    /** Samples used heap every few milliseconds while a sweep runs, for the figure printed with the result. */
    private static final class HeapPeak implements AutoCloseable {
        private final Thread sampler;
        private volatile long peak;
        private volatile boolean running = true;

        HeapPeak(MemoryMXBean memory) {
            sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    LockSupport.parkNanos(5_000_000);
                }
            });
        }

        long peak() {
            return peak;
        }

        @Override
        public void close() {
            running = false;
            try {
                sampler.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long heapUsedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void everyBadHostFailsWithItsOwnReasonWhileHealthyHostsComplete(@TempDir Path dir) throws Exception {
        try (OpenSshFleet fleet = OpenSshFleet.start(dir, 7, "--command", "kernel=uname -sr",
                "--command-timeout", COMMAND_TIMEOUT.toSeconds() + "s", "--connect-timeout", CONNECT_TIMEOUT.toSeconds() + "s",
                "--max-output", "1MiB")) {
            fleet.mark("sim0004", "wrongkey");
            fleet.mark("sim0005", "down");
            fleet.mark("sim0006", "hang");
            fleet.mark("sim0007", "flood", String.valueOf(FLOOD_BYTES));
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            String yaml = fleet.hostsYaml().toString();
            assertThat(cli("check", "--config", yaml).exit()).as("hosts.yaml and rules load").isZero();
            long heapBefore = heapUsedAfterGc(memory);

            CliRun poll;
            long peak;
            try (HeapPeak heap = new HeapPeak(memory)) {
                poll = cli("poll", "--all", "--config", yaml);
                peak = heap.peak() - heapBefore;
            }

            long retained = heapUsedAfterGc(memory) - heapBefore;
            System.out.printf("BadHostsIT: sweep of 7 hosts took %d ms; heap peak +%d KiB (garbage included),"
                    + " retained after GC %d KiB%n", poll.took().toMillis(), peak / 1024, retained / 1024);
            Map<String, String> lines = poll.lineByHost();
            assertThat(poll.exit()).as("exit 3: a host failed; " + poll.out()).isEqualTo(3);
            for (String healthy : new String[] {"sim0001", "sim0002", "sim0003"}) {
                assertThat(lines.get(healthy)).as(healthy).startsWith(healthy + ": ok, 1 commands");
            }
            assertThat(lines.get("sim0004")).startsWith("sim0004: FAILED host_key_changed: ");
            assertThat(lines.get("sim0005")).startsWith("sim0005: FAILED connection_refused: ");
            assertThat(lines.get("sim0006")).startsWith("sim0006: FAILED kernel: timeout: ");
            assertThat(lines.get("sim0007")).as("cut at max_output, and what was kept is compared")
                    .startsWith("sim0007: ok, 1 commands").contains("kernel truncated");
            assertThat(poll.took()).as("bounded by command_timeout and connect_timeout")
                    .isLessThan(COMMAND_TIMEOUT.plus(CONNECT_TIMEOUT.multipliedBy(2)));
            assertThat(retained).as("heap kept after a sweep that received %d bytes", FLOOD_BYTES)
                    .isLessThan(MAX_RETAINED_HEAP);
        }
    }
}
