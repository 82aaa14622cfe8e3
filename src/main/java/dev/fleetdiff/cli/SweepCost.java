package dev.fleetdiff.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What one sweep cost this process, for scripts/bench: wall time, CPU (user + system of the whole JVM and of the
 * store's writer thread alone), garbage collection time, peak heap used, peak live threads and the resident set's
 * high-water mark, printed as one {@code key=value} line.
 */
final class SweepCost {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    /** The name of the store's one writer thread (store.jdbc.GroupCommitWriter): its CPU is what persisting costs. */
    private static final String WRITER_THREAD = "fleetdiff-store-writer";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private long startNanos;
    private long startCpuNanos;
    private long startWriterNanos;
    private long startGcMillis;

    /** Starts measuring a sweep: resets the peaks. */
    void start() {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        threads.resetPeakThreadCount();
        startCpuNanos = os.getProcessCpuTime();
        startWriterNanos = writerCpuNanos();
        startGcMillis = gcMillis();
        startNanos = System.nanoTime();
    }

    /** The line for the sweep that started at {@link #start()}. */
    String line(int sweep, int hosts) {
        long wallNanos = System.nanoTime() - startNanos;
        long cpuNanos = os.getProcessCpuTime() - startCpuNanos;
        long peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long writerNanos = writerCpuNanos() - startWriterNanos;
        return String.format(Locale.ROOT, "fleetdiff-sweep sweep=%d hosts=%d wall_ms=%d cpu_ms=%d writer_cpu_ms=%d"
                        + " gc_ms=%d peak_heap_mib=%d peak_threads=%d vm_hwm_kib=%d",
                sweep, hosts, wallNanos / 1_000_000, cpuNanos / 1_000_000, writerNanos / 1_000_000,
                gcMillis() - startGcMillis, peakHeap >> 20, threads.getPeakThreadCount(), residentHighWaterKib());
    }

    private long writerCpuNanos() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals(WRITER_THREAD)) {
                return Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return 0;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    /** VmHWM from /proc/self/status, or -1 where there is none (not Linux). */
    private static long residentHighWaterKib() {
        try {
            return Files.readAllLines(PROC_STATUS).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
